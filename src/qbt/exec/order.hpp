#pragma once
/// Order records: one per fill, the common output of the vectorized and the event-driven engine.

#include <cstdint>

namespace qbt::exec {

/// Which way units move: buy adds to the position (or covers a short), sell reduces it (or
/// opens a short).
enum class Side : std::uint8_t { buy, sell };

[[nodiscard]] constexpr const char* to_string(Side side) noexcept {
  return side == Side::buy ? "buy" : "sell";
}

/// Why an order was sent; stops record which rule fired.
enum class OrderReason : std::uint8_t {
  signal,         ///< an entry or exit signal (or a from_orders row, or a strategy order)
  stop_loss,      ///< the stop-loss price was reached
  take_profit,    ///< the take-profit price was reached
  trailing_stop,  ///< the trailing stop was reached
};

[[nodiscard]] constexpr const char* to_string(OrderReason reason) noexcept {
  switch (reason) {
    case OrderReason::signal: return "signal";
    case OrderReason::stop_loss: return "stop_loss";
    case OrderReason::take_profit: return "take_profit";
    case OrderReason::trailing_stop: return "trailing_stop";
  }
  return "signal";
}

/// One executed fill. `size` is always positive; `side` says the direction. `price` already
/// includes slippage; `fees` is everything the fee model charged for this fill.
struct Fill {
  Side side = Side::buy;
  double size = 0.0;
  double price = 0.0;
  double fees = 0.0;
};

/// A fill with the bar it happened on and the reason for it.
struct OrderRecord {
  std::int64_t bar = 0;
  Side side = Side::buy;
  OrderReason reason = OrderReason::signal;
  double size = 0.0;
  double price = 0.0;
  double fees = 0.0;
};

}  // namespace qbt::exec
