// Order types against hand-made bars: where each fills, gaps, brackets, cancel, time in force,
// margin refusal and volume-limited partial fills.
#include "qbt/event/broker.hpp"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "qbt/core/error.hpp"

namespace qbt::event {
namespace {

constexpr Timestamp k_day = k_ns_per_day;

BarView bar(std::int64_t day, double open, double high, double low, double close,
            double volume = 1e6) {
  return BarView{day * k_day, open, high, low, close, volume};
}

OrderSpec spec(exec::Side side, OrderType type, double price = std::nan("")) {
  OrderSpec s;
  s.side = side;
  s.type = type;
  s.price = price;
  return s;
}

struct Fixture {
  BrokerOptions options;
  Broker broker;
  explicit Fixture(BrokerOptions o = {}) : options(o), broker(o, 1) {}
  OrderId send(const OrderSpec& s, double size = 1.0, std::int64_t tick = 0, double close = 100.0) {
    return broker.submit(s, size, tick, tick * k_day, close);
  }
  void step(std::int64_t tick, const BarView& b) {
    broker.on_bar(0, tick, b);
    broker.on_close(0, tick, b);
  }
  const Order& order(OrderId id) const { return broker.order(id); }
};

TEST(Broker, MarketFillsAtTheNextOpenNotTheCreatingBar) {
  Fixture f;
  const OrderId id = f.send(spec(exec::Side::buy, OrderType::market));
  f.broker.on_bar(0, 0, bar(0, 99, 101, 98, 100));  // the creating bar: not eligible
  EXPECT_EQ(f.order(id).status, OrderStatus::accepted);
  f.step(1, bar(1, 102, 103, 101, 102.5));
  EXPECT_EQ(f.order(id).status, OrderStatus::completed);
  EXPECT_EQ(f.order(id).average_price, 102.0);
  EXPECT_EQ(f.broker.position(0), 1.0);
  EXPECT_DOUBLE_EQ(f.broker.cash(), 10'000.0 - 102.0);
  EXPECT_DOUBLE_EQ(f.broker.value(), 10'000.0 - 102.0 + 102.5);
}

TEST(Broker, CheatOnCloseFillsAtTheCreatingBarsClose) {
  BrokerOptions options;
  options.cheat_on_close = true;
  Fixture f(options);
  const OrderId id = f.send(spec(exec::Side::buy, OrderType::market));
  f.broker.on_close(0, 0, bar(0, 99, 101, 98, 100));
  EXPECT_EQ(f.order(id).average_price, 100.0);
}

TEST(Broker, LimitBuyFillsAtTheOpenWhenItGapsBelowElseAtTheLimit) {
  Fixture f;
  const OrderId gap = f.send(spec(exec::Side::buy, OrderType::limit, 95.0));
  const OrderId touch = f.send(spec(exec::Side::buy, OrderType::limit, 90.0));
  const OrderId miss = f.send(spec(exec::Side::buy, OrderType::limit, 80.0));
  f.step(1, bar(1, 94, 96, 89, 95));
  EXPECT_EQ(f.order(gap).average_price, 94.0);
  EXPECT_EQ(f.order(touch).average_price, 90.0);
  EXPECT_EQ(f.order(miss).status, OrderStatus::accepted);
}

TEST(Broker, SellLimitAndStopsMirror) {
  Fixture f;
  (void)f.send(spec(exec::Side::buy, OrderType::market), 3.0);
  f.step(1, bar(1, 100, 100, 100, 100));
  const OrderId limit = f.send(spec(exec::Side::sell, OrderType::limit, 105.0), 1.0, 1);
  const OrderId stop = f.send(spec(exec::Side::sell, OrderType::stop, 97.0), 1.0, 1);
  const OrderId gap_stop = f.send(spec(exec::Side::sell, OrderType::stop, 99.5), 1.0, 1);
  f.step(2, bar(2, 99, 106, 96, 100));
  EXPECT_EQ(f.order(limit).average_price, 105.0);
  EXPECT_EQ(f.order(stop).average_price, 97.0);
  EXPECT_EQ(f.order(gap_stop).average_price, 99.0);  // opened below the stop
  EXPECT_EQ(f.broker.position(0), 0.0);
}

TEST(Broker, StopLimitBecomesALimitOnceTriggered) {
  Fixture f;
  OrderSpec s = spec(exec::Side::buy, OrderType::stop_limit, 105.0);
  s.limit_price = 104.0;
  const OrderId id = f.send(s);
  f.step(1, bar(1, 100, 106, 100, 105.5));  // triggers at 105, the price never comes back to 104
  EXPECT_TRUE(f.order(id).triggered);
  EXPECT_EQ(f.order(id).status, OrderStatus::accepted);
  f.step(2, bar(2, 105, 106, 103, 104));
  EXPECT_EQ(f.order(id).average_price, 104.0);
}

TEST(Broker, TrailingStopFollowsTheClose) {
  Fixture f;
  (void)f.send(spec(exec::Side::buy, OrderType::market));
  f.step(1, bar(1, 100, 100, 100, 100));
  OrderSpec trail = spec(exec::Side::sell, OrderType::stop_trail);
  trail.trail_amount = 5.0;
  const OrderId id = f.send(trail, 1.0, 1, 100.0);  // starts at 95
  f.step(2, bar(2, 101, 111, 100, 110));            // moves to 105
  EXPECT_EQ(f.order(id).trail_stop, 105.0);
  f.step(3, bar(3, 108, 109, 104, 106));             // 104 reaches 105
  EXPECT_EQ(f.order(id).status, OrderStatus::completed);
  EXPECT_EQ(f.order(id).average_price, 105.0);
}

TEST(Broker, BracketExitsWaitForTheEntryAndCancelEachOther) {
  Fixture f;
  const OrderId entry = f.send(spec(exec::Side::buy, OrderType::market), 2.0);
  OrderSpec stop = spec(exec::Side::sell, OrderType::stop, 95.0);
  OrderSpec take = spec(exec::Side::sell, OrderType::limit, 110.0);
  const OrderId s = f.broker.submit(stop, f.broker.requested(entry), 0, 0, 100.0, entry);
  const OrderId t = f.broker.submit(take, f.broker.requested(entry), 0, 0, 100.0, entry);
  f.broker.link_oco(s, t);
  EXPECT_FALSE(f.order(s).active);
  f.step(1, bar(1, 100, 112, 90, 100));  // the entry fills; the exits start on the next bar
  EXPECT_EQ(f.order(entry).status, OrderStatus::completed);
  EXPECT_EQ(f.order(s).status, OrderStatus::accepted);
  f.step(2, bar(2, 100, 111, 99, 109));  // take-profit
  EXPECT_EQ(f.order(t).status, OrderStatus::completed);
  EXPECT_EQ(f.order(t).filled, 2.0);
  EXPECT_EQ(f.order(s).status, OrderStatus::canceled);
  EXPECT_EQ(f.broker.position(0), 0.0);
}

TEST(Broker, CancelAndTimeInForce) {
  Fixture f;
  const OrderId canceled = f.send(spec(exec::Side::buy, OrderType::limit, 50.0));
  EXPECT_TRUE(f.broker.cancel(canceled));
  EXPECT_FALSE(f.broker.cancel(canceled));
  EXPECT_EQ(f.order(canceled).status, OrderStatus::canceled);
  OrderSpec day = spec(exec::Side::buy, OrderType::limit, 50.0);
  day.time_in_force = TimeInForce::day;
  const OrderId day_id = f.send(day);
  OrderSpec until = spec(exec::Side::buy, OrderType::limit, 50.0);
  until.time_in_force = TimeInForce::until;
  until.valid_until = 3 * k_day;
  const OrderId until_id = f.send(until);
  f.step(1, bar(1, 100, 100, 100, 100));
  EXPECT_EQ(f.order(day_id).status, OrderStatus::expired);
  EXPECT_EQ(f.order(until_id).status, OrderStatus::accepted);
  f.step(4, bar(4, 100, 100, 100, 100));
  EXPECT_EQ(f.order(until_id).status, OrderStatus::expired);
}

TEST(Broker, RefusesWhatTheCashCannotPay) {
  Fixture f;
  const OrderId id = f.send(spec(exec::Side::buy, OrderType::market), 1000.0);
  f.step(1, bar(1, 100, 100, 100, 100));
  EXPECT_EQ(f.order(id).status, OrderStatus::margin);
  EXPECT_EQ(f.broker.cash(), 10'000.0);
}

TEST(Broker, VolumeLimitFillsPartOfTheOrderPerBar) {
  BrokerOptions options;
  options.volume_fill_fraction = 0.5;
  options.cash = 1e6;
  Fixture f(options);
  const OrderId id = f.send(spec(exec::Side::buy, OrderType::market), 30.0);
  f.step(1, bar(1, 100, 100, 100, 100, 40.0));
  EXPECT_EQ(f.order(id).status, OrderStatus::partial);
  EXPECT_EQ(f.order(id).filled, 20.0);
  f.step(2, bar(2, 101, 101, 101, 101, 40.0));
  EXPECT_EQ(f.order(id).status, OrderStatus::completed);
  EXPECT_DOUBLE_EQ(f.order(id).average_price, (20.0 * 100 + 10.0 * 101) / 30.0);
}

TEST(Broker, SlippageStaysInsideTheBar) {
  BrokerOptions options;
  options.slippage.fraction = 0.01;
  Fixture f(options);
  const OrderId id = f.send(spec(exec::Side::buy, OrderType::market));
  f.step(1, bar(1, 100, 100.5, 99, 100));
  EXPECT_EQ(f.order(id).average_price, 100.5);
}

TEST(Broker, InvalidOrdersAreRejected) {
  Fixture f;
  EXPECT_EQ(f.order(f.send(spec(exec::Side::buy, OrderType::limit))).status, OrderStatus::rejected);
  EXPECT_EQ(f.order(f.send(spec(exec::Side::buy, OrderType::market), 0.0)).status,
            OrderStatus::rejected);
  BrokerOptions bad;
  bad.cash = -1;
  EXPECT_THROW(Broker(bad, 1), UserInputError);
}

}  // namespace
}  // namespace qbt::event
