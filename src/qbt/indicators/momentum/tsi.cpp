#include "qbt/indicators/momentum/tsi.hpp"

#include <array>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_name = "TSI";

std::int32_t checked(std::int32_t period1, std::int32_t period2, std::int32_t pchange) {
  check_period(k_name, period1, "period1");
  check_period(k_name, period2, "period2");
  check_period(k_name, pchange, "pchange");
  return pchange;
}

}  // namespace

Tsi::Tsi(std::int32_t period1, std::int32_t period2, std::int32_t pchange)
    : ring_(checked(period1, period2, pchange)),
      momentum1_(detail::ExpSmoothing::ema(period1)),
      momentum2_(detail::ExpSmoothing::ema(period2)),
      magnitude1_(detail::ExpSmoothing::ema(period1)),
      magnitude2_(detail::ExpSmoothing::ema(period2)) {}

void tsi(std::span<const double> in, std::int32_t period1, std::int32_t period2,
         std::span<double> out, std::int32_t pchange) {
  Tsi state(period1, period2, pchange);
  QBT_CHECK_OP(in.size(), ==, out.size());
  const std::array<std::span<const double>, 1> inputs{in};
  const std::array<std::span<double>, 1> outputs{out};
  run_streaming(state, inputs, outputs);
}

void register_tsi(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"TrueStrengthIndicator"},
      .doc = "True strength index: double-smoothed momentum over its double-smoothed magnitude.",
      .reference = "backtrader TrueStrengthIndicator (backtrader/indicators/tsi.py)",
      .inputs = {Field::close},
      .outputs = {"tsi"},
      .params = {period_param(25, "first EMA smoothing", "period1"),
                 period_param(13, "second EMA smoothing", "period2"),
                 period_param(1, "bars of the price change", "pchange")},
      .lookback =
          [](const ParamValues& p) {
            return tsi_lookback(p.integer("period1"), p.integer("period2"), p.integer("pchange"));
          },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            tsi(in[0], p.integer("period1"), p.integer("period2"), out[0], p.integer("pchange"));
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(
                Tsi(p.integer("period1"), p.integer("period2"), p.integer("pchange")));
          },
  });
}

}  // namespace qbt::indicators
