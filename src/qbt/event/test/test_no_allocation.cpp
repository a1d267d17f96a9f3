// The event-driven engine allocates nothing per bar in the steady state: a run over twice the
// bars performs exactly as many heap allocations as a run over half of them (set-up allocations
// depend on the number of indicators and feeds, not of bars; order books are reserved). This
// executable replaces the global operator new to count.

#include <atomic>
#include <cstdlib>
#include <new>

#include <gtest/gtest.h>

#include "qbt/data/synthetic.hpp"
#include "qbt/event/engine.hpp"

namespace {
std::atomic<long long> g_allocations{0};
}  // namespace

// The replacements below pair operator new with malloc and operator delete with free, which GCC's
// -Wmismatched-new-delete cannot see through.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) {
    return p;
  }
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
// The nothrow forms too (std::stable_sort's buffer uses them), so that a sanitizer's own
// allocation is never paired with the free() below.
void* operator new(std::size_t size, const std::nothrow_t& /*tag*/) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
  return operator new(size, tag);
}
void operator delete(void* p, const std::nothrow_t& /*tag*/) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t& /*tag*/) noexcept { std::free(p); }
void* operator new(std::size_t size, std::align_val_t align) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  const std::size_t a = static_cast<std::size_t>(align);
  if (void* p = std::aligned_alloc(a, (size + a - 1) / a * a)) {
    return p;
  }
  throw std::bad_alloc();
}
void* operator new[](std::size_t size, std::align_val_t align) { return operator new(size, align); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace qbt::event {
namespace {

class TradingStrategy final : public Strategy {
public:
  void on_start(Context& context) override {
    fast_ = context.indicator("SMA", {{"period", 10}});
    slow_ = context.indicator("SMA", {{"period", 40}});
    cross_ = context.indicator("CrossOver", {}, {fast_.line(), slow_.line()});
    rsi_ = context.indicator("RSI", {{"period", 14}});
    atr_ = context.indicator("ATR", {{"period", 14}});
  }
  void on_order(Context& /*context*/, const Order& order) override { completed_ += order.alive() ? 0 : 1; }
  void on_trade(Context& /*context*/, const exec::TradeRecord& trade, std::size_t /*feed*/) override {
    pnl_ += trade.pnl;
  }
  void on_bar(Context& context) override {
    if (cross_(0) > 0.0 && context.position() == 0.0) {
      OrderSpec entry;
      entry.size = 10.0;
      const double close = context.feed().close(0);
      context.bracket(entry, close - 3.0 * atr_(0), close + 3.0 * atr_(0));
    } else if (cross_(0) < 0.0 && context.position() != 0.0 && rsi_(0) < 60.0) {
      context.close();
    }
  }

private:
  IndicatorRef fast_, slow_, cross_, rsi_, atr_;
  long long completed_ = 0;
  double pnl_ = 0.0;
};

long long allocations_of_run(const data::BarFrame& bars, std::size_t* orders) {
  EngineOptions options;
  options.broker.cash = 1e6;
  Engine engine(options);
  engine.add_feed(bars);
  TradingStrategy strategy;
  const long long before = g_allocations.load();
  const RunResult result = engine.run(strategy);
  const long long after = g_allocations.load();
  *orders = result.orders.size();
  return after - before;
}

TEST(EventEngineAllocations, NoneGrowWithTheNumberOfBars) {
  data::SyntheticOptions synthetic;
  synthetic.seed = 8;
  synthetic.volatility = 0.4;
  synthetic.bars = 10'000;
  const data::BarFrame small = data::generate_bars(synthetic);
  synthetic.bars = 20'000;
  const data::BarFrame large = data::generate_bars(synthetic);
  std::size_t small_orders = 0;
  std::size_t large_orders = 0;
  (void)allocations_of_run(small, &small_orders);  // first use builds the indicator registry
  const long long small_allocations = allocations_of_run(small, &small_orders);
  const long long large_allocations = allocations_of_run(large, &large_orders);
  ASSERT_GT(large_orders, small_orders + 50);  // it trades all along, brackets included
  ASSERT_LT(large_orders, 1000u);              // inside the broker's reserved order book
  EXPECT_EQ(large_allocations, small_allocations);
}

}  // namespace
}  // namespace qbt::event
