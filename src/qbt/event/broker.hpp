#pragma once
/// The event-driven engine's broker: it keeps the orders a strategy sends, matches them against
/// each new bar as backtrader's BackBroker does, and moves cash and positions through the same
/// exec model as the vectorized engine (exec::Account, FeeModel, SlippageModel, TradeTracker).
///
/// Fill rules (docs/event-engine.md): an order is eligible from the bar after the one it was
/// created on. market: the bar's open (cheat-on-close: the creating bar's close); close: the
/// bar's close; limit: the open when it is already better, else the limit price when the bar
/// reaches it; stop: the open when the bar gaps through the stop, else the stop price when the
/// bar reaches it; stop_limit: once the stop is reached, a limit order; stop_trail: a stop whose
/// price follows each close by an amount or a percentage. Market, close and stop fills carry
/// slippage (kept inside the bar); limit fills do not. A fill the cash cannot pay is refused
/// (status margin), as backtrader does; sizes of +infinity buy what the cash allows.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "qbt/core/timestamp.hpp"
#include "qbt/event/order.hpp"
#include "qbt/exec/account.hpp"
#include "qbt/exec/fee_model.hpp"
#include "qbt/exec/instrument.hpp"
#include "qbt/exec/order.hpp"
#include "qbt/exec/slippage_model.hpp"
#include "qbt/exec/trade.hpp"
#include "qbt/exec/trade_tracker.hpp"

namespace qbt::event {

/// One bar of one feed.
struct BarView {
  Timestamp time = 0;
  double open = 0.0;
  double high = 0.0;
  double low = 0.0;
  double close = 0.0;
  double volume = 0.0;
};

struct BrokerOptions {
  double cash = 10'000.0;  ///< backtrader's default
  exec::FeeModel fees;
  exec::Instrument instrument;  ///< for every feed
  exec::SlippageModel slippage{.fraction = 0.0, .fixed = 0.0, .clamp_to_bar = true};
  /// Market orders fill at the close of the bar that created them (backtrader's cheat-on-close).
  bool cheat_on_close = false;
  /// Each fill takes at most this fraction of the bar's volume (0 = no limit); the rest of the
  /// order waits for the next bars (status partial).
  double volume_fill_fraction = 0.0;

  /// UserInputError naming the option when a value is impossible.
  void validate() const;
};

/// A fill with the feed it traded.
struct FillRecord {
  std::size_t feed = 0;
  OrderId order = k_no_order;
  exec::OrderRecord fill;
};

/// An order's status at the moment it changed (the order may change again before the strategy
/// hears of it, so the status travels with the event).
struct OrderEvent {
  OrderId order = k_no_order;
  OrderStatus status = OrderStatus::accepted;
};

/// A closed (or, at the end, open) trade with its feed.
struct TradeEvent {
  std::size_t feed = 0;
  exec::TradeRecord trade;
};

class Broker {
public:
  Broker(const BrokerOptions& options, std::size_t feeds);

  /// Queue an order created on clock tick `tick`; `size` is resolved (positive, or +infinity).
  /// Returns its id; invalid orders come back rejected.
  OrderId submit(const OrderSpec& spec, double size, std::int64_t tick, Timestamp time,
                 double reference_close, OrderId parent = k_no_order);
  /// Link two waiting orders so that filling one cancels the other.
  void link_oco(OrderId a, OrderId b);
  /// Cancel a waiting order (and its bracket children); false if it is no longer waiting.
  bool cancel(OrderId id);

  /// Match feed k's waiting orders against its bar on clock tick `tick`.
  void on_bar(std::size_t k, std::int64_t tick, const BarView& bar);
  /// Match every waiting order, in submission order, against the bar of its feed on this tick;
  /// `has_bar[k]` says whether feed k has one (`bars[k]` is ignored otherwise). A sale on one
  /// feed therefore pays for a later buy on another at the same open.
  void on_tick(std::int64_t tick, std::span<const BarView> bars, std::span<const char> has_bar);
  /// After the strategy saw the bar: cheat-on-close fills, margin settlement, trailing stops.
  void on_close(std::size_t k, std::int64_t tick, const BarView& bar);

  [[nodiscard]] double cash() const noexcept { return account_.cash(); }
  [[nodiscard]] double position(std::size_t k) const noexcept { return account_.position(k); }
  /// Cash plus every holding at its feed's last close.
  [[nodiscard]] double value() const noexcept;
  [[nodiscard]] const exec::Account& account() const noexcept { return account_; }
  /// The order `id`; UserInputError for an id the broker never gave (k_no_order included).
  [[nodiscard]] const Order& order(OrderId id) const;
  [[nodiscard]] std::span<const Order> orders() const noexcept { return orders_; }
  /// The size order `id` asks for (positive, or +infinity for all the cash allows).
  [[nodiscard]] double requested(OrderId id) const { return requested_.at(static_cast<std::size_t>(id)); }
  [[nodiscard]] std::span<const FillRecord> fills() const noexcept { return fills_; }
  /// Every trade closed so far, in order.
  [[nodiscard]] std::span<const TradeEvent> closed_trades() const noexcept { return closed_trades_; }
  [[nodiscard]] const BrokerOptions& options() const noexcept { return options_; }

  /// Orders whose status changed and trades that closed since the last clear_events().
  [[nodiscard]] std::span<const OrderEvent> order_events() const noexcept { return order_events_; }
  [[nodiscard]] std::span<const TradeEvent> trade_events() const noexcept { return trade_events_; }
  void clear_events() noexcept {
    order_events_.clear();
    trade_events_.clear();
  }

  /// The positions still open, as open trades valued at each feed's last close.
  [[nodiscard]] std::vector<TradeEvent> open_trades(std::int64_t last_tick) const;

private:
  void try_fill(Order& order, std::size_t k, std::int64_t tick, const BarView& bar);
  /// Fill what is left of `order` (or what the volume allows) at `trigger`.
  void fill(Order& order, std::size_t k, std::int64_t tick, const BarView& bar, double trigger,
            bool slip);
  void finish(Order& order, OrderStatus status);
  void drop_dead_orders();
  /// Expire or try to fill one waiting order on its feed's bar; true if it is no longer waiting.
  bool match(Order& order, std::size_t k, std::int64_t tick, const BarView& bar);
  void record(const Order& order) { order_events_.push_back(OrderEvent{order.id, order.status}); }

  BrokerOptions options_;
  exec::Account account_;
  std::vector<exec::TradeTracker> trackers_;
  std::vector<double> last_close_;
  std::vector<std::int64_t> last_tick_;
  std::vector<Order> orders_;
  std::vector<double> requested_;  ///< size per order id
  std::vector<OrderId> waiting_;   ///< alive orders in submission order
  std::vector<FillRecord> fills_;
  std::vector<OrderEvent> order_events_;
  std::vector<TradeEvent> trade_events_;
  std::vector<TradeEvent> closed_trades_;
};

}  // namespace qbt::event
