#include "qbt/indicators/momentum/macd.hpp"

#include <array>

#include <fmt/format.h>

#include "qbt/core/check.hpp"
#include "qbt/core/error.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_macd_name = "MACD";
constexpr const char* k_histo_name = "MACDHisto";

/// Check the three periods under `indicator`'s name, with the registry's wording; returns
/// period_me1 for member initialisers.
std::int32_t checked(const char* indicator, std::int32_t period_me1, std::int32_t period_me2,
                     std::int32_t period_signal) {
  check_period(indicator, period_me1, "period_me1");
  check_period(indicator, period_me2, "period_me2");
  check_period(indicator, period_signal, "period_signal");
  if (!(period_me1 < period_me2)) {
    throw UserInputError(
        fmt::format("{}: parameter 'period_me1' must be < 'period_me2' ({}), got {}", indicator,
                    period_me2, period_me1));
  }
  return period_me1;
}

Macd make_macd(const char* indicator, std::int32_t period_me1, std::int32_t period_me2,
               std::int32_t period_signal) {
  checked(indicator, period_me1, period_me2, period_signal);
  return Macd(period_me1, period_me2, period_signal);
}

void register_macd_indicator(IndicatorRegistry& registry) {
  registry.add({
      .name = k_macd_name,
      .aliases = {},
      .doc = "MACD: fast EMA minus slow EMA, and its EMA as the signal line.",
      .reference = "backtrader MACD (backtrader/indicators/macd.py)",
      .inputs = {Field::close},
      .outputs = {"macd", "signal"},
      .params = {period_param(12, "fast EMA", "period_me1"),
                 period_param(26, "slow EMA", "period_me2"),
                 period_param(9, "EMA of macd (gives signal)", "period_signal")},
      .lookback =
          [](const ParamValues& p) {
            return macd_lookback(p.integer("period_me2"), p.integer("period_signal"));
          },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            macd(in[0], p.integer("period_me1"), p.integer("period_me2"),
                 p.integer("period_signal"), out[0], out[1]);
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(
                Macd(p.integer("period_me1"), p.integer("period_me2"), p.integer("period_signal")));
          },
      .validate = [](const ParamValues& p) { require_less(p, "period_me1", "period_me2"); },
  });
}

void register_macd_histo(IndicatorRegistry& registry) {
  registry.add({
      .name = k_histo_name,
      .aliases = {"MACDHistogram"},
      .doc = "MACD with the histogram line macd - signal.",
      .reference = "backtrader MACDHisto (backtrader/indicators/macd.py)",
      .inputs = {Field::close},
      .outputs = {"macd", "signal", "histo"},
      .params = {period_param(12, "fast EMA", "period_me1"),
                 period_param(26, "slow EMA", "period_me2"),
                 period_param(9, "EMA of macd (gives signal)", "period_signal")},
      .lookback =
          [](const ParamValues& p) {
            return macd_lookback(p.integer("period_me2"), p.integer("period_signal"));
          },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            macd_histo(in[0], p.integer("period_me1"), p.integer("period_me2"),
                       p.integer("period_signal"), out[0], out[1], out[2]);
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(MacdHisto(p.integer("period_me1"), p.integer("period_me2"),
                                         p.integer("period_signal")));
          },
      .validate = [](const ParamValues& p) { require_less(p, "period_me1", "period_me2"); },
  });
}

}  // namespace

Macd::Macd(std::int32_t period_me1, std::int32_t period_me2, std::int32_t period_signal)
    : fast_(detail::ExpSmoothing::ema(checked(k_macd_name, period_me1, period_me2, period_signal))),
      slow_(detail::ExpSmoothing::ema(period_me2)),
      signal_(detail::ExpSmoothing::ema(period_signal)) {}

MacdHisto::MacdHisto(std::int32_t period_me1, std::int32_t period_me2, std::int32_t period_signal)
    : macd_(make_macd(k_histo_name, period_me1, period_me2, period_signal)) {}

// The batch forms run the streaming state: its three EMA recursions are independent chains that
// the CPU overlaps, which beats three separate passes over the data.
void macd(std::span<const double> in, std::int32_t period_me1, std::int32_t period_me2,
          std::int32_t period_signal, std::span<double> macd, std::span<double> signal) {
  Macd state(period_me1, period_me2, period_signal);
  QBT_CHECK(macd.size() == in.size() && signal.size() == in.size());
  const std::array<std::span<const double>, 1> inputs{in};
  const std::array<std::span<double>, 2> outputs{macd, signal};
  run_streaming(state, inputs, outputs);
}

void macd_histo(std::span<const double> in, std::int32_t period_me1, std::int32_t period_me2,
                std::int32_t period_signal, std::span<double> macd, std::span<double> signal,
                std::span<double> histo) {
  MacdHisto state(period_me1, period_me2, period_signal);
  QBT_CHECK(macd.size() == in.size() && signal.size() == in.size() && histo.size() == in.size());
  const std::array<std::span<const double>, 1> inputs{in};
  const std::array<std::span<double>, 3> outputs{macd, signal, histo};
  run_streaming(state, inputs, outputs);
}

void register_macd(IndicatorRegistry& registry) {
  register_macd_indicator(registry);
  register_macd_histo(registry);
}

}  // namespace qbt::indicators
