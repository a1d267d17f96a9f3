#include "qbt/indicators/basic/log_return.hpp"

#include <algorithm>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "LogReturn";
}  // namespace

LogReturn::LogReturn(std::int32_t period) : ring_(check_period(k_name, period)) {}

void log_return(std::span<const double> in, std::int32_t period, std::span<double> out) {
  check_period(k_name, period);
  QBT_CHECK_OP(in.size(), ==, out.size());
  const auto p = static_cast<std::size_t>(period);
  const std::size_t filling = std::min(in.size(), p);
  std::fill_n(out.begin(), filling, k_nan);
  for (std::size_t i = filling; i < in.size(); ++i) {
    out[i] = std::log(in[i] / in[i - p]);
  }
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
