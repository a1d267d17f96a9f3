#include "qbt/indicators/trend/wma.hpp"

#include <algorithm>
#include <cmath>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "WMA";
}  // namespace

WmaWindow::WmaWindow(std::int32_t period) noexcept
    : coef_(2.0 / (period * (period + 1.0))), period_(period) {}

double WmaWindow::slide(double x_new, double x_old) noexcept {
  const bool bad = !std::isfinite(x_new);
  const double entering = bad ? 0.0 : x_new;
  const double leaving = std::isfinite(x_old) ? x_old : 0.0;
  // Every weight drops by one (subtract the plain sum before it changes), the oldest value's
  // weight reaches 0 and the new value enters with weight `period`.
  const detail::DoubleDouble product = detail::two_product_small(period_, entering);
  weighted_.replace(product.hi, plain_.hi());
  weighted_.add_error(product.lo - plain_.lo());
  plain_.replace(entering, leaving);
  clean_run_ = bad ? 0 : std::min(clean_run_ + 1, period_);
  return clean_run_ == period_ ? coef_ * weighted_.value() : k_nan;
}

Wma::Wma(std::int32_t period) : window_(check_period(k_name, period)), ring_(period) {}

void wma(std::span<const double> in, std::int32_t period, std::span<double> out) {
  check_period(k_name, period);
  QBT_CHECK_OP(in.size(), ==, out.size());
  WmaWindow window(period);
  const std::size_t n = in.size();
  const auto p = static_cast<std::size_t>(period);
  const std::size_t filling = std::min(n, p);
  for (std::size_t i = 0; i < filling; ++i) {
    out[i] = window.slide(in[i], k_nan);
  }
  for (std::size_t i = filling; i < n; ++i) {
    out[i] = window.slide(in[i], in[i - p]);
  }
}

void register_wma(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"WeightedMovingAverage", "MovingAverageWeighted"},
      .doc = "Linearly weighted moving average, newest value weighted `period`.",
      .reference = "backtrader WeightedMovingAverage (backtrader/indicators/wma.py)",
      .inputs = {Field::close},
      .outputs = {"wma"},
      .params = {period_param(30)},
      .lookback = [](const ParamValues& p) { return wma_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { wma(in[0], p.integer("period"), out[0]); },
      .make_stream = [](const ParamValues& p) { return make_stream(Wma(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
