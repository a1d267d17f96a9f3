#include "qbt/indicators/trend/smma.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "SMMA";
}  // namespace

Smma::Smma(std::int32_t period)
    : smoothing_(detail::ExpSmoothing::wilder(check_period(k_name, period))) {}

void smma(std::span<const double> in, std::int32_t period, std::span<double> out) {
  check_period(k_name, period);
  QBT_CHECK_OP(in.size(), ==, out.size());
  auto state = detail::ExpSmoothing::wilder(period);
  detail::smooth(state, in, out);
}

void register_smma(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"SmoothedMovingAverage", "WilderMA", "MovingAverageSmoothed",
                  "MovingAverageWilder", "ModifiedMovingAverage"},
      .doc = "Wilder's smoothed moving average, alpha = 1/period, seeded with the SMA.",
      .reference = "backtrader SmoothedMovingAverage (backtrader/indicators/smma.py)",
      .inputs = {Field::close},
      .outputs = {"smma"},
      .params = {period_param(30)},
      .lookback = [](const ParamValues& p) { return smma_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { smma(in[0], p.integer("period"), out[0]); },
      .make_stream = [](const ParamValues& p) { return make_stream(Smma(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
