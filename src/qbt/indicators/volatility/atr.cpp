#include "qbt/indicators/volatility/atr.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "ATR";
}  // namespace

Atr::Atr(std::int32_t period)
    : smoothing_(detail::ExpSmoothing::wilder(check_period(k_name, period))) {}

void atr(std::span<const double> high, std::span<const double> low,
         std::span<const double> close, std::int32_t period, std::span<double> out) {
  check_period(k_name, period);
  true_range(high, low, close, out);
  auto smoothing = detail::ExpSmoothing::wilder(period);
  detail::smooth(smoothing, out, out);  // in place: each value is read before it is overwritten
}

void register_atr(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"AverageTrueRange"},
      .doc = "Average true range: Wilder's smoothing of the true range.",
      .reference = "backtrader AverageTrueRange (backtrader/indicators/atr.py)",
      .inputs = {Field::high, Field::low, Field::close},
      .outputs = {"atr"},
      .params = {period_param(14)},
      .lookback = [](const ParamValues& p) { return atr_lookback(p.integer("period")); },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            atr(in[0], in[1], in[2], p.integer("period"), out[0]);
          },
      .make_stream = [](const ParamValues& p) { return make_stream(Atr(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
