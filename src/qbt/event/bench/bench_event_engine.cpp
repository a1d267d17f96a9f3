// Event-driven engine speed (issue targets: SMA cross >= 10 M bars/s on one core; five streaming
// indicators with bracket orders >= 3 M bars/s).

#include <cstdint>

#include <benchmark/benchmark.h>

#include "qbt/data/synthetic.hpp"
#include "qbt/event/engine.hpp"

namespace {

qbt::data::BarFrame bars(std::int64_t n) {
  qbt::data::SyntheticOptions options;
  options.bars = n;
  options.seed = 42;
  options.calendar = qbt::data::SessionCalendar::continuous;
  return qbt::data::generate_bars(options);
}

class SmaCross final : public qbt::event::Strategy {
public:
  void on_start(qbt::event::Context& context) override {
    fast_ = context.indicator("SMA", {{"period", 10}});
    slow_ = context.indicator("SMA", {{"period", 50}});
    cross_ = context.indicator("CrossOver", {}, {fast_.line(), slow_.line()});
    context.set_sizer(qbt::event::all_in());
  }
  void on_bar(qbt::event::Context& context) override {
    if (cross_(0) > 0.0 && context.position() == 0.0) {
      context.buy();
    } else if (cross_(0) < 0.0 && context.position() > 0.0) {
      context.close();
    }
  }

private:
  qbt::event::IndicatorRef fast_, slow_, cross_;
};

class FiveIndicatorsWithBrackets final : public qbt::event::Strategy {
public:
  void on_start(qbt::event::Context& context) override {
    rsi_ = context.indicator("RSI", {{"period", 14}});
    atr_ = context.indicator("ATR", {{"period", 14}});
    ema_ = context.indicator("EMA", {{"period", 50}});
    bb_ = context.indicator("BBands", {{"period", 20}});
    macd_ = context.indicator("MACD", {});
  }
  void on_bar(qbt::event::Context& context) override {
    if (context.position() != 0.0 || pending_) {
      pending_ = context.position() == 0.0 && pending_;
      return;
    }
    const double close = context.feed().close(0);
    if (rsi_(0) < 35.0 && close > ema_(0) * 0.98 && macd_(0) > -1.0 && close < bb_(0) * 1.01) {
      qbt::event::OrderSpec entry;
      entry.size = 10.0;
      const double atr = atr_(0);
      context.bracket(entry, close - 2.0 * atr, close + 3.0 * atr);
      pending_ = true;
    }
  }

private:
  qbt::event::IndicatorRef rsi_, atr_, ema_, bb_, macd_;
  bool pending_ = false;
};

template <class S>
void run(benchmark::State& state) {
  const qbt::data::BarFrame frame = bars(state.range(0));
  for (auto _ : state) {
    qbt::event::EngineOptions options;
    options.broker.cash = 1e6;
    qbt::event::Engine engine(options);
    engine.add_feed(frame);
    S strategy;
    const auto result = engine.run(strategy);
    benchmark::DoNotOptimize(result.stats.end_value);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_EventSmaCross(benchmark::State& state) { run<SmaCross>(state); }
void BM_EventFiveIndicatorsBrackets(benchmark::State& state) {
  run<FiveIndicatorsWithBrackets>(state);
}
BENCHMARK(BM_EventSmaCross)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EventFiveIndicatorsBrackets)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
