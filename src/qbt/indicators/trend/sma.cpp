#include "qbt/indicators/trend/sma.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "SMA";
}  // namespace

Sma::Sma(std::int32_t period)
    : sum_(check_period(k_name, period)), divisor_(static_cast<double>(period)) {}

void sma(std::span<const double> in, std::int32_t period, std::span<double> out) {
  check_period(k_name, period);
  QBT_CHECK_OP(in.size(), ==, out.size());
  const auto divisor = static_cast<double>(period);
  detail::slide_window(in, period, [out, divisor](std::size_t i, const detail::WindowSum& window) {
    out[i] = window.value() / divisor;
  });
}

void register_sma(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"SimpleMovingAverage", "MovingAverageSimple"},
      .doc = "Arithmetic mean of the last `period` values.",
      .reference = "backtrader MovingAverageSimple (backtrader/indicators/sma.py)",
      .inputs = {Field::close},
      .outputs = {"sma"},
      .params = {period_param(30)},
      .lookback = [](const ParamValues& p) { return sma_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { sma(in[0], p.integer("period"), out[0]); },
      .make_stream = [](const ParamValues& p) { return make_stream(Sma(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
