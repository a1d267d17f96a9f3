#include "qbt/indicators/momentum/rsi.hpp"

#include <array>
#include <limits>
#include <string>
#include <vector>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_name = "RSI";

/// The rs that backtrader's RSI._rscalc derives from a fallback RSI value: the rs for which
/// 100 - 100 / (1 + rs) == rsi; Python raises ZeroDivisionError at rsi = 100 and backtrader
/// answers +inf.
double rs_for(double rsi) noexcept {
  const double denominator = rsi - 100.0;
  if (denominator == 0.0) {
    return std::numeric_limits<double>::infinity();
  }
  return -100.0 / denominator - 1.0;
}

/// Check period and lookback (in the registry's order); returns lookback for the ring.
std::int32_t checked_lookback(std::int32_t period, std::int32_t lookback) {
  check_period(k_name, period);
  return check_period(k_name, lookback, "lookback");
}

}  // namespace

Rsi::Rsi(std::int32_t period, std::int32_t lookback, RsiAverage average, RsiSafeDivision safe)
    : ring_(checked_lookback(period, lookback)),
      average_(average),
      safe_(safe.enabled),
      high_rs_(rs_for(safe.high)),
      low_rs_(rs_for(safe.low)),
      divisor_(static_cast<double>(period)),
      up_smoothing_(average == RsiAverage::exponential ? detail::ExpSmoothing::ema(period)
                                                       : detail::ExpSmoothing::wilder(period)),
      down_smoothing_(up_smoothing_),
      up_sum_(average == RsiAverage::simple ? period : 1),
      down_sum_(average == RsiAverage::simple ? period : 1) {
  check_param_range(k_name, "safehigh", safe.high, -std::numeric_limits<double>::max(),
                    std::numeric_limits<double>::max());
  check_param_range(k_name, "safelow", safe.low, -std::numeric_limits<double>::max(),
                    std::numeric_limits<double>::max());
}

void rsi(std::span<const double> in, std::int32_t period, std::span<double> out,
         std::int32_t lookback, RsiAverage average, RsiSafeDivision safe) {
  Rsi state(period, lookback, average, safe);
  QBT_CHECK_OP(in.size(), ==, out.size());
  const std::array<std::span<const double>, 1> inputs{in};
  const std::array<std::span<double>, 1> outputs{out};
  run_streaming(state, inputs, outputs);
}

namespace {

RsiSafeDivision safe_division(const ParamValues& p) {
  return {p.boolean("safediv"), p.real("safehigh"), p.real("safelow")};
}

std::vector<ParamSpec> rsi_params(std::int32_t period, bool safediv) {
  return {
      period_param(period, "bars averaged (Wilder's smoothing unless the name says otherwise)"),
      bool_param("safediv", safediv, "replace x/0 by safehigh and 0/0 by safelow"),
      real_param("safehigh", 100.0, 0.0, 100.0, "RSI when the down average is 0 (safediv)"),
      real_param("safelow", 50.0, 0.0, 100.0, "RSI when both averages are 0 (safediv)"),
      period_param(1, "bars between the two closes of each move", "lookback"),
  };
}

template <RsiAverage Average>
void add_rsi(IndicatorRegistry& registry, const char* name, const std::vector<std::string>& aliases,
             const char* doc, const char* reference, bool safediv) {
  registry.add({
      .name = name,
      .aliases = aliases,
      .doc = doc,
      .reference = reference,
      .inputs = {Field::close},
      .outputs = {"rsi"},
      .params = rsi_params(14, safediv),
      .lookback =
          [](const ParamValues& p) {
            return rsi_lookback(p.integer("period"), p.integer("lookback"));
          },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            rsi(in[0], p.integer("period"), out[0], p.integer("lookback"), Average,
                safe_division(p));
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(
                Rsi(p.integer("period"), p.integer("lookback"), Average, safe_division(p)));
          },
  });
}

}  // namespace

void register_rsi(IndicatorRegistry& registry) {
  add_rsi<RsiAverage::smoothed>(
      registry, k_name, {"RelativeStrengthIndex", "RSI_SMMA", "RSI_Wilder"},
      "Wilder's relative strength index: 100 - 100/(1 + SMMA(up)/SMMA(down)).",
      "backtrader RelativeStrengthIndex (backtrader/indicators/rsi.py)", false);
  add_rsi<RsiAverage::smoothed>(registry, "RSI_Safe", {},
                                "RSI with safe division on by default (x/0 -> 100, 0/0 -> 50).",
                                "backtrader RSI_Safe (backtrader/indicators/rsi.py)", true);
  add_rsi<RsiAverage::simple>(registry, "RSI_SMA", {"RSI_Cutler"},
                              "RSI over simple moving averages of the moves (Cutler's RSI).",
                              "backtrader RSI_SMA (backtrader/indicators/rsi.py)", false);
  add_rsi<RsiAverage::exponential>(registry, "RSI_EMA", {},
                                   "RSI over exponential moving averages of the moves.",
                                   "backtrader RSI_EMA (backtrader/indicators/rsi.py)", false);
}

}  // namespace qbt::indicators
