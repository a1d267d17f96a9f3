#include "qbt/indicators/basic/percent_rank.hpp"

#include <algorithm>
#include <cmath>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_name = "PercentRank";

double rank_of(std::span<const double> window, double x, std::int32_t period) noexcept {
  return static_cast<double>(count_below(window, x)) / period;
}

}  // namespace

PercentRank::PercentRank(std::int32_t period)
    : window_(static_cast<std::size_t>(check_period(k_name, period)), k_nan), period_(period) {}

double PercentRank::update(double x) noexcept {
  window_[next_] = x;
  if (++next_ == window_.size()) {
    next_ = 0;
  }
  clean_run_ = std::isnan(x) ? 0 : std::min(clean_run_ + 1, period_);
  return clean_run_ == period_ ? rank_of(window_, x, period_) : k_nan;
}

void percent_rank(std::span<const double> in, std::int32_t period, std::span<double> out) {
  check_period(k_name, period);
  QBT_CHECK_OP(in.size(), ==, out.size());
  const auto p = static_cast<std::size_t>(period);
  std::int32_t clean_run = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    clean_run = std::isnan(in[i]) ? 0 : std::min(clean_run + 1, period);
    out[i] = clean_run == period ? rank_of(in.subspan(i + 1 - p, p), in[i], period) : k_nan;
  }
}

void register_percent_rank(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"PctRank"},
      .doc = "Fraction of the last `period` values strictly below the newest one.",
      .reference = "backtrader PercentRank (backtrader/indicators/percentrank.py)",
      .inputs = {Field::close},
      .outputs = {"pctrank"},
      .params = {period_param(50)},
      .lookback = [](const ParamValues& p) { return percent_rank_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { percent_rank(in[0], p.integer("period"), out[0]); },
      .make_stream =
          [](const ParamValues& p) { return make_stream(PercentRank(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
