#include "qbt/indicators/basic/up_move.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

void up_move(std::span<const double> in, std::span<double> out) {
  QBT_CHECK_OP(in.size(), ==, out.size());
  if (in.empty()) {
    return;
  }
  out[0] = k_nan;
  for (std::size_t i = 1; i < in.size(); ++i) {
    out[i] = in[i] - in[i - 1];
  }
}

void register_up_move(IndicatorRegistry& registry) {
  registry.add({
      .name = "UpMove",
      .aliases = {},
      .doc = "Rise since the previous bar: x - x[-1].",
      .reference = "backtrader UpMove (backtrader/indicators/directionalmove.py)",
      .inputs = {Field::close},
      .outputs = {"upmove"},
      .params = {},
      .lookback = [](const ParamValues& /*p*/) { return up_move_lookback(); },
      .batch = [](const ParamValues& /*p*/, BatchInputs in,
                  BatchOutputs out) { up_move(in[0], out[0]); },
      .make_stream = [](const ParamValues& /*p*/) { return make_stream(UpMove()); },
  });
}

}  // namespace qbt::indicators
