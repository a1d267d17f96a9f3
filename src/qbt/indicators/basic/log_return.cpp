#include "qbt/indicators/basic/log_return.hpp"

#include "qbt/indicators/detail/lag_transform.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "LogReturn";
}  // namespace

LogReturn::LogReturn(std::int32_t period) : ring_(check_period(k_name, period)) {}

void log_return(std::span<const double> in, std::int32_t period, std::span<double> out) {
  detail::lag_transform(k_name, in, period, out,
                        [](double now, double then) { return std::log(now / then); });
}

void register_log_return(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {},
      .doc = "Logarithmic return over `period` bars: ln(x / x[-period]).",
      .reference = "no backtrader indicator: ln of TA-Lib ROCR (x / x[-period])",
      .inputs = {Field::close},
      .outputs = {"logreturn"},
      .params = {period_param(1)},
      .lookback = [](const ParamValues& p) { return log_return_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { log_return(in[0], p.integer("period"), out[0]); },
      .make_stream =
          [](const ParamValues& p) { return make_stream(LogReturn(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
