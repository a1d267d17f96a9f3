#pragma once
/// The event-driven engine (backtrader's Cerebro): feeds, a clock over all their timestamps, a
/// broker, a strategy, and statistics. On each clock tick, for every feed with a bar at that
/// time: the broker matches waiting orders against the bar, the bar becomes visible, the feed's
/// indicators update; then higher-timeframe feeds whose bar has just closed become visible;
/// then the strategy hears about fills and closed trades and sees the bar (on_bar); then
/// cheat-on-close orders fill at the close, futures settle and trailing stops move; finally the
/// portfolio is valued. Nothing a strategy can read depends on a later bar.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "qbt/core/aligned_allocator.hpp"
#include "qbt/core/frequency.hpp"
#include "qbt/core/timestamp.hpp"
#include "qbt/data/bar_frame.hpp"
#include "qbt/event/broker.hpp"
#include "qbt/event/feed.hpp"
#include "qbt/event/strategy.hpp"
#include "qbt/metrics/annualization.hpp"
#include "qbt/metrics/stats.hpp"

namespace qbt::event {

struct EngineOptions {
  BrokerOptions broker;
  metrics::StatsOptions stats;
};

struct RunResult {
  std::vector<Timestamp> clock;  ///< one entry per tick
  AlignedVector<double> value;   ///< portfolio value after each tick
  AlignedVector<double> cash;
  /// Units held per data feed after each tick (positions[k][tick]); empty for resampled feeds.
  std::vector<AlignedVector<double>> positions;
  /// Each data feed's close at each tick (the last one seen), for valuing positions.
  std::vector<AlignedVector<double>> marks;
  std::vector<FillRecord> fills;
  std::vector<TradeEvent> trades;  ///< closed trades in exit order, then the open ones
  std::vector<Order> orders;
  metrics::Stats stats;
  double bars_per_year = 0.0;
  double start_cash = 0.0;
};

class Engine {
public:
  explicit Engine(EngineOptions options = {});
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  ~Engine();

  /// Add a data feed; returns its index (0 for the first).
  std::size_t add_feed(data::BarFrame bars);
  /// Add feed `base` resampled to `to` (weekly bars of a daily feed, ...): each of its bars
  /// becomes visible on the tick of the last base bar it contains, never earlier.
  std::size_t add_resampled_feed(std::size_t base, Frequency to);

  /// Run `strategy` over every tick. One run per engine.
  RunResult run(Strategy& strategy);

private:
  friend class Context;
  struct Registered;

  void advance_feed(std::size_t k);
  void update_indicators(std::size_t k);
  void notify(Strategy& strategy, Context& context);
  OrderId submit(const OrderSpec& spec);
  IndicatorRef add_indicator(std::string_view name,
                             std::initializer_list<indicators::ParamArg> params,
                             std::vector<Line> inputs, std::size_t feed);

  EngineOptions options_;
  std::vector<std::unique_ptr<Feed>> feeds_;
  /// For a resampled feed: the base bar index on which each of its bars closes.
  std::vector<std::vector<std::size_t>> completes_at_;
  std::vector<std::vector<std::size_t>> resampled_of_;  ///< per base feed
  std::vector<std::unique_ptr<Registered>> indicators_;
  std::unique_ptr<Sizer> sizer_;
  std::optional<Broker> broker_;
  std::int64_t tick_ = -1;
  Timestamp now_ = 0;
  bool ran_ = false;
  std::size_t fills_seen_ = 0;
  std::vector<OrderEvent> notify_orders_;  ///< scratch of notify(), reused
  std::vector<TradeEvent> notify_trades_;  ///< scratch of notify(), reused
};

}  // namespace qbt::event
