#pragma once
/// Trade records, as vectorbt's exit trades: every fill that reduces a position closes a trade
/// of that fill's size against the position's size-weighted average entry price, carrying its
/// pro-rata share of the entry fees. A position that is still open at the end is reported as one
/// open trade valued at the last close (no exit fees).

#include <cstdint>

namespace qbt::exec {

struct TradeRecord {
  std::int64_t entry_bar = 0;  ///< bar of the first fill of the position
  std::int64_t exit_bar = 0;   ///< bar of the closing fill; the last bar for an open trade
  double size = 0.0;           ///< units closed (positive)
  double entry_price = 0.0;    ///< size-weighted average entry price, slippage included
  double entry_fees = 0.0;     ///< pro-rata share of the entry fees
  double exit_price = 0.0;     ///< fill price, or the last close for an open trade
  double exit_fees = 0.0;
  double pnl = 0.0;            ///< (exit - entry) * size for longs, mirrored for shorts, net of fees
  double return_ = 0.0;        ///< pnl / (entry_price * size)
  bool is_long = true;
  bool is_open = false;

  /// Length in bars, vectorbt's definition: exit_bar - entry_bar for a closed trade, one more
  /// for an open one (it holds through the last bar).
  [[nodiscard]] std::int64_t duration_bars() const noexcept {
    return exit_bar - entry_bar + (is_open ? 1 : 0);
  }
};

/// Fill pnl and return of a trade from its prices, size and fees (vectorbt's formulas);
/// `multiplier` is the instrument's currency per point (futures), 1 for cash instruments.
inline void settle_trade(TradeRecord& trade, double multiplier = 1.0) noexcept {
  const double entry_value = trade.size * trade.entry_price * multiplier;
  const double exit_value = trade.size * trade.exit_price * multiplier;
  const double gross = trade.is_long ? exit_value - entry_value : entry_value - exit_value;
  trade.pnl = gross - trade.entry_fees - trade.exit_fees;
  trade.return_ = entry_value != 0.0 ? trade.pnl / entry_value : 0.0;
}

}  // namespace qbt::exec
