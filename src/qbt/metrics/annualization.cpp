#include "qbt/metrics/annualization.hpp"

#include <algorithm>

#include <array>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "qbt/core/error.hpp"

namespace qbt::metrics {

namespace {
constexpr std::array<std::string_view, 4> k_convention_names = {"qbt", "vectorbt", "backtesting",
                                                                "backtrader"};
constexpr double k_trading_days = 252.0;
constexpr double k_calendar_days = 365.0;
}  // namespace

namespace {

/// Bars per UTC date, visited date by date: sorted timestamps let each date's run be found by
/// binary search, so the cost grows with the number of dates, not bars. Unsorted input (not
/// produced by qbt's readers) still counts correctly, only slower.
template <class Visit>
void for_each_date(std::span<const Timestamp> timestamps, Visit visit) {
  const auto date_of = [](Timestamp ts) {
    return ts >= 0 ? ts / k_ns_per_day : (ts - k_ns_per_day + 1) / k_ns_per_day;
  };
  auto it = timestamps.begin();
  while (it != timestamps.end()) {
    const std::int64_t date = date_of(*it);
    const Timestamp next_midnight = (date + 1) * k_ns_per_day;
    auto end = std::lower_bound(it, timestamps.end(), next_midnight);
    if (end == it) {  // out of order: fall back to one bar
      end = it + 1;
    }
    visit(date, static_cast<std::int64_t>(end - it));
    it = end;
  }
}

}  // namespace

StatsOptions StatsOptions::convention(std::string_view name, bool data_has_weekends) {
  StatsOptions options;
  if (name == "qbt") {
    return options;
  }
  if (name == "vectorbt") {
    options.calendar = false;
    options.year_days = k_calendar_days;
    return options;
  }
  if (name == "backtesting") {
    // 252 trading days, or 365 with weekend bars: the calendar rule, given the data or told.
    if (data_has_weekends) {
      options.year_days = k_calendar_days;
    }
    options.profit_factor_basis = ProfitFactorBasis::returns;
    return options;
  }
  if (name == "backtrader") {
    options.calendar = false;
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
  const double year_days = std::isnan(options.year_days) ? k_calendar_days : options.year_days;
  if (!(year_days > 0.0) || std::isinf(year_days)) {
    throw UserInputError(fmt::format("days per year must be a positive number, got {}", year_days));
  }
  if (bar_ns <= 0) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return year_days * static_cast<double>(k_ns_per_day) / static_cast<double>(bar_ns);
}

double bars_per_year(std::span<const Timestamp> timestamps, std::int64_t bar_ns,
                     const StatsOptions& options) {
  if (!std::isnan(options.bars_per_year) || !options.calendar || bar_ns <= 0 ||
      timestamps.empty()) {
    return bars_per_year(bar_ns, options);
  }
  CalendarCensus census;
  census.add(timestamps);
  return census.bars_per_year(bar_ns, options);
}

void CalendarCensus::add(std::span<const Timestamp> timestamps) noexcept {
  bars_ += static_cast<std::int64_t>(timestamps.size());
  for_each_date(timestamps, [&](std::int64_t date, std::int64_t bars) {
    dates_ += date != last_date_ ? 1 : 0;
    last_date_ = date;
    weekend_bars_ += weekday(date * k_ns_per_day) >= 5 ? bars : 0;
  });
}

bool CalendarCensus::has_weekend_bars() const noexcept {
  if (bars_ == 0) {
    return false;
  }
  // backtesting.py: index.dayofweek.to_series().between(5, 6).mean() > 2 / 7 * .6
  const double share = static_cast<double>(weekend_bars_) / static_cast<double>(bars_);
  return share > 2.0 / 7.0 * 0.6;
}

double CalendarCensus::bars_per_year(std::int64_t bar_ns, const StatsOptions& options) const {
  if (!std::isnan(options.bars_per_year) || !options.calendar || bar_ns <= 0 || bars_ == 0) {
    return metrics::bars_per_year(bar_ns, options);
  }
  StatsOptions calendar = options;
  if (std::isnan(calendar.year_days)) {
    calendar.year_days = has_weekend_bars() ? k_calendar_days : k_trading_days;
  }
  if (bar_ns > k_ns_per_day) {
    calendar.year_days = 365.25;
    return metrics::bars_per_year(bar_ns, calendar);
  }
  if (bar_ns == k_ns_per_day) {
    return metrics::bars_per_year(bar_ns, calendar);
  }
  // Intraday: bars per traded date, averaged (sessions, not 24 hours, make a day).
  const double bars_per_day = static_cast<double>(bars_) / static_cast<double>(dates_);
  (void)metrics::bars_per_year(bar_ns, calendar);  // validates year_days
  return calendar.year_days * bars_per_day;
}

StatsOptions resolve_bars_per_year(StatsOptions options, std::span<const Timestamp> timestamps,
                                   std::int64_t bar_ns) {
  options.bars_per_year = bars_per_year(timestamps, bar_ns, options);
  return options;
}

bool has_weekend_bars(std::span<const Timestamp> timestamps) noexcept {
  CalendarCensus census;
  census.add(timestamps);
  return census.has_weekend_bars();
}

}  // namespace qbt::metrics
