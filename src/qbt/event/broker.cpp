#include "qbt/event/broker.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "qbt/core/error.hpp"
#include "qbt/exec/fill_price.hpp"

namespace qbt::event {

namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();

std::int64_t utc_date(Timestamp ts) noexcept {
  return ts >= 0 ? ts / k_ns_per_day : (ts - k_ns_per_day + 1) / k_ns_per_day;
}

}  // namespace

void BrokerOptions::validate() const {
  if (!std::isfinite(cash) || cash <= 0.0) {
    throw UserInputError(fmt::format("initial cash must be a finite number > 0, got {}", cash));
  }
  fees.validate();
  instrument.validate();
  slippage.validate();
  if (!std::isfinite(volume_fill_fraction) || volume_fill_fraction < 0.0) {
    throw UserInputError(fmt::format("volume fill fraction must be >= 0, got {}", volume_fill_fraction));
  }
}

Broker::Broker(const BrokerOptions& options, std::size_t feeds)
    : options_(options),
      account_(options.cash, std::vector<exec::Instrument>(feeds, options.instrument)),
      trackers_(feeds, exec::TradeTracker(options.instrument.multiplier)),
      last_close_(feeds, std::numeric_limits<double>::quiet_NaN()),
      last_tick_(feeds, 0) {
  options_.validate();
  orders_.reserve(1024);
  requested_.reserve(1024);
  waiting_.reserve(64);
  fills_.reserve(1024);
  order_events_.reserve(64);
  trade_events_.reserve(64);
  closed_trades_.reserve(1024);
}

OrderId Broker::submit(const OrderSpec& spec, double size, std::int64_t tick, Timestamp time,
                       double reference_close, OrderId parent) {
  Order order;
  order.id = static_cast<OrderId>(orders_.size());
  order.spec = spec;
  order.created_bar = tick;
  order.created_time = time;
  order.parent = parent;
  order.active = parent == k_no_order;
  const bool needs_price = spec.type == OrderType::limit || spec.type == OrderType::stop ||
                           spec.type == OrderType::stop_limit;
  const bool valid = spec.feed < trackers_.size() && size > 0.0 && !std::isnan(size) &&
                     (!needs_price || (std::isfinite(spec.price) && spec.price > 0.0)) &&
                     (spec.type != OrderType::stop_limit || std::isfinite(spec.limit_price)) &&
                     (spec.type != OrderType::stop_trail ||
                      ((spec.trail_amount > 0.0) != (spec.trail_percent > 0.0)));
  if (spec.type == OrderType::stop_trail && valid) {
    const double distance = spec.trail_amount > 0.0 ? spec.trail_amount
                                                    : reference_close * spec.trail_percent;
    order.trail_stop = spec.side == exec::Side::sell ? reference_close - distance
                                                     : reference_close + distance;
  }
  order.status = valid ? OrderStatus::accepted : OrderStatus::rejected;
  orders_.push_back(order);
  requested_.push_back(size);
  record(order);
  if (valid) {
    waiting_.push_back(order.id);
  }
  return order.id;
}

void Broker::link_oco(OrderId a, OrderId b) {
  orders_.at(static_cast<std::size_t>(a)).oco = b;
  orders_.at(static_cast<std::size_t>(b)).oco = a;
}

bool Broker::cancel(OrderId id) {
  if (id < 0 || static_cast<std::size_t>(id) >= orders_.size()) {
    return false;
  }
  Order& order = orders_[static_cast<std::size_t>(id)];
  if (!order.alive()) {
    return false;
  }
  finish(order, OrderStatus::canceled);
  drop_dead_orders();
  return true;
}

void Broker::finish(Order& order, OrderStatus status) {
  order.status = status;
  record(order);
  if (status == OrderStatus::completed) {
    // One-cancels-other, and bracket children start working.
    if (order.oco != k_no_order) {
      Order& peer = orders_[static_cast<std::size_t>(order.oco)];
      if (peer.alive()) {
        peer.status = OrderStatus::canceled;
        record(peer);
      }
    }
    for (const OrderId id : waiting_) {
      Order& child = orders_[static_cast<std::size_t>(id)];
      if (child.parent == order.id) {
        child.active = true;
        child.activated_bar = order.executed_bar;  // works from the next bar
        requested_[static_cast<std::size_t>(id)] = order.filled;  // exit what the entry got
      }
    }
    return;
  }
  // An order that will never fill takes its bracket children with it.
  for (const OrderId id : waiting_) {
    Order& child = orders_[static_cast<std::size_t>(id)];
    if (child.parent == order.id && child.alive()) {
      child.status = OrderStatus::canceled;
      record(child);
    }
  }
}

void Broker::drop_dead_orders() {
  std::erase_if(waiting_, [this](OrderId id) { return !orders_[static_cast<std::size_t>(id)].alive(); });
}

double Broker::value() const noexcept {
  double total = account_.cash();
  for (std::size_t k = 0; k < last_close_.size(); ++k) {
    if (account_.position(k) != 0.0) {
      total += account_.holding_value(k, last_close_[k]);
    }
  }
  return total;
}

const Order& Broker::order(OrderId id) const {
  if (id < 0 || static_cast<std::size_t>(id) >= orders_.size()) {
    throw UserInputError(fmt::format("no order {} (ids run from 0 to {}; {} means none was sent)",
                                     id, static_cast<std::int64_t>(orders_.size()) - 1, k_no_order));
  }
  return orders_[static_cast<std::size_t>(id)];
}

bool Broker::match(Order& order, std::size_t k, std::int64_t tick, const BarView& bar) {
  if (!order.alive()) {
    return true;
  }
  if (!order.active || order.created_bar >= tick || order.activated_bar >= tick) {
    return false;
  }
  const bool expired =
      (order.spec.time_in_force == TimeInForce::day &&
       utc_date(bar.time) > utc_date(order.created_time)) ||
      (order.spec.time_in_force == TimeInForce::until && bar.time > order.spec.valid_until);
  if (expired) {
    finish(order, OrderStatus::expired);
    return true;
  }
  try_fill(order, k, tick, bar);
  return !order.alive();
}

void Broker::on_bar(std::size_t k, std::int64_t tick, const BarView& bar) {
  last_tick_[k] = tick;
  bool any_dead = false;
  // Index loop: fills may activate bracket children but never add waiting orders.
  for (std::size_t w = 0; w < waiting_.size(); ++w) {
    Order& order = orders_[static_cast<std::size_t>(waiting_[w])];
    if (order.spec.feed == k) {
      any_dead |= match(order, k, tick, bar);
    } else {
      any_dead |= !order.alive();
    }
  }
  if (any_dead) {
    drop_dead_orders();
  }
}

void Broker::on_tick(std::int64_t tick, std::span<const BarView> bars,
                     std::span<const char> has_bar) {
  bool any_dead = false;
  for (std::size_t k = 0; k < has_bar.size(); ++k) {
    if (has_bar[k] != 0) {
      last_tick_[k] = tick;
    }
  }
  for (std::size_t w = 0; w < waiting_.size(); ++w) {
    Order& order = orders_[static_cast<std::size_t>(waiting_[w])];
    const std::size_t k = order.spec.feed;
    if (has_bar[k] != 0) {
      any_dead |= match(order, k, tick, bars[k]);
    } else {
      any_dead |= !order.alive();
    }
  }
  if (any_dead) {
    drop_dead_orders();
  }
}

void Broker::try_fill(Order& order, std::size_t k, std::int64_t tick, const BarView& bar) {
  const bool buy = order.spec.side == exec::Side::buy;
  switch (order.spec.type) {
    case OrderType::market:
      fill(order, k, tick, bar, bar.open, true);
      return;
    case OrderType::close:
      fill(order, k, tick, bar, bar.close, true);
      return;
    case OrderType::limit: {
      const auto price = buy ? exec::fill_falling_to(order.spec.price, bar.open, bar.low)
                             : exec::fill_rising_to(order.spec.price, bar.open, bar.high);
      if (price) {
        fill(order, k, tick, bar, *price, false);
      }
      return;
    }
    case OrderType::stop:
    case OrderType::stop_trail: {
      const double level = order.spec.type == OrderType::stop ? order.spec.price : order.trail_stop;
      const auto price = buy ? exec::fill_rising_to(level, bar.open, bar.high)
                             : exec::fill_falling_to(level, bar.open, bar.low);
      if (price) {
        fill(order, k, tick, bar, *price, true);
      }
      return;
    }
    case OrderType::stop_limit: {
      const double stop = order.spec.price;
      const double limit = order.spec.limit_price;
      bool gapped = false;
      if (!order.triggered) {
        const auto hit = buy ? exec::fill_rising_to(stop, bar.open, bar.high)
                             : exec::fill_falling_to(stop, bar.open, bar.low);
        if (!hit) {
          return;
        }
        order.triggered = true;
        gapped = *hit == bar.open;
        if (!gapped) {
          // Triggered inside the bar at the stop price: a limit at least as good fills there.
          // A worse limit waits for the next bars: the bar's path after the stop is unknown.
          if (buy ? stop <= limit : stop >= limit) {
            fill(order, k, tick, bar, stop, false);
          }
          return;
        }
      }
      const auto price = buy ? exec::fill_falling_to(limit, bar.open, bar.low)
                             : exec::fill_rising_to(limit, bar.open, bar.high);
      if (price) {
        fill(order, k, tick, bar, *price, false);
      }
      return;
    }
  }
}

void Broker::fill(Order& order, std::size_t k, std::int64_t tick, const BarView& bar,
                  double trigger, bool slip) {
  const auto id = static_cast<std::size_t>(order.id);
  const exec::Side side = order.spec.side;
  const double price = slip ? options_.slippage.apply(trigger, side, bar.low, bar.high) : trigger;
  const double before = account_.position(k);
  exec::Fill done{side, 0.0, price, 0.0};
  double requested = requested_[id] - order.filled;
  if (options_.volume_fill_fraction > 0.0) {
    requested = std::min(requested, std::floor(bar.volume * options_.volume_fill_fraction));
    if (!(requested > 0.0)) {
      return;  // nothing traded on this bar; wait
    }
  }
  if (std::isinf(requested)) {
    // As much as the cash allows: the vectorized engine's sizing, through the same account.
    if (side == exec::Side::buy) {
      done = account_.buy(k_inf, price, options_.fees, 0.0, k);
    } else {
      done = account_.sell(account_.max_sell_size(price, options_.fees, k), price, options_.fees,
                           0.0, k);
    }
    if (done.size == 0.0) {
      finish(order, OrderStatus::margin);
      return;
    }
  } else {
    const double fee = options_.fees.fee(requested, price);
    const double units = side == exec::Side::buy ? requested : -requested;
    const double needed = account_.cash_needed(k, units, price, fee);
    if (needed > 0.0 && needed > account_.cash() && !exec::is_close(needed, account_.cash())) {
      finish(order, OrderStatus::margin);
      return;
    }
    account_.execute(k, units, price, fee);
    done.size = requested;
    done.fees = fee;
  }
  order.average_price =
      (order.average_price * order.filled + done.price * done.size) / (order.filled + done.size);
  order.filled += done.size;
  order.commission += done.fees;
  order.executed_bar = tick;
  fills_.push_back(FillRecord{k, order.id,
                              exec::OrderRecord{tick, side, exec::OrderReason::signal, done.size,
                                                done.price, done.fees}});
  trackers_[k].on_fill(tick, done, before, [&](const exec::TradeRecord& trade) {
    trade_events_.push_back(TradeEvent{k, trade});
    closed_trades_.push_back(TradeEvent{k, trade});
  });
  const bool complete = std::isinf(requested_[id]) || exec::is_close(order.filled, requested_[id]) ||
                        order.filled >= requested_[id];
  if (complete) {
    finish(order, OrderStatus::completed);
  } else {
    order.status = OrderStatus::partial;
    record(order);
  }
}

void Broker::on_close(std::size_t k, std::int64_t tick, const BarView& bar) {
  last_close_[k] = bar.close;
  bool any_dead = false;
  for (std::size_t w = 0; w < waiting_.size(); ++w) {
    Order& order = orders_[static_cast<std::size_t>(waiting_[w])];
    if (order.spec.feed != k || !order.alive() || !order.active) {
      continue;
    }
    if (options_.cheat_on_close && order.spec.type == OrderType::market &&
        order.created_bar == tick) {
      fill(order, k, tick, bar, bar.close, true);
      any_dead |= !order.alive();
      continue;
    }
    if (order.spec.type == OrderType::stop_trail && order.created_bar < tick) {
      const double distance = order.spec.trail_amount > 0.0 ? order.spec.trail_amount
                                                            : bar.close * order.spec.trail_percent;
      order.trail_stop = order.spec.side == exec::Side::sell
                             ? std::max(order.trail_stop, bar.close - distance)
                             : std::min(order.trail_stop, bar.close + distance);
    }
  }
  if (any_dead) {
    drop_dead_orders();
  }
  account_.mark_to_market(k, bar.close);
}

std::vector<TradeEvent> Broker::open_trades(std::int64_t last_tick) const {
  std::vector<TradeEvent> open;
  for (std::size_t k = 0; k < trackers_.size(); ++k) {
    if (auto trade = trackers_[k].open_trade(last_tick, last_close_[k])) {
      open.push_back(TradeEvent{k, *trade});
    }
  }
  return open;
}

}  // namespace qbt::event
