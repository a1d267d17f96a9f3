#pragma once
/// What a user writes for the event-driven engine: a Strategy with callbacks, and the Context
/// through which it reads its feeds and indicators, sends orders and sees the account. The
/// engine calls, on every clock tick: on_order / on_trade for what the broker did since the
/// last tick (fills happen before the strategy sees the bar, as in backtrader), then on_bar.

#include <cstddef>
#include <initializer_list>
#include <limits>
#include <memory>
#include <string_view>
#include <vector>

#include "qbt/core/timestamp.hpp"
#include "qbt/data/bar_frame.hpp"
#include "qbt/event/feed.hpp"
#include "qbt/event/line.hpp"
#include "qbt/event/order.hpp"
#include "qbt/event/sizer.hpp"
#include "qbt/exec/trade.hpp"
#include "qbt/indicators/indicator.hpp"

namespace qbt::event {

class Engine;

/// A streaming indicator registered by a strategy: its output lines, updated on every new bar
/// of its feed before on_bar.
class IndicatorRef {
public:
  IndicatorRef() = default;
  IndicatorRef(std::vector<Line> lines) : lines_(std::move(lines)) {}  // NOLINT: implicit
  /// Output line `index` (in the indicator's output order).
  [[nodiscard]] Line line(std::size_t index = 0) const { return lines_.at(index); }
  /// The first line's value `ago` bars back (0 = now).
  [[nodiscard]] double operator()(std::int64_t ago = 0) const noexcept { return lines_[0](ago); }

private:
  std::vector<Line> lines_;
};

/// The three orders of a bracket: an entry, a protective stop and a take-profit limit; the two
/// exits start working when the entry fills and cancel each other.
struct Bracket {
  OrderId entry = k_no_order;
  OrderId stop = k_no_order;
  OrderId limit = k_no_order;
};

class Context {
public:
  explicit Context(Engine& engine) noexcept : engine_(&engine) {}

  // --- data
  [[nodiscard]] const Feed& feed(std::size_t k = 0) const;
  [[nodiscard]] std::size_t feed_count() const noexcept;
  /// Timestamp of the current clock tick.
  [[nodiscard]] Timestamp now() const noexcept;
  /// Clock ticks so far, counting the current one.
  [[nodiscard]] std::int64_t bar_count() const noexcept;

  // --- indicators (register them in on_start)
  /// A registry indicator on feed k's declared fields (SMA reads the close).
  IndicatorRef indicator(std::string_view name, std::initializer_list<indicators::ParamArg> params,
                         std::size_t feed = 0);
  /// A registry indicator on other lines (another indicator's output, a feed's high, ...), all of
  /// one feed, in the indicator's input order.
  IndicatorRef indicator(std::string_view name, std::initializer_list<indicators::ParamArg> params,
                         std::vector<Line> inputs, std::size_t feed = 0);

  // --- orders
  /// A market buy of `size` units (NaN: the sizer decides) on feed k.
  OrderId buy(double size = std::numeric_limits<double>::quiet_NaN(), std::size_t feed = 0);
  OrderId sell(double size = std::numeric_limits<double>::quiet_NaN(), std::size_t feed = 0);
  /// A market order that flattens feed k's position (none if flat).
  OrderId close(std::size_t feed = 0);
  OrderId submit(const OrderSpec& spec);
  /// An entry plus a stop-loss at `stop_price` and a take-profit at `limit_price` on the other
  /// side, for the entry's size.
  Bracket bracket(const OrderSpec& entry, double stop_price, double limit_price);
  bool cancel(OrderId id);
  [[nodiscard]] const Order& order(OrderId id) const;
  /// Orders with size NaN ask this sizer (default: a fixed stake of 1, as backtrader).
  void set_sizer(std::unique_ptr<Sizer> sizer);

  // --- account
  [[nodiscard]] double cash() const noexcept;
  [[nodiscard]] double value() const noexcept;
  [[nodiscard]] double position(std::size_t feed = 0) const noexcept;

private:
  Engine* engine_;
};

class Strategy {
public:
  Strategy() = default;
  Strategy(const Strategy&) = delete;
  Strategy& operator=(const Strategy&) = delete;
  virtual ~Strategy() = default;

  /// Before the first bar: register indicators, pick a sizer.
  virtual void on_start(Context& /*context*/) {}
  /// Every clock tick, after the broker's fills and the indicator updates.
  virtual void on_bar(Context& context) = 0;
  /// An order changed status (accepted, partial, completed, canceled, expired, margin, ...).
  virtual void on_order(Context& /*context*/, const Order& /*order*/) {}
  /// A trade closed (vectorbt's exit trades: a reduction of a position).
  virtual void on_trade(Context& /*context*/, const exec::TradeRecord& /*trade*/,
                        std::size_t /*feed*/) {}
  /// After the last bar.
  virtual void on_stop(Context& /*context*/) {}
};

}  // namespace qbt::event
