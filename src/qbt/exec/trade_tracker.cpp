#include "qbt/exec/trade_tracker.hpp"

#include "qbt/exec/account.hpp"

namespace qbt::exec {

bool TradeTracker::is_same_size(double a, double b) noexcept { return is_close(a, b); }

void TradeTracker::add_entry(std::int64_t bar, bool is_long, double size, double price,
                             double fees) noexcept {
  if (!open_) {
    open_ = true;
    is_long_ = is_long;
    entry_bar_ = bar;
    entry_size_ = 0.0;
    entry_value_ = 0.0;
    entry_fees_ = 0.0;
  }
  entry_size_ += size;
  entry_value_ += size * price;
  entry_fees_ += fees;
}

TradeRecord TradeTracker::close_part(std::int64_t bar, double size, double price,
                                     double fees) noexcept {
  TradeRecord trade;
  trade.entry_bar = entry_bar_;
  trade.exit_bar = bar;
  trade.size = size;
  const double average = entry_value_ / entry_size_;
  trade.entry_price = average;
  trade.entry_fees = entry_fees_ * (size / entry_size_);
  trade.exit_price = price;
  trade.exit_fees = fees;
  trade.is_long = is_long_;
  trade.is_open = false;
  settle_trade(trade, multiplier_);
  // The units left keep the average price and the rest of the entry fees (vectorbt).
  entry_size_ -= size;
  entry_value_ = average * entry_size_;
  entry_fees_ -= trade.entry_fees;
  return trade;
}

std::optional<TradeRecord> TradeTracker::open_trade(std::int64_t last_bar, double price) const {
  if (!open_) {
    return std::nullopt;
  }
  TradeRecord trade;
  trade.entry_bar = entry_bar_;
  trade.exit_bar = last_bar;
  trade.size = entry_size_;
  trade.entry_price = entry_value_ / entry_size_;
  trade.entry_fees = entry_fees_;
  trade.exit_price = price;
  trade.exit_fees = 0.0;
  trade.is_long = is_long_;
  trade.is_open = true;
  settle_trade(trade, multiplier_);
  return trade;
}

}  // namespace qbt::exec
