#pragma once
/// backtrader's standard analyzers, computed from a finished run of the event-driven engine.
///
/// backtrader runs an analyzer alongside the strategy: on every tick it reads the broker's value
/// after the bar's fills and mark-to-market (notify_fund / notify_cashvalue, then next), hears
/// about closed trades (notify_trade) and executions (notify_order). RunResult keeps exactly
/// those per-tick readings — value and cash after each tick, units and marks per feed, every
/// fill and every trade — so each function below folds the same numbers in the same order and
/// gives the analyzer's result without running anything alongside the strategy. Each function
/// cites the backtrader file (github.com/mementum/backtrader, backtrader/analyzers/) it follows;
/// docs/statistics.md has qbt's own statistics, which use other conventions.
///
/// Two differences of model, not of arithmetic, apply throughout:
/// - Trades are qbt's exit trades (exec/trade.hpp): every fill that reduces a position closes a
///   trade. A strategy that enters and leaves a position in one fill each (backtrader's usual
///   pattern) has the same trades as backtrader; one that scales out closes several qbt trades
///   where backtrader closes one.
/// - Lengths are counted in clock ticks, which are backtrader's bars when the run has one feed.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "qbt/core/timestamp.hpp"
#include "qbt/event/engine.hpp"
#include "qbt/event/order.hpp"

namespace qbt::event {

/// The calendar period a time-based analyzer groups ticks by (backtrader's TimeFrame.Days,
/// Weeks, Months, Years), in UTC. Sub-day timeframes are not provided.
enum class TimePeriod : std::uint8_t { day, week, month, year };

[[nodiscard]] const char* to_string(TimePeriod period) noexcept;

/// The last day of the period holding `time`, at midnight UTC: the day itself, the Sunday that
/// ends its ISO week (Monday to Sunday, so 2024-12-31 belongs to the week ending 2025-01-05),
/// the last day of its month, or 31 December. This is backtrader's period key
/// (TimeFrameAnalyzerBase._get_dt_cmpkey in backtrader/analyzer.py): the key of a year is
/// 2006-12-31 even when its last bar is 2006-12-29.
[[nodiscard]] Timestamp period_end(Timestamp time, TimePeriod period) noexcept;

/// Periods in a year, for annualizing: 252 days, 52 weeks, 12 months, 1 year (backtrader's
/// Returns._TANN and SharpeRatio.RATEFACTORS).
[[nodiscard]] double periods_per_year(TimePeriod period) noexcept;

// --- Returns (backtrader/analyzers/returns.py)

struct ReturnsOptions {
  /// The periods `average` is taken over; backtrader's default is the data's timeframe, days for
  /// daily bars.
  TimePeriod period = TimePeriod::day;
  /// backtrader's `tann`; NaN: periods_per_year(period).
  double periods_per_year = std::numeric_limits<double>::quiet_NaN();
};

/// Log returns of the whole run.
struct ReturnsAnalysis {
  double total = 0.0;           ///< rtot: ln(end value / start value)
  double average = 0.0;         ///< ravg: total / periods
  double annualized = 0.0;      ///< rnorm: exp(average * periods_per_year) - 1
  double annualized_pct = 0.0;  ///< rnorm100: annualized * 100
  std::int64_t periods = 0;     ///< distinct periods with at least one tick
  double periods_per_year = 0.0;
};

/// Start value is the run's starting cash (stats.start_value), end value the last tick's value.
[[nodiscard]] ReturnsAnalysis analyze_returns(const RunResult& run,
                                              const ReturnsOptions& options = {});

// --- TimeReturn (backtrader/analyzers/timereturn.py)

/// The portfolio's return over one period.
struct PeriodReturn {
  Timestamp end = 0;     ///< period_end() of the period: its key
  double return_ = 0.0;  ///< value at its last tick / value at the previous period's last tick - 1
};

/// One entry per period with ticks, in time order. The first period is measured from the
/// starting cash, each later one from the previous period's last value; periods without ticks
/// are absent (backtrader only ever writes the key of a tick it saw).
struct TimeReturns {
  TimePeriod period = TimePeriod::year;
  std::vector<PeriodReturn> returns;
};

[[nodiscard]] TimeReturns analyze_time_returns(const RunResult& run, TimePeriod period);

// --- DrawDown (backtrader/analyzers/drawdown.py)

/// Drawdown of the portfolio value from its running peak, which starts at the first tick's
/// value (backtrader's -inf start). The maxima are taken separately: the deepest percentage and
/// the largest money amount may come from different ticks.
struct DrawdownAnalysis {
  double drawdown_pct = 0.0;  ///< at the last tick: (peak - value) / peak * 100
  double moneydown = 0.0;     ///< at the last tick: peak - value
  std::int64_t length = 0;    ///< ticks in the drawdown running at the last tick (0: none)
  double max_drawdown_pct = 0.0;
  double max_moneydown = 0.0;
  std::int64_t max_length = 0;  ///< longest run of ticks below the peak
};

[[nodiscard]] DrawdownAnalysis analyze_drawdown(const RunResult& run);

// --- SharpeRatio and SharpeRatio_A (backtrader/analyzers/sharpe.py)

struct SharpeOptions {
  TimePeriod period = TimePeriod::year;  ///< the TimeReturn periods the ratio is taken over
  double risk_free_rate = 0.01;          ///< annual
  /// Convert the annual rate to one period's, (1 + rate)^(1 / factor) - 1; false instead
  /// compounds each period's return to a year, (1 + r)^factor - 1, and never annualizes.
  bool convert_rate = true;
  /// Periods per year; NaN: periods_per_year(period).
  double factor = std::numeric_limits<double>::quiet_NaN();
  /// Multiply the ratio by sqrt(factor) (SharpeRatio_A); only with convert_rate.
  bool annualize = false;
  /// Sample standard deviation (divide by n - 1) instead of backtrader's population default.
  bool sample_std = false;
};

struct SharpeAnalysis {
  /// mean(r - rate) / std(r - rate) over the period returns; NaN where backtrader gives None (no
  /// return, one return with sample_std, or a zero deviation — one year of a yearly ratio).
  double sharpe_ratio = std::numeric_limits<double>::quiet_NaN();
  std::int64_t periods = 0;  ///< period returns used
  /// qbt's default Sharpe (RunResult::stats.sharpe_ratio): per-tick returns, no risk-free rate,
  /// sample deviation, annualized by the run's bars per year (docs/statistics.md).
  double stats_sharpe_ratio = std::numeric_limits<double>::quiet_NaN();
};

[[nodiscard]] SharpeAnalysis analyze_sharpe(const RunResult& run,
                                            const SharpeOptions& options = {});

// --- SQN (backtrader/analyzers/sqn.py)

struct SqnAnalysis {
  /// sqrt(n) * mean(pnl) / population std(pnl) of the closed trades' pnl net of fees; 0 when
  /// n <= 1 (backtrader's definition), NaN when every pnl is equal (backtrader's None).
  double sqn = 0.0;
  std::int64_t trades = 0;  ///< closed trades
};

[[nodiscard]] SqnAnalysis analyze_sqn(const RunResult& run);

// --- TradeAnalyzer (backtrader/analyzers/tradeanalyzer.py)

/// Net pnl of the winning or the losing trades of a group.
struct WinLossPnl {
  std::int64_t count = 0;
  double total = 0.0;
  double average = 0.0;  ///< total / count; 0 without trades
  /// The largest win, or the largest loss (the most negative pnl); 0 without trades.
  double max = 0.0;
};

/// Lengths of a set of closed trades in ticks (exit tick - entry tick, backtrader's barlen).
struct TradeLengths {
  std::int64_t total = 0;
  double average = 0.0;  ///< 0 without trades
  std::int64_t max = 0;  ///< 0 without trades
  std::int64_t min = 0;  ///< 0 without trades
};

/// Closed trades of one kind (all, long or short). A trade wins when its net pnl is >= 0 —
/// backtrader counts a break-even trade as won, where qbt's statistics count it as neither.
struct TradeGroup {
  std::int64_t count = 0;
  double pnl_total = 0.0;    ///< net of fees
  double pnl_average = 0.0;  ///< 0 without trades
  WinLossPnl won;
  WinLossPnl lost;
  TradeLengths length;
  TradeLengths length_won;
  TradeLengths length_lost;
};

/// Consecutive winning or losing closed trades, in exit order.
struct Streak {
  std::int64_t current = 0;  ///< ending with the last closed trade
  std::int64_t longest = 0;
};

struct TradeAnalysis {
  std::int64_t total = 0;  ///< trades opened: closed + open
  std::int64_t open = 0;   ///< still open at the end (one per feed holding a position)
  std::int64_t closed = 0;
  Streak won_streak;
  Streak lost_streak;
  double gross_pnl_total = 0.0;    ///< before fees (pnl + entry and exit fees)
  double gross_pnl_average = 0.0;  ///< 0 without closed trades
  TradeGroup all;  ///< every closed trade; all.pnl_total is backtrader's pnl.net.total
  TradeGroup long_trades;
  TradeGroup short_trades;
};

/// Counts, pnl, streaks and lengths of the closed trades (the open ones only count in `total`
/// and `open`). Minimums are true minimums over each group (backtrader's `or MAXINT` idiom would
/// forget a minimum of 0 bars).
[[nodiscard]] TradeAnalysis analyze_trades(const RunResult& run);

// --- Transactions (backtrader/analyzers/transactions.py)

/// One fill, signed as backtrader reports it.
struct Transaction {
  Timestamp time = 0;  ///< of the tick it filled on
  std::size_t feed = 0;
  OrderId order = k_no_order;
  double size = 0.0;   ///< units, positive bought, negative sold
  double price = 0.0;  ///< slippage included
  double value = 0.0;  ///< -size * price: the cash the units cost (negative) or bring (positive)
  double fees = 0.0;
};

/// Every fill in execution order. backtrader nets the fills of one feed on one tick into one
/// entry (size-weighted price) and leaves fees and the futures multiplier out of `value`;
/// here each fill is its own entry and carries its fees.
[[nodiscard]] std::vector<Transaction> analyze_transactions(const RunResult& run);

// --- PositionsValue (backtrader/analyzers/positions.py)

/// Per tick, each data feed's holding valued at its mark, and the cash.
struct PositionsValue {
  std::vector<Timestamp> time;     ///< the clock
  std::vector<std::size_t> feeds;  ///< data feeds in order (resampled feeds hold nothing)
  /// values[i][tick] = units of feeds[i] * its mark (close) at that tick. backtrader's
  /// broker.get_value([data]) gives the same for cash instruments; for a margin instrument it
  /// gives the locked margin instead.
  std::vector<std::vector<double>> values;
  std::vector<double> cash;  ///< backtrader's `cash=True` column
};

[[nodiscard]] PositionsValue analyze_positions_value(const RunResult& run);

}  // namespace qbt::event
