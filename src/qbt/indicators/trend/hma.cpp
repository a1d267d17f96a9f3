#include "qbt/indicators/trend/hma.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_name = "HMA";
constexpr std::int32_t k_min_period = 2;

std::int32_t check_hma_period(std::int32_t period) {
  check_param_range(k_name, "period", period, k_min_period, k_max_period);
  return period;
}

}  // namespace

Hma::Hma(std::int32_t period)
    : half_(check_hma_period(period) / 2), full_(period), outer_(hma_sqrt_period(period)) {}

std::vector<ParamSpec> hma_params() {
  return {period_param(30, "number of bars in the window", "period", k_min_period)};
}

void hma(std::span<const double> in, std::int32_t period, std::span<double> out) {
  check_hma_period(period);
  QBT_CHECK_OP(in.size(), ==, out.size());
  Hma state(period);
  for (std::size_t i = 0; i < in.size(); ++i) {
    out[i] = state.update(in[i]);
  }
}

void register_hma(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"HullMovingAverage", "HullMA"},
      .doc = "Hull moving average: WMA of 2*WMA(period/2) - WMA(period) over sqrt(period).",
      .reference = "backtrader HullMovingAverage (backtrader/indicators/hma.py)",
      .inputs = {Field::close},
      .outputs = {"hma"},
      .params = hma_params(),
      .lookback = [](const ParamValues& p) { return hma_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { hma(in[0], p.integer("period"), out[0]); },
      .make_stream = [](const ParamValues& p) { return make_stream(Hma(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
