#include "qbt/indicators/trend/zlema.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "ZLEMA";
}  // namespace

Zlema::Zlema(std::int32_t period)
    : ring_(std::max(zlema_lag(check_period(k_name, period)), 1)),
      lag_(zlema_lag(period)),
      smoothing_(detail::ExpSmoothing::ema(period)) {}

void zlema(std::span<const double> in, std::int32_t period, std::span<double> out) {
  check_period(k_name, period);
  QBT_CHECK_OP(in.size(), ==, out.size());
  // The momentum-adjusted series goes into `out`, then the EMA runs over it in place.
  const auto lag = static_cast<std::size_t>(zlema_lag(period));
  const std::size_t filling = std::min(in.size(), lag);
  for (std::size_t i = 0; i < filling; ++i) {
    out[i] = k_nan;
  }
  for (std::size_t i = filling; i < in.size(); ++i) {
    out[i] = 2.0 * in[i] - in[i - lag];
  }
  auto smoothing = detail::ExpSmoothing::ema(period);
  detail::smooth(smoothing, out, out);
}

void register_zlema(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"ZeroLagExponentialMovingAverage", "ZeroLagEma"},
      .doc = "Zero-lag EMA: the EMA of 2*x - x[-(period-1)/2].",
      .reference = "backtrader ZeroLagExponentialMovingAverage (backtrader/indicators/zlema.py)",
      .inputs = {Field::close},
      .outputs = {"zlema"},
      .params = {period_param(30)},
      .lookback = [](const ParamValues& p) { return zlema_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { zlema(in[0], p.integer("period"), out[0]); },
      .make_stream = [](const ParamValues& p) { return make_stream(Zlema(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
