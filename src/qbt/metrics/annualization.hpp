#pragma once
/// How statistics are annualized and which reference tool's conventions they follow. The three
/// named conventions differ in the length of a year and in two trade statistics; everything
/// else is computed one way (vectorbt's). docs/statistics.md compares them in full.

#include <cstdint>
#include <limits>
#include <span>
#include <string_view>

#include "qbt/core/timestamp.hpp"

namespace qbt::metrics {

struct StatsOptions {
  /// Standard deviation in the SQN: sample (ddof = 1: vectorbt, backtesting.py) or population
  /// (ddof = 0: backtrader's SQN analyzer).
  enum class SqnStd : std::uint8_t { sample, population };
  /// Profit factor from currency pnl (vectorbt, backtrader) or from trade returns
  /// (backtesting.py).
  enum class ProfitFactorBasis : std::uint8_t { pnl, returns };

  /// Bars per year for Sharpe, Sortino, volatility and CAGR; NaN derives it from the data (see
  /// bars_per_year()).
  double bars_per_year = std::numeric_limits<double>::quiet_NaN();
  /// Days in a year of bars. NaN: 365 without a calendar (vectorbt's `year_freq`), and with one
  /// 252 trading days, or 365 when the data trades on weekends.
  double year_days = std::numeric_limits<double>::quiet_NaN();
  /// Derive bars per year from the calendar the data trades (trading days, bars per day) rather
  /// than from the bar width alone as vectorbt does (365 days / freq).
  bool calendar = true;
  SqnStd sqn_std = SqnStd::sample;
  ProfitFactorBasis profit_factor_basis = ProfitFactorBasis::pnl;

  /// The options of a named convention:
  /// - `qbt` (the default): vectorbt's formulas, bars per year from the data's calendar;
  /// - `vectorbt`: 365-day year over the bar width (vectorbt's ann_factor), sample SQN, pnl
  ///   profit factor;
  /// - `backtesting`: the calendar (252 trading days, or 365 with weekend bars or when
  ///   `data_has_weekends`: backtesting.py's rule, see has_weekend_bars()), sample SQN,
  ///   return-based profit factor;
  /// - `backtrader`: 252-day year over the bar width, population SQN, pnl profit factor.
  /// Throws UserInputError for any other name, listing the valid ones.
  [[nodiscard]] static StatsOptions convention(std::string_view name,
                                               bool data_has_weekends = false);
  /// The names convention() accepts, in documentation order.
  [[nodiscard]] static std::span<const std::string_view> convention_names() noexcept;
};

/// Bars per year: `options.bars_per_year` when set, else year_days * 86400e9 / bar_ns (vectorbt's
/// ann_factor = year_freq / freq). NaN when the bar width is unknown (`bar_ns` <= 0, irregular
/// data) and nothing overrides it: the annualized statistics are then NaN, as vectorbt skips them
/// without a `freq`. Throws UserInputError when an override or `year_days` is not positive.
[[nodiscard]] double bars_per_year(std::int64_t bar_ns, const StatsOptions& options);

/// Bars per year of the series `timestamps` of bar width `bar_ns`: `options.bars_per_year` when
/// set; without `options.calendar`, bars_per_year(bar_ns, options) (vectorbt); with it, from the
/// calendar the data trades: daily bars count year_days (252, or 365 with weekend bars), intraday
/// bars year_days times the mean number of bars per traded UTC date, bars longer than a day
/// 365.25 days / bar width. One year of 390-minute sessions gives 98,280, not 525,600.
[[nodiscard]] double bars_per_year(std::span<const Timestamp> timestamps, std::int64_t bar_ns,
                                   const StatsOptions& options);

/// What bars_per_year() and has_weekend_bars() read from a series' timestamps, gathered chunk by
/// chunk, so a series larger than memory gives the numbers its whole span would: the bars, the
/// runs of bars on one UTC date and the bars on a Saturday or Sunday. The span functions below
/// are one add() of the whole span. Timestamps must be sorted (every qbt reader gives them so);
/// a date that straddles two chunks counts once.
class CalendarCensus {
public:
  /// Count the next timestamps of the series, in order after those already added.
  void add(std::span<const Timestamp> timestamps) noexcept;

  [[nodiscard]] std::int64_t bars() const noexcept { return bars_; }
  [[nodiscard]] std::int64_t dates() const noexcept { return dates_; }
  [[nodiscard]] std::int64_t weekend_bars() const noexcept { return weekend_bars_; }
  /// has_weekend_bars() of the series added so far.
  [[nodiscard]] bool has_weekend_bars() const noexcept;
  /// bars_per_year(timestamps, bar_ns, options) of the series added so far.
  [[nodiscard]] double bars_per_year(std::int64_t bar_ns, const StatsOptions& options) const;

private:
  std::int64_t bars_ = 0;
  std::int64_t dates_ = 0;
  std::int64_t weekend_bars_ = 0;
  std::int64_t last_date_ = std::numeric_limits<std::int64_t>::min();
};

/// `options` with bars_per_year resolved for the series, so repeated runs (a sweep) derive it once.
[[nodiscard]] StatsOptions resolve_bars_per_year(StatsOptions options,
                                                 std::span<const Timestamp> timestamps,
                                                 std::int64_t bar_ns);

/// backtesting.py's test for a market that trades every day: more than 0.6 * 2/7 of the bars
/// fall on a Saturday or Sunday (UTC). Decides its 365-day year over 252 trading days.
[[nodiscard]] bool has_weekend_bars(std::span<const Timestamp> timestamps) noexcept;

}  // namespace qbt::metrics
