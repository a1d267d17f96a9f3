#include "qbt/indicators/momentum/ppo.hpp"

#include <array>
#include <string>
#include <vector>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

const char* name_of(PpoDenominator denominator) noexcept {
  return denominator == PpoDenominator::short_average ? "PPOShort" : "PPO";
}

std::int32_t checked(PpoDenominator denominator, std::int32_t period1, std::int32_t period2,
                     std::int32_t period_signal) {
  const char* name = name_of(denominator);
  check_period(name, period1, "period1");
  check_period(name, period2, "period2");
  check_period(name, period_signal, "period_signal");
  return period1;
}

template <PpoDenominator Denominator>
void add_ppo(IndicatorRegistry& registry, const std::vector<std::string>& aliases, const char* doc,
             const char* reference) {
  registry.add({
      .name = name_of(Denominator),
      .aliases = aliases,
      .doc = doc,
      .reference = reference,
      .inputs = {Field::close},
      .outputs = {"ppo", "signal", "histo"},
      .params = {period_param(12, "first (short) EMA", "period1"),
                 period_param(26, "second (long) EMA", "period2"),
                 period_param(9, "EMA of ppo (gives signal)", "period_signal")},
      .lookback =
          [](const ParamValues& p) {
            return ppo_lookback(p.integer("period1"), p.integer("period2"),
                                p.integer("period_signal"));
          },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            ppo(in[0], p.integer("period1"), p.integer("period2"), p.integer("period_signal"),
                out[0], out[1], out[2], Denominator);
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(Ppo(p.integer("period1"), p.integer("period2"),
                                   p.integer("period_signal"), Denominator));
          },
  });
}

}  // namespace

Ppo::Ppo(std::int32_t period1, std::int32_t period2, std::int32_t period_signal,
         PpoDenominator denominator)
    : ema1_(detail::ExpSmoothing::ema(checked(denominator, period1, period2, period_signal))),
      ema2_(detail::ExpSmoothing::ema(period2)),
      signal_(detail::ExpSmoothing::ema(period_signal)),
      short_(denominator == PpoDenominator::short_average) {}

void ppo(std::span<const double> in, std::int32_t period1, std::int32_t period2,
         std::int32_t period_signal, std::span<double> ppo, std::span<double> signal,
         std::span<double> histo, PpoDenominator denominator) {
  Ppo state(period1, period2, period_signal, denominator);
  const std::size_t n = in.size();
  QBT_CHECK(ppo.size() == n && signal.size() == n && histo.size() == n);
  const std::array<std::span<const double>, 1> inputs{in};
  const std::array<std::span<double>, 3> outputs{ppo, signal, histo};
  run_streaming(state, inputs, outputs);
}

void register_ppo(IndicatorRegistry& registry) {
  add_ppo<PpoDenominator::long_average>(
      registry, {"PercentagePriceOscillator", "PercPriceOsc"},
      "Percentage price oscillator: 100 (short EMA - long EMA) / long EMA, signal and histogram.",
      "backtrader PercentagePriceOscillator (backtrader/indicators/priceoscillator.py)");
  add_ppo<PpoDenominator::short_average>(
      registry, {"PercentagePriceOscillatorShort", "PercPriceOscShort"},
      "PPO divided by the short EMA (MetaStock's form), signal and histogram.",
      "backtrader PercentagePriceOscillatorShort (backtrader/indicators/priceoscillator.py)");
}

}  // namespace qbt::indicators
