#include "qbt/indicators/volatility/true_range.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

void true_range(std::span<const double> high, std::span<const double> low,
                std::span<const double> close, std::span<double> out) {
  const std::size_t n = close.size();
  QBT_CHECK(high.size() == n && low.size() == n && out.size() == n);
  if (n == 0) {
    return;
  }
  out[0] = true_range_of(high[0], low[0], k_nan);
  for (std::size_t i = 1; i < n; ++i) {
    out[i] = true_range_of(high[i], low[i], close[i - 1]);
  }
}

void register_true_range(IndicatorRegistry& registry) {
  registry.add({
      .name = "TR",
      .aliases = {"TrueRange"},
      .doc = "True range: max(high, prev close) - min(low, prev close).",
      .reference = "backtrader TrueRange (backtrader/indicators/atr.py)",
      .inputs = {Field::high, Field::low, Field::close},
      .outputs = {"tr"},
      .params = {},
      .lookback = [](const ParamValues& /*p*/) { return true_range_lookback(); },
      .batch = [](const ParamValues& /*p*/, BatchInputs in,
                  BatchOutputs out) { true_range(in[0], in[1], in[2], out[0]); },
      .make_stream = [](const ParamValues& /*p*/) { return make_stream(TrueRange()); },
  });
}

}  // namespace qbt::indicators
