#pragma once
/// The statistics of one backtest, and a generic walk over them. The field names are the
/// snake_case keys of `qbt backtest --json`, a public contract: add keys at the end, never rename.
/// Every formula, unit and convention is in docs/statistics.md.

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qbt/core/timestamp.hpp"

namespace qbt::metrics {

/// The value of a statistic that is undefined (no closed trades, fewer than two returns).
inline constexpr double k_undefined = std::numeric_limits<double>::quiet_NaN();

/// Percentages are in percent (12.5 means 12.5 %); ratios are plain numbers; durations are
/// nanoseconds. A real may be NaN (undefined) or ±inf (a zero denominator, see
/// qbt::metrics::ratio).
struct Stats {
  Timestamp start = 0;      ///< first bar
  Timestamp end = 0;        ///< last bar
  std::int64_t period = 0;  ///< ns: number of bars * bar width (vectorbt)
  double start_value = k_undefined;
  double end_value = k_undefined;
  double total_return_pct = k_undefined;
  double benchmark_return_pct = k_undefined;  ///< buy and hold of the close, first to last bar
  double max_gross_exposure_pct = k_undefined;
  double total_fees_paid = 0.0;
  double max_drawdown_pct = k_undefined;   ///< positive; 0 without a drawdown
  std::int64_t max_drawdown_duration = 0;  ///< ns; 0 without a drawdown
  std::int64_t total_trades = 0;           ///< closed + open
  std::int64_t total_closed_trades = 0;
  std::int64_t total_open_trades = 0;
  double open_trade_pnl = 0.0;
  double win_rate_pct = k_undefined;
  double best_trade_pct = k_undefined;
  double worst_trade_pct = k_undefined;
  double avg_winning_trade_pct = k_undefined;
  double avg_losing_trade_pct = k_undefined;
  /// ns, the exact mean (a double, not rounded), NaN without winning trades; the JSON and the
  /// table round it to whole nanoseconds.
  double avg_winning_trade_duration = k_undefined;
  double avg_losing_trade_duration = k_undefined;  ///< ns, as avg_winning_trade_duration
  double profit_factor = k_undefined;
  double expectancy = k_undefined;
  double sharpe_ratio = k_undefined;
  double sortino_ratio = k_undefined;
  double calmar_ratio = k_undefined;
  double omega_ratio = k_undefined;
  double cagr_pct = k_undefined;
  double annual_volatility_pct = k_undefined;
  double sqn = k_undefined;
  double exposure_pct = k_undefined;
};

/// What a statistic's number means, for formatting.
enum class StatKind : std::uint8_t {
  timestamp,  ///< ns since the epoch
  duration,   ///< ns
  real,
  count,
};

/// One key of Stats: its JSON name, its table label and where its value lives. Exactly one of
/// the two member pointers is set.
struct StatKey {
  std::string_view name;   ///< snake_case, e.g. `total_return_pct`
  std::string_view label;  ///< vectorbt-like, e.g. `Total Return [%]`
  StatKind kind = StatKind::real;
  std::int64_t Stats::*integer = nullptr;
  double Stats::*real = nullptr;
};

/// Every key of Stats, in the contract's order.
[[nodiscard]] std::span<const StatKey> stat_keys() noexcept;
/// The key named `name`; throws UserInputError listing the valid names for any other.
[[nodiscard]] const StatKey& stat_key(std::string_view name);

/// One statistic's value, read through its key.
struct StatValue {
  const StatKey* key = nullptr;
  std::int64_t integer = 0;   ///< the value when key->integer is set
  double real = k_undefined;  ///< the value when key->real is set

  [[nodiscard]] bool is_integer() const noexcept { return key->integer != nullptr; }
  /// The value as a double (timestamps and durations in ns).
  [[nodiscard]] double number() const noexcept {
    return is_integer() ? static_cast<double>(integer) : real;
  }
};

[[nodiscard]] StatValue stat_value(const Stats& stats, const StatKey& key) noexcept;
/// All values in stat_keys() order.
[[nodiscard]] std::vector<StatValue> stat_values(const Stats& stats);

/// The numeric value of `key` for ranking (timestamps and durations in ns). Throws
/// UserInputError for an unknown key. In a loop, resolve the key once with stat_key() and read
/// with stat_value() instead.
[[nodiscard]] double stat_metric(const Stats& stats, std::string_view key);

/// A duration as pandas prints a Timedelta, which pd.to_timedelta parses back:
/// `5 days 03:00:00`, `0 days 00:01:00`, `0 days 00:00:00.500000`, `-1 days +23:59:00`.
[[nodiscard]] std::string format_timedelta(std::int64_t ns);

/// A two-column table, one statistic per line: the vectorbt-like label, then the value
/// right-aligned (reals with 6 decimals, inf/-inf/nan spelled so, an undefined duration NaT).
[[nodiscard]] std::string format_stats_table(const Stats& stats);

}  // namespace qbt::metrics
