#pragma once
/// All statistics of a backtest in one streaming pass: the engine calls on_bar() once per bar
/// and on_trade() per trade record, then finish() once. Nothing here grows with the number of
/// bars, so an optimizer sweep keeps only a Stats per combination, never a curve.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>

#include "qbt/core/timestamp.hpp"
#include "qbt/exec/trade.hpp"
#include "qbt/metrics/annualization.hpp"
#include "qbt/metrics/drawdown.hpp"
#include "qbt/metrics/return_stats.hpp"
#include "qbt/metrics/stats.hpp"
#include "qbt/metrics/trade_stats.hpp"

namespace qbt::metrics {

/// What the accumulator does not see bar by bar.
struct StatsContext {
  Timestamp start = 0;      ///< timestamp of the first bar
  Timestamp end = 0;        ///< timestamp of the last bar
  std::int64_t n_bars = 0;  ///< bars fed to on_bar()
  std::int64_t bar_ns = 0;  ///< bar width; 0 when irregular (durations are then 0)
  double first_close = std::numeric_limits<double>::quiet_NaN();  ///< for the benchmark
  double last_close = std::numeric_limits<double>::quiet_NaN();
};

class StatsAccumulator {
public:
  /// `bars_per_year` usually comes from bars_per_year(bar_ns, options). Throws UserInputError
  /// when `init_cash` is not a positive number.
  StatsAccumulator(double init_cash, double bars_per_year, StatsOptions options = {});

  /// Account for bar `bar` (0, 1, 2, ... in order) closing at portfolio value `value`, with
  /// gross exposure `gross_exposure` (a fraction of value; NaN is ignored) and a position held
  /// or not. The return is vectorbt's (value - previous) / |previous|, the first previous value
  /// being the initial cash.
  void on_bar(std::int64_t bar, double value, double gross_exposure, bool in_market) noexcept {
    returns_.add((value - prev_value_) / std::abs(prev_value_));
    drawdown_.add(bar, value);
    max_gross_exposure_ = std::max(max_gross_exposure_, gross_exposure);
    bars_in_market_ += in_market ? 1 : 0;
    prev_value_ = value;
    last_bar_ = bar;
    ++bars_;
  }

  /// on_bar() for a run of bars (first_bar, first_bar + 1, ...) over which cash and position do
  /// not change, as between two signals: each bar's value is cash + position * mark, where mark
  /// is the bar's close, or the previous mark when the close is NaN (0 before any valid close).
  /// `mark` carries the last valid close in and out. The same arithmetic as on_bar(), bar by bar,
  /// with the sums held in registers; the gross exposure, p m / (p m + free_cash), is taken at
  /// the run's highest and lowest mark, where its maximum lies (it is monotonic in m). A call
  /// that starts right where the previous one ended, with the same position and free cash, joins
  /// its run, so splitting a run in two calls (bars fed chunk by chunk) changes nothing.
  void on_flat_bars(std::int64_t first_bar, std::span<const double> close, double cash,
                    double position, double free_cash, double& mark) noexcept;

  void on_fees(double fees) noexcept { total_fees_ += fees; }
  void on_trade(const exec::TradeRecord& trade) noexcept { trades_.add(trade); }

  /// Replace the bars per year given to the constructor: a run whose bars arrive chunk by chunk
  /// knows its calendar only after the last one. Only finish() reads it.
  void set_bars_per_year(double bars_per_year) noexcept { bars_per_year_ = bars_per_year; }

  /// The statistics; see docs/statistics.md for each formula.
  [[nodiscard]] Stats finish(const StatsContext& context) const;

  [[nodiscard]] const ReturnStats& returns() const noexcept { return returns_; }
  [[nodiscard]] const DrawdownTracker& drawdown() const noexcept { return drawdown_; }
  [[nodiscard]] const TradeStats& trades() const noexcept { return trades_; }
  [[nodiscard]] const StatsOptions& options() const noexcept { return options_; }

private:
  double init_cash_;
  double bars_per_year_;
  StatsOptions options_;
  ReturnStats returns_;
  DrawdownTracker drawdown_;
  TradeStats trades_;
  double prev_value_;
  double max_gross_exposure_ = -std::numeric_limits<double>::infinity();
  double total_fees_ = 0.0;
  std::int64_t bars_in_market_ = 0;
  std::int64_t bars_ = 0;
  std::int64_t last_bar_ = 0;
  /// The last run of on_flat_bars() in a position, so that a run fed in two calls (split at a
  /// chunk boundary of a larger-than-memory run) has the exposure of one call.
  struct HeldRun {
    std::int64_t end = -1;  ///< one past its last bar
    double position = 0.0;
    double free_cash = 0.0;
    double low_mark = 0.0;
    double high_mark = 0.0;
    double exposure_before = 0.0;  ///< max_gross_exposure_ before the run
  } held_run_;
};

}  // namespace qbt::metrics
