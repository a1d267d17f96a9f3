#include "qbt/indicators/trend/fractal.hpp"

#include <fmt/format.h>

#include "qbt/core/check.hpp"
#include "qbt/core/error.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_name = "Fractal";
constexpr double k_max_bardist = 10.0;

const FractalParams& checked(const FractalParams& p) {
  check_period(k_name, p.period);
  check_param_range(k_name, "shift_to_potential_fractal", p.shift_to_potential_fractal, 0,
                    p.period - 1);
  check_param_range(k_name, "bardist", p.bardist, 0.0, k_max_bardist);
  return p;
}

FractalParams params_of(const ParamValues& p) {
  return {.period = p.integer("period"),
          .bardist = p.real("bardist"),
          .shift_to_potential_fractal = p.integer("shift_to_potential_fractal")};
}

}  // namespace

Fractal::Fractal(const FractalParams& params)
    : bearish_(checked(params).period, params.shift_to_potential_fractal),
      bullish_(params.period, params.shift_to_potential_fractal),
      up_factor_(1.0 + params.bardist),
      down_factor_(1.0 - params.bardist) {}

void fractal(std::span<const double> high, std::span<const double> low,
             const FractalParams& params, std::span<double> bearish, std::span<double> bullish) {
  const std::size_t n = high.size();
  QBT_CHECK(low.size() == n && bearish.size() == n && bullish.size() == n);
  Fractal state(params);
  for (std::size_t i = 0; i < n; ++i) {
    const FractalLines lines = state.update(high[i], low[i]);
    bearish[i] = lines.fractal_bearish;
    bullish[i] = lines.fractal_bullish;
  }
}

void register_fractal(IndicatorRegistry& registry) {
  const FractalParams defaults;
  registry.add({
      .name = k_name,
      .aliases = {},
      .doc = "Bill Williams' fractals: marks above a local high and below a local low.",
      .reference = "backtrader Fractal (backtrader/studies/contrib/fractal.py)",
      .inputs = {Field::high, Field::low},
      .outputs = {"fractal_bearish", "fractal_bullish"},
      .params = {period_param(defaults.period),
                 real_param("bardist", defaults.bardist, 0.0, k_max_bardist,
                            "distance of the mark from the extreme, relative (0.015 = 1.5%)"),
                 integer_param("shift_to_potential_fractal", defaults.shift_to_potential_fractal,
                               0, k_max_period - 1,
                               "position of the candidate bar in the window, 0 = oldest")},
      .lookback = [](const ParamValues& p) { return fractal_lookback(p.integer("period")); },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            fractal(in[0], in[1], params_of(p), out[0], out[1]);
          },
      .make_stream = [](const ParamValues& p) { return make_stream(Fractal(params_of(p))); },
      .validate =
          [](const ParamValues& p) {
            require_less(p, "shift_to_potential_fractal", "period");
          },
      .nan_after_warmup = true,
  });
}

}  // namespace qbt::indicators
