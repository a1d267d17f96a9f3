#include "qbt/indicators/momentum/ultimate_oscillator.hpp"

#include <array>
#include <cmath>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"
#include "qbt/indicators/volatility/true_range.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_name = "UltimateOscillator";

std::int32_t checked(std::int32_t p1, std::int32_t p2, std::int32_t p3) {
  check_period(k_name, p1, "p1");
  check_period(k_name, p2, "p2");
  check_period(k_name, p3, "p3");
  return p1;
}

/// backtrader's weighting, in its order: (4f) * a1 + (2f) * a2 + f * a3 with f = 100 / 7.
double combine(double average1, double average2, double average3) noexcept {
  constexpr double k_factor = 100.0 / (4.0 + 2.0 + 1.0);
  return (4.0 * k_factor) * average1 + (2.0 * k_factor) * average2 + k_factor * average3;
}

}  // namespace

UltimateOscillator::UltimateOscillator(std::int32_t p1, std::int32_t p2, std::int32_t p3)
    : pressure_{detail::RollingSum(checked(p1, p2, p3)), detail::RollingSum(p2),
                detail::RollingSum(p3)},
      range_{detail::RollingSum(p1), detail::RollingSum(p2), detail::RollingSum(p3)} {}

UltimateTerms ultimate_terms(double high, double low, double close, double prev_close) noexcept {
  const double range = true_range_of(high, low, prev_close);
  // backtrader's TrueLow, min(low, prev close); NaN whenever the true range is.
  const double true_low = std::isnan(range) ? k_nan : (prev_close < low ? prev_close : low);
  return {close - true_low, range};
}

double UltimateOscillator::update(double high, double low, double close) noexcept {
  const UltimateTerms terms = ultimate_terms(high, low, close, prev_close_);
  prev_close_ = close;
  return combine(pressure_[0].update(terms.pressure) / range_[0].update(terms.range),
                 pressure_[1].update(terms.pressure) / range_[1].update(terms.range),
                 pressure_[2].update(terms.pressure) / range_[2].update(terms.range));
}

// Batch: the same WindowSum steps as the streaming RollingSums, but the values leaving each
// window are recomputed from the inputs (a few flops) instead of kept in six rings.
void ultimate_oscillator(std::span<const double> high, std::span<const double> low,
                         std::span<const double> close, std::int32_t p1, std::int32_t p2,
                         std::int32_t p3, std::span<double> out) {
  checked(p1, p2, p3);
  const std::size_t n = close.size();
  QBT_CHECK(high.size() == n && low.size() == n && out.size() == n);
  const auto terms_at = [&](std::size_t i) {
    return ultimate_terms(high[i], low[i], close[i], i > 0 ? close[i - 1] : k_nan);
  };
  const std::array<std::size_t, 3> periods{
      static_cast<std::size_t>(p1), static_cast<std::size_t>(p2), static_cast<std::size_t>(p3)};
  std::array<detail::WindowSum, 3> pressure{detail::WindowSum(p1), detail::WindowSum(p2),
                                            detail::WindowSum(p3)};
  std::array<detail::WindowSum, 3> range{detail::WindowSum(p1), detail::WindowSum(p2),
                                         detail::WindowSum(p3)};
  for (std::size_t i = 0; i < n; ++i) {
    const UltimateTerms entering = terms_at(i);
    std::array<double, 3> average{};
    for (std::size_t k = 0; k < 3; ++k) {
      const UltimateTerms leaving =
          i >= periods[k] ? terms_at(i - periods[k]) : UltimateTerms{k_nan, k_nan};
      pressure[k].slide(entering.pressure, leaving.pressure);
      range[k].slide(entering.range, leaving.range);
      average[k] = pressure[k].value() / range[k].value();
    }
    out[i] = combine(average[0], average[1], average[2]);
  }
}

void register_ultimate_oscillator(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {},
      .doc =
          "Ultimate oscillator: buying pressure over true range on three windows, weighted 4:2:1.",
      .reference = "backtrader UltimateOscillator (backtrader/indicators/ultimateoscillator.py)",
      .inputs = {Field::high, Field::low, Field::close},
      .outputs = {"uo"},
      .params = {period_param(7, "short window (weight 4)", "p1"),
                 period_param(14, "middle window (weight 2)", "p2"),
                 period_param(28, "long window (weight 1)", "p3")},
      .lookback =
          [](const ParamValues& p) {
            return ultimate_oscillator_lookback(p.integer("p1"), p.integer("p2"), p.integer("p3"));
          },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            ultimate_oscillator(in[0], in[1], in[2], p.integer("p1"), p.integer("p2"),
                                p.integer("p3"), out[0]);
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(
                UltimateOscillator(p.integer("p1"), p.integer("p2"), p.integer("p3")));
          },
  });
}

}  // namespace qbt::indicators
