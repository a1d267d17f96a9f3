#include "qbt/metrics/annualization.hpp"

#include <array>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "qbt/core/error.hpp"

namespace qbt::metrics {

namespace {
constexpr std::array<std::string_view, 3> k_convention_names = {"vectorbt", "backtesting",
                                                                "backtrader"};
constexpr double k_trading_days = 252.0;
constexpr double k_calendar_days = 365.0;
}  // namespace

StatsOptions StatsOptions::convention(std::string_view name, bool data_has_weekends) {
  StatsOptions options;
  if (name == "vectorbt") {
    return options;
  }
  if (name == "backtesting") {
    options.year_days = data_has_weekends ? k_calendar_days : k_trading_days;
    options.profit_factor_basis = ProfitFactorBasis::returns;
    return options;
  }
  if (name == "backtrader") {
    options.year_days = k_trading_days;
    options.sqn_std = SqnStd::population;
    return options;
  }
  throw UserInputError(fmt::format("unknown statistics convention {}; valid conventions: {}",
                                   quote_excerpt(name), fmt::join(k_convention_names, ", ")));
}

std::span<const std::string_view> StatsOptions::convention_names() noexcept {
  return k_convention_names;
}

double bars_per_year(std::int64_t bar_ns, const StatsOptions& options) {
  if (!std::isnan(options.bars_per_year)) {
    if (!(options.bars_per_year > 0.0) || std::isinf(options.bars_per_year)) {
      throw UserInputError(
          fmt::format("bars per year must be a positive number, got {}", options.bars_per_year));
    }
    return options.bars_per_year;
  }
  if (!(options.year_days > 0.0) || std::isinf(options.year_days)) {
    throw UserInputError(
        fmt::format("days per year must be a positive number, got {}", options.year_days));
  }
  if (bar_ns <= 0) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return options.year_days * static_cast<double>(k_ns_per_day) / static_cast<double>(bar_ns);
}

bool has_weekend_bars(std::span<const Timestamp> timestamps) noexcept {
  if (timestamps.empty()) {
    return false;
  }
  std::int64_t weekend = 0;
  for (const Timestamp ts : timestamps) {
    weekend += weekday(ts) >= 5 ? 1 : 0;
  }
  // backtesting.py: index.dayofweek.to_series().between(5, 6).mean() > 2 / 7 * .6
  const double share = static_cast<double>(weekend) / static_cast<double>(timestamps.size());
  return share > 2.0 / 7.0 * 0.6;
}

}  // namespace qbt::metrics
