#include "qbt/indicators/momentum/price_oscillator.hpp"

#include <array>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_name = "PriceOscillator";

std::int32_t checked(std::int32_t period1, std::int32_t period2) {
  check_period(k_name, period1, "period1");
  check_period(k_name, period2, "period2");
  return period1;
}

}  // namespace

PriceOscillator::PriceOscillator(std::int32_t period1, std::int32_t period2)
    : ema1_(detail::ExpSmoothing::ema(checked(period1, period2))),
      ema2_(detail::ExpSmoothing::ema(period2)) {}

void price_oscillator(std::span<const double> in, std::int32_t period1, std::int32_t period2,
                      std::span<double> out) {
  // The state's two EMA recursions overlap in the CPU: faster than two passes.
  PriceOscillator state(period1, period2);
  QBT_CHECK_OP(in.size(), ==, out.size());
  const std::array<std::span<const double>, 1> inputs{in};
  const std::array<std::span<double>, 1> outputs{out};
  run_streaming(state, inputs, outputs);
}

void register_price_oscillator(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"PriceOsc", "AbsolutePriceOscillator", "APO", "AbsPriceOsc"},
      .doc = "Absolute price oscillator: short EMA minus long EMA, in price units.",
      .reference = "backtrader PriceOscillator (backtrader/indicators/priceoscillator.py)",
      .inputs = {Field::close},
      .outputs = {"po"},
      .params = {period_param(12, "first (short) EMA", "period1"),
                 period_param(26, "second (long) EMA", "period2")},
      .lookback =
          [](const ParamValues& p) {
            return price_oscillator_lookback(p.integer("period1"), p.integer("period2"));
          },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            price_oscillator(in[0], p.integer("period1"), p.integer("period2"), out[0]);
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(PriceOscillator(p.integer("period1"), p.integer("period2")));
          },
  });
}

}  // namespace qbt::indicators
