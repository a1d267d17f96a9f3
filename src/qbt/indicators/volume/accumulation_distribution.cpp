#include "qbt/indicators/volume/accumulation_distribution.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

void accumulation_distribution(std::span<const double> high, std::span<const double> low,
                               std::span<const double> close, std::span<const double> volume,
                               std::span<double> out) {
  const std::size_t n = close.size();
  QBT_CHECK(high.size() == n && low.size() == n && volume.size() == n && out.size() == n);
  AccumulationDistribution state;
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = state.update(high[i], low[i], close[i], volume[i]);
  }
}

void register_accumulation_distribution(IndicatorRegistry& registry) {
  registry.add({
      .name = "AccumulationDistribution",
      .aliases = {"AD"},
      .doc = "Chaikin A/D line: running total of volume weighted by the close's place in the range.",
      .reference = "TA-Lib AD (ta_AD.c); backtrader has no A/D line",
      .inputs = {Field::high, Field::low, Field::close, Field::volume},
      .outputs = {"ad"},
      .params = {},
      .lookback = [](const ParamValues& /*p*/) { return accumulation_distribution_lookback(); },
      .batch =
          [](const ParamValues& /*p*/, BatchInputs in, BatchOutputs out) {
            accumulation_distribution(in[0], in[1], in[2], in[3], out[0]);
          },
      .make_stream = [](const ParamValues& /*p*/) { return make_stream(AccumulationDistribution()); },
  });
}

}  // namespace qbt::indicators
