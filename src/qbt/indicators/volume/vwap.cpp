#include "qbt/indicators/volume/vwap.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "VWAP";

std::int32_t checked_period(std::int32_t period) {
  check_param_range(k_name, "period", period, 0, k_max_period);
  return period;
}
}  // namespace

// A cumulative VWAP still builds (unused) one-slot windows, so that update() needs no pointer.
Vwap::Vwap(std::int32_t period)
    : weighted_window_(checked_period(period) > 0 ? period : 1),
      volume_window_(period > 0 ? period : 1),
      rolling_(period > 0) {}

void vwap(std::span<const double> high, std::span<const double> low, std::span<const double> close,
          std::span<const double> volume, std::int32_t period, std::span<double> out) {
  const std::size_t n = close.size();
  QBT_CHECK(high.size() == n && low.size() == n && volume.size() == n && out.size() == n);
  Vwap state(period);
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = state.update(high[i], low[i], close[i], volume[i]);
  }
}

void register_vwap(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"VolumeWeightedAveragePrice"},
      .doc = "Volume-weighted average of the typical price, cumulative or over `period` bars.",
      .reference = "common definition sum(typical * volume) / sum(volume); no backtrader or TA-Lib VWAP",
      .inputs = {Field::high, Field::low, Field::close, Field::volume},
      .outputs = {"vwap"},
      .params = {period_param(0, "bars in the window; 0 = cumulative from the first bar", "period",
                              0)},
      .lookback = [](const ParamValues& p) { return vwap_lookback(p.integer("period")); },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            vwap(in[0], in[1], in[2], in[3], p.integer("period"), out[0]);
          },
      .make_stream = [](const ParamValues& p) { return make_stream(Vwap(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
