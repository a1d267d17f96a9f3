#include "qbt/indicators/basic/down_move.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

void down_move(std::span<const double> in, std::span<double> out) {
  QBT_CHECK_OP(in.size(), ==, out.size());
  if (in.empty()) {
    return;
  }
  out[0] = k_nan;
  for (std::size_t i = 1; i < in.size(); ++i) {
    out[i] = in[i - 1] - in[i];
  }
}

void register_down_move(IndicatorRegistry& registry) {
  registry.add({
      .name = "DownMove",
      .aliases = {},
      .doc = "Fall since the previous bar: x[-1] - x.",
      .reference = "backtrader DownMove (backtrader/indicators/directionalmove.py)",
      .inputs = {Field::close},
      .outputs = {"downmove"},
      .params = {},
      .lookback = [](const ParamValues& /*p*/) { return down_move_lookback(); },
      .batch = [](const ParamValues& /*p*/, BatchInputs in,
                  BatchOutputs out) { down_move(in[0], out[0]); },
      .make_stream = [](const ParamValues& /*p*/) { return make_stream(DownMove()); },
  });
}

}  // namespace qbt::indicators
