#include "qbt/indicators/momentum/rmi.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_name = "RMI";

/// Check the periods under RMI's own name before the RSI inside checks them as "RSI".
std::int32_t checked_period(std::int32_t period, std::int32_t lookback) {
  check_period(k_name, period);
  check_period(k_name, lookback, "lookback");
  return period;
}

RsiSafeDivision safe_division(const ParamValues& p) {
  return {p.boolean("safediv"), p.real("safehigh"), p.real("safelow")};
}

}  // namespace

Rmi::Rmi(std::int32_t period, std::int32_t lookback, RsiSafeDivision safe)
    : rsi_(checked_period(period, lookback), lookback, RsiAverage::smoothed, safe) {}

void rmi(std::span<const double> in, std::int32_t period, std::int32_t lookback,
         std::span<double> out, RsiSafeDivision safe) {
  checked_period(period, lookback);
  rsi(in, period, out, lookback, RsiAverage::smoothed, safe);
}

void register_rmi(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"RelativeMomentumIndex"},
      .doc = "RSI of moves over `lookback` bars (Altman's relative momentum index).",
      .reference = "backtrader RelativeMomentumIndex (backtrader/indicators/rmi.py)",
      .inputs = {Field::close},
      .outputs = {"rsi"},
      .params = {period_param(20, "bars averaged with Wilder's smoothing"),
                 bool_param("safediv", false, "replace x/0 by safehigh and 0/0 by safelow"),
                 real_param("safehigh", 100.0, 0.0, 100.0, "RMI when the down average is 0"),
                 real_param("safelow", 50.0, 0.0, 100.0, "RMI when both averages are 0"),
                 period_param(5, "bars between the two closes of each move", "lookback")},
      .lookback =
          [](const ParamValues& p) {
            return rmi_lookback(p.integer("period"), p.integer("lookback"));
          },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            rmi(in[0], p.integer("period"), p.integer("lookback"), out[0], safe_division(p));
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(Rmi(p.integer("period"), p.integer("lookback"), safe_division(p)));
          },
  });
}

}  // namespace qbt::indicators
