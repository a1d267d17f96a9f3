#include "qbt/indicators/momentum/williams_ad.hpp"

#include <array>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

void williams_ad(std::span<const double> high, std::span<const double> low,
                 std::span<const double> close, std::span<double> out) {
  const std::size_t n = close.size();
  QBT_CHECK(high.size() == n && low.size() == n && out.size() == n);
  WilliamsAd state;
  const std::array<std::span<const double>, 3> inputs{high, low, close};
  const std::array<std::span<double>, 1> outputs{out};
  run_streaming(state, inputs, outputs);
}

void register_williams_ad(IndicatorRegistry& registry) {
  registry.add({
      .name = "WilliamsAD",
      .aliases = {},
      .doc = "Williams accumulation/distribution: running sum of close minus true low/high.",
      .reference = "backtrader WilliamsAD (backtrader/indicators/williams.py)",
      .inputs = {Field::high, Field::low, Field::close},
      .outputs = {"ad"},
      .params = {},
      .lookback = [](const ParamValues& /*p*/) { return williams_ad_lookback(); },
      .batch = [](const ParamValues& /*p*/, BatchInputs in,
                  BatchOutputs out) { williams_ad(in[0], in[1], in[2], out[0]); },
      .make_stream = [](const ParamValues& /*p*/) { return make_stream(WilliamsAd()); },
  });
}

}  // namespace qbt::indicators
