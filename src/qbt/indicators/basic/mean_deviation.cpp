#include "qbt/indicators/basic/mean_deviation.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "MeanDeviation";
}  // namespace

MeanDeviation::MeanDeviation(std::int32_t period)
    : mean_(check_period(k_name, period)), deviation_(period) {}

void mean_deviation(std::span<const double> in, std::int32_t period, std::span<double> out) {
  check_period(k_name, period);
  QBT_CHECK_OP(in.size(), ==, out.size());
  MeanDeviation state(period);
  for (std::size_t i = 0; i < in.size(); ++i) {
    out[i] = state.update(in[i]);
  }
}

void register_mean_deviation(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"MeanDev"},
      .doc = "Mean absolute deviation of each value from its own window's SMA, averaged.",
      .reference = "backtrader MeanDeviation (backtrader/indicators/deviation.py)",
      .inputs = {Field::close},
      .outputs = {"meandev"},
      .params = {period_param(20)},
      .lookback = [](const ParamValues& p) { return mean_deviation_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { mean_deviation(in[0], p.integer("period"), out[0]); },
      .make_stream =
          [](const ParamValues& p) { return make_stream(MeanDeviation(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
