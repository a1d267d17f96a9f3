#include "qbt/indicators/momentum/stochastic.hpp"

#include <limits>

#include "qbt/core/check.hpp"
#include "qbt/indicators/detail/rolling_sum.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_slow_name = "Stochastic";
constexpr const char* k_fast_name = "StochasticFast";
constexpr const char* k_full_name = "StochasticFull";

/// Check the smoothing periods under the indicator's name before the SMAs check them as "SMA".
std::int32_t checked(const char* indicator, std::int32_t period, const char* param) {
  return check_period(indicator, period, param);
}

/// The checks of the typed constructors but period_dslow's, for the batch functions.
void check_all(const char* indicator, std::int32_t period, std::int32_t period_dfast,
               const StochasticSafeDivision& safe) {
  check_period(indicator, period);
  check_param_range(indicator, "safezero", safe.zero, std::numeric_limits<double>::lowest(),
                    std::numeric_limits<double>::max());
  check_period(indicator, period_dfast, "period_dfast");
}

StochasticSafeDivision safe_division(const ParamValues& p) {
  return {p.boolean("safediv"), p.real("safezero")};
}

ParamSpec safediv_param() {
  return bool_param("safediv", false, "replace a division by a flat range by safezero");
}
ParamSpec safezero_param() {
  return real_param("safezero", 0.0, std::numeric_limits<double>::lowest(),
                    std::numeric_limits<double>::max(),
                    "ratio used for a flat range (safediv), multiplied by 100 like any other");
}

/// Raw k into `k`, using `scratch` (same length) for the lowest lows.
void raw_k(std::span<const double> high, std::span<const double> low, std::span<const double> close,
           std::int32_t period, const StochasticSafeDivision& safe, std::span<double> k,
           std::span<double> scratch) {
  detail::sliding_extreme<detail::Extreme::max>(high, period, k);
  detail::sliding_extreme<detail::Extreme::min>(low, period, scratch);
  for (std::size_t i = 0; i < close.size(); ++i) {
    k[i] = stochastic_k_of(k[i], scratch[i], close[i], safe);
  }
}

/// SMA(in, period) into `out` (not aliased), the arithmetic of Sma::update.
void simple_average(std::span<const double> in, std::int32_t period, std::span<double> out) {
  const auto divisor = static_cast<double>(period);
  detail::slide_window(in, period, [out, divisor](std::size_t i, const detail::WindowSum& window) {
    out[i] = window.value() / divisor;
  });
}

}  // namespace

StochasticK::StochasticK(std::string_view indicator, std::int32_t period,
                         StochasticSafeDivision safe)
    : highest_(check_period(indicator, period)), lowest_(period), safe_(safe) {
  check_param_range(indicator, "safezero", safe.zero, std::numeric_limits<double>::lowest(),
                    std::numeric_limits<double>::max());
}

Stochastic::Stochastic(std::int32_t period, std::int32_t period_dfast, std::int32_t period_dslow,
                       StochasticSafeDivision safe)
    : k_(k_slow_name, period, safe),
      dfast_(checked(k_slow_name, period_dfast, "period_dfast")),
      dslow_(checked(k_slow_name, period_dslow, "period_dslow")) {}

StochasticFast::StochasticFast(std::int32_t period, std::int32_t period_dfast,
                               StochasticSafeDivision safe)
    : k_(k_fast_name, period, safe), dfast_(checked(k_fast_name, period_dfast, "period_dfast")) {}

StochasticFull::StochasticFull(std::int32_t period, std::int32_t period_dfast,
                               std::int32_t period_dslow, StochasticSafeDivision safe)
    : k_(k_full_name, period, safe),
      dfast_(checked(k_full_name, period_dfast, "period_dfast")),
      dslow_(checked(k_full_name, period_dslow, "period_dslow")) {}

// The batch forms share the streaming arithmetic block by block: the window extremes by the
// branch-free sliding_extreme (max and min are exact, so the same values as the deques), then the
// same k formula, then the SMAs by slide_window (the WindowSum steps of Sma::update). The output
// columns double as scratch, so no column is allocated.

void stochastic(std::span<const double> high, std::span<const double> low,
                std::span<const double> close, std::int32_t period, std::int32_t period_dfast,
                std::int32_t period_dslow, std::span<double> perc_k, std::span<double> perc_d,
                StochasticSafeDivision safe) {
  check_all(k_slow_name, period, period_dfast, safe);
  check_period(k_slow_name, period_dslow, "period_dslow");
  const std::size_t n = close.size();
  QBT_CHECK(high.size() == n && low.size() == n && perc_k.size() == n && perc_d.size() == n);
  raw_k(high, low, close, period, safe, perc_d, perc_k);  // raw k in perc_d
  simple_average(perc_d, period_dfast, perc_k);
  simple_average(perc_k, period_dslow, perc_d);
}

void stochastic_fast(std::span<const double> high, std::span<const double> low,
                     std::span<const double> close, std::int32_t period, std::int32_t period_dfast,
                     std::span<double> perc_k, std::span<double> perc_d,
                     StochasticSafeDivision safe) {
  check_all(k_fast_name, period, period_dfast, safe);
  const std::size_t n = close.size();
  QBT_CHECK(high.size() == n && low.size() == n && perc_k.size() == n && perc_d.size() == n);
  raw_k(high, low, close, period, safe, perc_k, perc_d);
  simple_average(perc_k, period_dfast, perc_d);
}

void stochastic_full(std::span<const double> high, std::span<const double> low,
                     std::span<const double> close, std::int32_t period, std::int32_t period_dfast,
                     std::int32_t period_dslow, std::span<double> perc_k, std::span<double> perc_d,
                     std::span<double> perc_d_slow, StochasticSafeDivision safe) {
  check_all(k_full_name, period, period_dfast, safe);
  check_period(k_full_name, period_dslow, "period_dslow");
  const std::size_t n = close.size();
  QBT_CHECK(high.size() == n && low.size() == n && perc_k.size() == n && perc_d.size() == n &&
            perc_d_slow.size() == n);
  raw_k(high, low, close, period, safe, perc_k, perc_d);
  simple_average(perc_k, period_dfast, perc_d);
  simple_average(perc_d, period_dslow, perc_d_slow);
}

void register_stochastic(IndicatorRegistry& registry) {
  registry.add({
      .name = k_slow_name,
      .aliases = {"StochasticSlow"},
      .doc = "Slow stochastic: SMA-smoothed %K of the close in the high-low range, and its SMA.",
      .reference = "backtrader Stochastic (backtrader/indicators/stochastic.py)",
      .inputs = {Field::high, Field::low, Field::close},
      .outputs = {"percK", "percD"},
      .params = {period_param(14, "bars of the high-low range"),
                 period_param(3, "SMA of the raw %K (gives percK)", "period_dfast"),
                 safediv_param(), safezero_param(),
                 period_param(3, "SMA of percK (gives percD)", "period_dslow")},
      .lookback =
          [](const ParamValues& p) {
            return stochastic_lookback(p.integer("period"), p.integer("period_dfast"),
                                       p.integer("period_dslow"));
          },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            stochastic(in[0], in[1], in[2], p.integer("period"), p.integer("period_dfast"),
                       p.integer("period_dslow"), out[0], out[1], safe_division(p));
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(Stochastic(p.integer("period"), p.integer("period_dfast"),
                                          p.integer("period_dslow"), safe_division(p)));
          },
  });
  registry.add({
      .name = k_fast_name,
      .aliases = {},
      .doc = "Fast stochastic: raw %K of the close in the high-low range, and its SMA.",
      .reference = "backtrader StochasticFast (backtrader/indicators/stochastic.py)",
      .inputs = {Field::high, Field::low, Field::close},
      .outputs = {"percK", "percD"},
      .params = {period_param(14, "bars of the high-low range"),
                 period_param(3, "SMA of percK (gives percD)", "period_dfast"), safediv_param(),
                 safezero_param()},
      .lookback =
          [](const ParamValues& p) {
            return stochastic_fast_lookback(p.integer("period"), p.integer("period_dfast"));
          },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            stochastic_fast(in[0], in[1], in[2], p.integer("period"), p.integer("period_dfast"),
                            out[0], out[1], safe_division(p));
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(
                StochasticFast(p.integer("period"), p.integer("period_dfast"), safe_division(p)));
          },
  });
  registry.add({
      .name = k_full_name,
      .aliases = {},
      .doc = "Full stochastic: raw %K, its SMA (percD) and the SMA of that (percDSlow).",
      .reference = "backtrader StochasticFull (backtrader/indicators/stochastic.py)",
      .inputs = {Field::high, Field::low, Field::close},
      .outputs = {"percK", "percD", "percDSlow"},
      .params = {period_param(14, "bars of the high-low range"),
                 period_param(3, "SMA of percK (gives percD)", "period_dfast"), safediv_param(),
                 safezero_param(),
                 period_param(3, "SMA of percD (gives percDSlow)", "period_dslow")},
      .lookback =
          [](const ParamValues& p) {
            return stochastic_lookback(p.integer("period"), p.integer("period_dfast"),
                                       p.integer("period_dslow"));
          },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            stochastic_full(in[0], in[1], in[2], p.integer("period"), p.integer("period_dfast"),
                            p.integer("period_dslow"), out[0], out[1], out[2], safe_division(p));
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(StochasticFull(p.integer("period"), p.integer("period_dfast"),
                                              p.integer("period_dslow"), safe_division(p)));
          },
  });
}

}  // namespace qbt::indicators
