#pragma once
/// Trade statistics over exec::TradeRecord, as vectorbt's `Trades` (portfolio/trades.py) reports
/// them in `Portfolio.stats()`: counts over all trades, everything else over CLOSED trades only
/// (vectorbt's default `incl_open=False`, and backtesting.py's). A trade wins when pnl > 0 and
/// loses when pnl < 0; a trade with pnl == 0 is neither but counts in the win-rate denominator.

#include <cstdint>
#include <limits>

#include "qbt/exec/trade.hpp"

namespace qbt::metrics {

class TradeStats {
public:
  /// Add one trade record, closed or open. Not on the per-bar hot path.
  void add(const exec::TradeRecord& trade) noexcept;

  /// All trades, open ones included (vectorbt's "Total Trades").
  [[nodiscard]] std::int64_t total_trades() const noexcept { return closed_ + open_; }
  [[nodiscard]] std::int64_t closed_trades() const noexcept { return closed_; }
  [[nodiscard]] std::int64_t open_trades() const noexcept { return open_; }
  /// Sum of the pnl of open trades (valued at the last close).
  [[nodiscard]] double open_trade_pnl() const noexcept { return open_pnl_; }
  [[nodiscard]] std::int64_t winning_trades() const noexcept { return wins_; }
  [[nodiscard]] std::int64_t losing_trades() const noexcept { return losses_; }

  /// wins / closed; NaN without closed trades.
  [[nodiscard]] double win_rate() const noexcept;
  /// Largest / smallest closed-trade return (fraction); NaN without closed trades.
  [[nodiscard]] double best_trade_return() const noexcept;
  [[nodiscard]] double worst_trade_return() const noexcept;
  /// Mean return of winning / losing trades (fraction); NaN when there are none.
  [[nodiscard]] double avg_winning_trade_return() const noexcept;
  [[nodiscard]] double avg_losing_trade_return() const noexcept;
  /// Mean duration in bars (exit_bar - entry_bar) of winning / losing trades; NaN when none.
  [[nodiscard]] double avg_winning_trade_duration_bars() const noexcept;
  [[nodiscard]] double avg_losing_trade_duration_bars() const noexcept;

  /// sum(winning pnl) / |sum(losing pnl)|, vectorbt's currency-based profit factor. NaN without
  /// closed trades; +inf with wins and no losses; NaN when every trade broke even.
  [[nodiscard]] double profit_factor() const noexcept;
  /// sum(positive returns) / |sum(negative returns)|, backtesting.py's return-based profit factor
  /// (with the zero-denominator rule of qbt::metrics::ratio, where backtesting.py gives NaN).
  [[nodiscard]] double return_profit_factor() const noexcept;
  /// vectorbt's expectancy: win_rate * avg_win_pnl - (1 - win_rate) * |avg_loss_pnl|, an average
  /// with no wins (or no losses) taken as 0. Break-even trades fall in the (1 - win_rate) weight,
  /// exactly as vectorbt computes it. NaN without closed trades.
  [[nodiscard]] double expectancy() const noexcept;
  /// System Quality Number sqrt(n) * mean(pnl) / std(pnl, ddof) over closed trades: ddof = 1 as
  /// vectorbt and backtesting.py, ddof = 0 as backtrader's SQN analyzer. NaN when n <= ddof;
  /// ±inf/NaN by qbt::metrics::ratio when every pnl is equal.
  [[nodiscard]] double sqn(int ddof = 1) const noexcept;

private:
  std::int64_t closed_ = 0;
  std::int64_t open_ = 0;
  double open_pnl_ = 0.0;
  std::int64_t wins_ = 0;
  std::int64_t losses_ = 0;
  double win_pnl_ = 0.0;
  double loss_pnl_ = 0.0;  ///< negative
  double win_return_ = 0.0;
  double loss_return_ = 0.0;
  double win_bars_ = 0.0;
  double loss_bars_ = 0.0;
  double positive_returns_ = 0.0;
  double negative_returns_ = 0.0;  ///< negative
  double best_return_ = -std::numeric_limits<double>::infinity();
  double worst_return_ = std::numeric_limits<double>::infinity();
  double pnl_sum_ = 0.0;
  double pnl_mean_ = 0.0;  ///< Welford's running mean (trades are few; accuracy over speed)
  double pnl_m2_ = 0.0;    ///< Welford's sum of squared deviations
};

}  // namespace qbt::metrics
