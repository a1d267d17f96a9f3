#pragma once
/// Turn a stream of fills into trade records (vectorbt's exit trades, see trade.hpp): the
/// bookkeeping of one position's entries, shared by both engines.

#include <cstdint>
#include <optional>

#include "qbt/exec/order.hpp"
#include "qbt/exec/trade.hpp"

namespace qbt::exec {

class TradeTracker {
public:
  /// `multiplier`: currency per point per unit (futures); pnl scales with it.
  explicit TradeTracker(double multiplier = 1.0) noexcept : multiplier_(multiplier) {}

  /// Account for `fill` made at `bar`, when the position before it was `position_before`
  /// (signed units). Every trade the fill closes is passed to `on_trade(const TradeRecord&)`;
  /// a fill larger than the position closes it and opens the other side with the rest, fees
  /// split in proportion to size.
  template <class OnTrade>
  void on_fill(std::int64_t bar, const Fill& fill, double position_before, OnTrade&& on_trade) {
    const bool reduces = (fill.side == Side::sell && position_before > 0.0) ||
                         (fill.side == Side::buy && position_before < 0.0);
    if (!reduces) {
      add_entry(bar, fill.side == Side::buy, fill.size, fill.price, fill.fees);
      return;
    }
    const double held = position_before > 0.0 ? position_before : -position_before;
    if (fill.size <= held || is_same_size(fill.size, held)) {
      on_trade(close_part(bar, fill.size, fill.price, fill.fees));
      if (is_same_size(fill.size, held)) {
        open_ = false;
      }
      return;
    }
    const double closing_fees = fill.fees * (held / fill.size);
    on_trade(close_part(bar, held, fill.price, closing_fees));
    open_ = false;
    add_entry(bar, fill.side == Side::buy, fill.size - held, fill.price, fill.fees - closing_fees);
  }

  /// The position still open, as an open trade valued at `price` on `last_bar`; nullopt if flat.
  [[nodiscard]] std::optional<TradeRecord> open_trade(std::int64_t last_bar, double price) const;

  [[nodiscard]] bool is_open() const noexcept { return open_; }
  /// Size-weighted average entry price of the open position.
  [[nodiscard]] double average_entry_price() const noexcept { return entry_value_ / entry_size_; }
  [[nodiscard]] std::int64_t entry_bar() const noexcept { return entry_bar_; }

private:
  static bool is_same_size(double a, double b) noexcept;
  void add_entry(std::int64_t bar, bool is_long, double size, double price, double fees) noexcept;
  [[nodiscard]] TradeRecord close_part(std::int64_t bar, double size, double price,
                                       double fees) noexcept;

  double multiplier_ = 1.0;
  bool open_ = false;
  bool is_long_ = true;
  std::int64_t entry_bar_ = 0;
  double entry_size_ = 0.0;   ///< units still open
  double entry_value_ = 0.0;  ///< their size * average entry price
  double entry_fees_ = 0.0;   ///< the entry fees they still carry
};

}  // namespace qbt::exec
