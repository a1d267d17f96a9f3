#include "qbt/event/engine.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "qbt/core/error.hpp"
#include "qbt/data/infer_frequency.hpp"
#include "qbt/data/resample.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/registry.hpp"
#include "qbt/metrics/stats_accumulator.hpp"

namespace qbt::event {

/// One streaming indicator: its state, where its inputs come from and its output columns (one
/// value per bar of its feed, so Lines over them share the feed's visible length).
struct Engine::Registered {
  std::unique_ptr<indicators::IndicatorStream> stream;
  std::size_t feed = 0;
  std::vector<Line> inputs;
  std::vector<AlignedVector<double>> outputs;
  std::vector<double> in;   ///< scratch, one per input
  std::vector<double> out;  ///< scratch, one per output
};

Engine::Engine(EngineOptions options) : options_(std::move(options)), sizer_(fixed_size(1.0)) {
  options_.broker.validate();
}

Engine::~Engine() = default;

std::size_t Engine::add_feed(data::BarFrame bars) {
  if (ran_) {
    throw UserInputError("add feeds before running the engine");
  }
  const std::size_t k = feeds_.size();
  feeds_.push_back(std::make_unique<Feed>(std::move(bars), k));
  completes_at_.emplace_back();
  resampled_of_.emplace_back();
  return k;
}

std::size_t Engine::add_resampled_feed(std::size_t base, Frequency to) {
  if (base >= feeds_.size() || feeds_[base]->base() != base) {
    throw UserInputError(fmt::format("feed {} is not a data feed to resample", base));
  }
  const data::BarFrame& source = feeds_[base]->bars();
  data::ResampleOptions options;
  options.to = to;
  options.label = data::ResampleLabel::last;  // stamped by its last source bar
  data::BarFrame resampled = data::resample(source, options);
  // A resampled bar closes on the base bar that carries its (last-source-bar) timestamp.
  std::vector<std::size_t> completes;
  completes.reserve(resampled.size());
  const auto source_times = source.timestamps();
  std::size_t j = 0;
  for (const Timestamp ts : resampled.timestamps()) {
    while (j < source_times.size() && source_times[j] < ts) {
      ++j;
    }
    completes.push_back(j);
  }
  const std::size_t k = feeds_.size();
  feeds_.push_back(std::make_unique<Feed>(std::move(resampled), base));
  completes_at_.push_back(std::move(completes));
  resampled_of_.emplace_back();
  resampled_of_[base].push_back(k);
  return k;
}

IndicatorRef Engine::add_indicator(std::string_view name,
                                   std::initializer_list<indicators::ParamArg> params,
                                   std::vector<Line> inputs, std::size_t feed) {
  if (feed >= feeds_.size()) {
    throw UserInputError(fmt::format("indicator {}: no feed {}", name, feed));
  }
  const indicators::Indicator& indicator = indicators::builtin_indicators().at(name);
  const indicators::ParamValues values = indicator.resolve(params);
  Feed& f = *feeds_[feed];
  if (inputs.empty()) {
    for (const data::Field field : indicator.inputs()) {
      inputs.push_back(f.line(field));
    }
  }
  if (inputs.size() != indicator.inputs().size()) {
    throw UserInputError(fmt::format("indicator {} reads {} input(s), got {}", indicator.name(),
                                     indicator.inputs().size(), inputs.size()));
  }
  auto registered = std::make_unique<Registered>();
  registered->stream = indicator.make_stream(values);
  registered->feed = feed;
  registered->inputs = std::move(inputs);
  registered->in.resize(registered->inputs.size());
  registered->out.resize(indicator.outputs().size());
  std::vector<Line> lines;
  for (std::size_t l = 0; l < indicator.outputs().size(); ++l) {
    registered->outputs.emplace_back(f.bars().size(), std::numeric_limits<double>::quiet_NaN());
    lines.emplace_back(registered->outputs.back().data(), &f.length_);
  }
  indicators_.push_back(std::move(registered));
  return IndicatorRef(std::move(lines));
}

void Engine::update_indicators(std::size_t k) {
  const std::size_t row = feeds_[k]->length_ - 1;
  for (const auto& registered : indicators_) {
    if (registered->feed != k) {
      continue;
    }
    for (std::size_t i = 0; i < registered->inputs.size(); ++i) {
      registered->in[i] = registered->inputs[i](0);
    }
    registered->stream->update(registered->in, registered->out);
    for (std::size_t l = 0; l < registered->out.size(); ++l) {
      registered->outputs[l][row] = registered->out[l];
    }
  }
}

void Engine::advance_feed(std::size_t k) {
  Feed& base = *feeds_[k];
  ++base.length_;
  update_indicators(k);
  const std::size_t row = base.length_ - 1;
  for (const std::size_t r : resampled_of_[k]) {
    Feed& higher = *feeds_[r];
    const auto& completes = completes_at_[r];
    while (higher.length_ < completes.size() && completes[higher.length_] == row) {
      ++higher.length_;
      update_indicators(r);
    }
  }
}

OrderId Engine::submit(const OrderSpec& requested) {
  if (!broker_) {
    throw UserInputError("orders can be sent from on_bar only");
  }
  OrderSpec spec = requested;
  if (spec.feed >= feeds_.size()) {
    throw UserInputError(fmt::format("order on feed {}, but there are {} feeds", spec.feed, feeds_.size()));
  }
  spec.feed = feeds_[spec.feed]->base();  // a resampled feed trades its base
  const Feed& feed = *feeds_[spec.feed];
  const double close = feed.close(0);
  double size = spec.size;
  if (std::isnan(size)) {
    SizerInput input;
    input.side = spec.side;
    input.feed = spec.feed;
    input.price = close;
    input.cash = broker_->cash();
    input.value = broker_->value();
    input.position = broker_->position(spec.feed);
    size = sizer_->size(input);
    if (!(size > 0.0)) {
      return k_no_order;
    }
  }
  return broker_->submit(spec, size, tick_, now_, close);
}

void Engine::notify(Strategy& strategy, Context& context) {
  // Copy out first: callbacks may send orders, which append new events.
  // Scratch vectors keep their capacity: no allocation per bar.
  while (!broker_->order_events().empty() || !broker_->trade_events().empty()) {
    notify_orders_.assign(broker_->order_events().begin(), broker_->order_events().end());
    notify_trades_.assign(broker_->trade_events().begin(), broker_->trade_events().end());
    broker_->clear_events();
    for (const OrderEvent& event : notify_orders_) {
      // The order as it was when its status changed (it may have moved on since).
      Order snapshot = broker_->order(event.order);
      snapshot.status = event.status;
      strategy.on_order(context, snapshot);
    }
    for (const TradeEvent& event : notify_trades_) {
      strategy.on_trade(context, event.trade, event.feed);
    }
  }
}

RunResult Engine::run(Strategy& strategy) {
  if (ran_) {
    throw UserInputError("an engine runs once; make a new one");
  }
  if (feeds_.empty()) {
    throw UserInputError("the engine has no data feed");
  }
  ran_ = true;
  // The clock: every timestamp of every data feed, in order.
  std::vector<Timestamp> clock;
  std::vector<std::size_t> data_feeds;
  for (std::size_t k = 0; k < feeds_.size(); ++k) {
    if (feeds_[k]->base() == k) {
      data_feeds.push_back(k);
      const auto ts = feeds_[k]->bars().timestamps();
      clock.insert(clock.end(), ts.begin(), ts.end());
    }
  }
  if (data_feeds.size() > 1) {  // one feed's timestamps are already sorted and unique
    std::sort(clock.begin(), clock.end());
    clock.erase(std::unique(clock.begin(), clock.end()), clock.end());
  }
  if (clock.empty()) {
    throw UserInputError("the engine's feeds have no bars");
  }

  broker_.emplace(options_.broker, feeds_.size());
  notify_orders_.reserve(64);
  notify_trades_.reserve(64);
  Context context(*this);
  strategy.on_start(context);

  const std::span<const Timestamp> clock_view(clock);
  const data::BarFrame& first = feeds_[data_feeds.front()]->bars();
  std::int64_t bar_ns = data::infer_frequency(first.timestamps()).ns();
  if (bar_ns <= 0 && clock.size() >= 2) {
    bar_ns = (clock.back() - clock.front()) / static_cast<std::int64_t>(clock.size() - 1);
  }
  const double bars_per_year = metrics::bars_per_year(clock_view, bar_ns, options_.stats);
  metrics::StatsAccumulator stats(options_.broker.cash, bars_per_year, options_.stats);

  RunResult result;
  result.clock = clock;
  result.value.resize(clock.size());
  result.cash.resize(clock.size());
  result.bars_per_year = bars_per_year;
  result.start_cash = options_.broker.cash;
  result.positions.resize(feeds_.size());
  result.marks.resize(feeds_.size());
  for (const std::size_t k : data_feeds) {
    result.positions[k].resize(clock.size());
    result.marks[k].resize(clock.size());
  }
  std::vector<std::size_t> next(feeds_.size(), 0);
  std::vector<BarView> bar_of(feeds_.size());
  std::vector<char> moved(feeds_.size(), 0);
  std::size_t closed_trades_seen = 0;

  for (std::size_t tick = 0; tick < clock.size(); ++tick) {
    tick_ = static_cast<std::int64_t>(tick);
    now_ = clock[tick];
    for (const std::size_t k : data_feeds) {
      const data::BarFrame& bars = feeds_[k]->bars();
      moved[k] = 0;
      if (next[k] < bars.size() && bars.timestamps()[next[k]] == now_) {
        const std::size_t i = next[k]++;
        bar_of[k] = BarView{now_, bars.open()[i], bars.high()[i], bars.low()[i], bars.close()[i],
                            bars.volume()[i]};
        moved[k] = 1;
      }
    }
    // Orders fill in the order they were sent, whatever their feed, before the bars show.
    broker_->on_tick(tick_, bar_of, moved);
    for (const std::size_t k : data_feeds) {
      if (moved[k] != 0) {
        advance_feed(k);
      }
    }
    notify(strategy, context);
    strategy.on_bar(context);
    for (const std::size_t k : data_feeds) {
      if (moved[k] != 0) {
        broker_->on_close(k, tick_, bar_of[k]);
      }
    }
    // Fees and trades reach the statistics in the order they happened.
    const auto fills = broker_->fills();
    for (; fills_seen_ < fills.size(); ++fills_seen_) {
      stats.on_fees(fills[fills_seen_].fill.fees);
    }
    const auto closed_trades = broker_->closed_trades();
    for (; closed_trades_seen < closed_trades.size(); ++closed_trades_seen) {
      stats.on_trade(closed_trades[closed_trades_seen].trade);
    }
    const double value = broker_->value();
    double asset = 0.0;
    bool in_market = false;
    for (const std::size_t k : data_feeds) {
      const double units = broker_->position(k);
      if (units != 0.0) {
        in_market = true;
        asset += broker_->account().holding_value(k, feeds_[k]->close(0));
      }
    }
    const double denominator = asset + broker_->account().free_cash();
    const double exposure = asset == 0.0 || denominator == 0.0 ? 0.0 : asset / denominator;
    stats.on_bar(tick_, value, exposure, in_market);
    result.value[tick] = value;
    result.cash[tick] = broker_->cash();
    for (const std::size_t k : data_feeds) {
      result.positions[k][tick] = broker_->position(k);
      result.marks[k][tick] = feeds_[k]->close(0);
    }
    // Events of the close (cheat-on-close fills) are reported on the next tick; remember trades.
  }
  notify(strategy, context);
  result.trades.assign(broker_->closed_trades().begin(), broker_->closed_trades().end());
  const auto open = broker_->open_trades(static_cast<std::int64_t>(clock.size()) - 1);
  for (const TradeEvent& event : open) {
    stats.on_trade(event.trade);
    result.trades.push_back(event);
  }
  strategy.on_stop(context);

  metrics::StatsContext stats_context;
  stats_context.start = clock.front();
  stats_context.end = clock.back();
  stats_context.n_bars = static_cast<std::int64_t>(clock.size());
  stats_context.bar_ns = bar_ns;
  const auto first_close = first.close();
  stats_context.first_close = first_close.empty() ? std::numeric_limits<double>::quiet_NaN() : first_close.front();
  stats_context.last_close = first_close.empty() ? std::numeric_limits<double>::quiet_NaN() : first_close.back();
  result.stats = stats.finish(stats_context);
  result.fills.assign(broker_->fills().begin(), broker_->fills().end());
  result.orders.assign(broker_->orders().begin(), broker_->orders().end());
  return result;
}

// --- Context

const Feed& Context::feed(std::size_t k) const {
  if (k >= engine_->feeds_.size()) {
    throw UserInputError(fmt::format("no feed {} (there are {})", k, engine_->feeds_.size()));
  }
  return *engine_->feeds_[k];
}
std::size_t Context::feed_count() const noexcept { return engine_->feeds_.size(); }
Timestamp Context::now() const noexcept { return engine_->now_; }
std::int64_t Context::bar_count() const noexcept { return engine_->tick_ + 1; }

IndicatorRef Context::indicator(std::string_view name,
                                std::initializer_list<indicators::ParamArg> params,
                                std::size_t feed) {
  return engine_->add_indicator(name, params, {}, feed);
}
IndicatorRef Context::indicator(std::string_view name,
                                std::initializer_list<indicators::ParamArg> params,
                                std::vector<Line> inputs, std::size_t feed) {
  return engine_->add_indicator(name, params, std::move(inputs), feed);
}

OrderId Context::buy(double size, std::size_t feed) {
  OrderSpec spec;
  spec.feed = feed;
  spec.side = exec::Side::buy;
  spec.size = size;
  return engine_->submit(spec);
}
OrderId Context::sell(double size, std::size_t feed) {
  OrderSpec spec;
  spec.feed = feed;
  spec.side = exec::Side::sell;
  spec.size = size;
  return engine_->submit(spec);
}
OrderId Context::close(std::size_t feed) {
  const double units = position(feed);
  if (units == 0.0) {
    return k_no_order;
  }
  OrderSpec spec;
  spec.feed = feed;
  spec.side = units > 0.0 ? exec::Side::sell : exec::Side::buy;
  spec.size = std::abs(units);
  return engine_->submit(spec);
}
OrderId Context::submit(const OrderSpec& spec) { return engine_->submit(spec); }

Bracket Context::bracket(const OrderSpec& entry, double stop_price, double limit_price) {
  Bracket ids;
  ids.entry = engine_->submit(entry);
  if (ids.entry == k_no_order) {
    return ids;
  }
  Broker& broker = *engine_->broker_;
  if (!broker.order(ids.entry).alive()) {
    return ids;
  }
  OrderSpec exit;
  exit.feed = broker.order(ids.entry).spec.feed;
  exit.side = broker.order(ids.entry).spec.side == exec::Side::buy ? exec::Side::sell
                                                                   : exec::Side::buy;
  const double close = engine_->feeds_[exit.feed]->close(0);
  // The exits trade the units the entry fills; the broker sets their size when it completes.
  const double placeholder = broker.requested(ids.entry);
  exit.type = OrderType::stop;
  exit.price = stop_price;
  ids.stop = broker.submit(exit, placeholder, engine_->tick_, engine_->now_, close, ids.entry);
  exit.type = OrderType::limit;
  exit.price = limit_price;
  ids.limit = broker.submit(exit, placeholder, engine_->tick_, engine_->now_, close, ids.entry);
  broker.link_oco(ids.stop, ids.limit);
  return ids;
}

bool Context::cancel(OrderId id) { return engine_->broker_ && engine_->broker_->cancel(id); }
const Order& Context::order(OrderId id) const { return engine_->broker_->order(id); }
void Context::set_sizer(std::unique_ptr<Sizer> sizer) {
  if (!sizer) {
    throw UserInputError("set_sizer: no sizer");
  }
  engine_->sizer_ = std::move(sizer);
}
double Context::cash() const noexcept { return engine_->broker_->cash(); }
double Context::value() const noexcept { return engine_->broker_->value(); }
double Context::position(std::size_t feed) const noexcept {
  return engine_->broker_->position(engine_->feeds_[feed]->base());
}

}  // namespace qbt::event
