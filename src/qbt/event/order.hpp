#pragma once
/// Orders of the event-driven engine, as backtrader's: what a strategy asks for (OrderSpec) and
/// the broker's record of it (Order). docs/event-engine.md gives every fill rule.

#include <cstddef>
#include <cstdint>
#include <limits>

#include "qbt/core/timestamp.hpp"
#include "qbt/exec/order.hpp"

namespace qbt::event {

using OrderId = std::int64_t;
inline constexpr OrderId k_no_order = -1;

enum class OrderType : std::uint8_t {
  market,      ///< next bar's open (this bar's close with cheat-on-close)
  close,       ///< next bar's close
  limit,       ///< at `price` or better
  stop,        ///< becomes a market order when the price reaches `price`
  stop_limit,  ///< becomes a limit order at `limit_price` when the price reaches `price`
  stop_trail,  ///< a stop that follows the close by `trail_amount` or `trail_percent`
};

enum class OrderStatus : std::uint8_t {
  accepted,   ///< waiting in the broker
  partial,    ///< partly filled (volume limit); the rest waits
  completed,  ///< fully filled
  canceled,   ///< by the strategy, by one-cancels-other, or a bracket whose parent went away
  expired,    ///< its time in force ran out
  margin,     ///< the cash could not cover it when it would have filled
  rejected,   ///< invalid (a size of 0, a limit order without a price, ...)
};

enum class TimeInForce : std::uint8_t {
  gtc,    ///< good till canceled
  day,    ///< expires at the end of the day (UTC date) it was created
  until,  ///< expires after `valid_until`
};

[[nodiscard]] const char* to_string(OrderType type) noexcept;
[[nodiscard]] const char* to_string(OrderStatus status) noexcept;

/// What a strategy asks for.
struct OrderSpec {
  std::size_t feed = 0;
  exec::Side side = exec::Side::buy;
  /// Units (positive); NaN lets the strategy's sizer decide; +infinity buys what the cash allows.
  double size = std::numeric_limits<double>::quiet_NaN();
  OrderType type = OrderType::market;
  double price = std::numeric_limits<double>::quiet_NaN();        ///< limit or stop price
  double limit_price = std::numeric_limits<double>::quiet_NaN();  ///< stop_limit's limit
  double trail_amount = 0.0;   ///< stop_trail: distance in price units
  double trail_percent = 0.0;  ///< stop_trail: distance as a fraction of the close
  TimeInForce time_in_force = TimeInForce::gtc;
  Timestamp valid_until = 0;  ///< TimeInForce::until
};

/// The broker's record of an order.
struct Order {
  OrderId id = k_no_order;
  OrderSpec spec;
  OrderStatus status = OrderStatus::accepted;
  double filled = 0.0;         ///< units filled so far
  double average_price = 0.0;  ///< of the fills, slippage included
  double commission = 0.0;     ///< fees of the fills
  std::int64_t created_bar = 0;    ///< clock tick of creation
  Timestamp created_time = 0;
  std::int64_t executed_bar = -1;  ///< clock tick of the last fill
  OrderId parent = k_no_order;     ///< bracket child: waits for this order to complete
  OrderId oco = k_no_order;        ///< one-cancels-other peer
  bool active = true;              ///< false for a bracket child until its parent completes
  std::int64_t activated_bar = -1;  ///< a bracket child works from the bar after this one
  bool triggered = false;          ///< stop_limit: the stop was reached, now a limit
  double trail_stop = std::numeric_limits<double>::quiet_NaN();  ///< stop_trail's level

  [[nodiscard]] bool alive() const noexcept {
    return status == OrderStatus::accepted || status == OrderStatus::partial;
  }
  [[nodiscard]] double remaining(double requested) const noexcept { return requested - filled; }
};

}  // namespace qbt::event
