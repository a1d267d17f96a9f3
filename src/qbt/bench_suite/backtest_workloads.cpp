#include "qbt/bench_suite/backtest_workloads.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include <fmt/format.h>

#include "qbt/bench_suite/checksum.hpp"
#include "qbt/core/aligned_allocator.hpp"
#include "qbt/core/frequency.hpp"
#include "qbt/data/synthetic.hpp"
#include "qbt/event/engine.hpp"
#include "qbt/event/signal_replay.hpp"
#include "qbt/event/sizer.hpp"
#include "qbt/strategy/series.hpp"
#include "qbt/strategy/strategy_registry.hpp"
#include "qbt/vector/from_signals.hpp"

namespace qbt::bench_suite {

namespace {

enum class Engine : std::uint8_t { vector, event };

struct Dataset {
  const char* tag;
  const char* what;
  std::int64_t bars;
  Frequency frequency;
  data::SessionCalendar calendar;
  std::int32_t inner_loops;  ///< short runs repeat inside one timing
};

constexpr double k_cash = 100'000.0;
constexpr double k_fees = 0.001;

data::BarFrame make_bars(const Dataset& dataset) {
  data::SyntheticOptions options;
  options.bars = dataset.bars;
  options.frequency = dataset.frequency;
  options.calendar = dataset.calendar;
  options.seed = 42;
  return data::generate_bars(options);
}

/// Everything a run shares: the bars, the strategy and its parameters, and the last result.
struct BacktestState {
  data::BarFrame bars;
  const strategy::SignalStrategy* strategy = nullptr;
  strategy::ParamSet params;
  AlignedVector<double> value;  ///< the last run's equity curve
  double end_value = 0.0;
  std::int64_t fills = 0;
  std::int64_t trades = 0;

  /// Indicator series and entry/exit flags, as qbt backtest computes them.
  void signals(AlignedVector<std::uint8_t>& entries, AlignedVector<std::uint8_t>& exits) const {
    const auto series = strategy::compute_all_series(*strategy, params, bars);
    std::vector<std::span<const double>> views(series.begin(), series.end());
    strategy->signals(params, bars, views, strategy::SignalSpans{entries, exits});
  }
};

double run_vector(BacktestState& state) {
  AlignedVector<std::uint8_t> entries(state.bars.size());
  AlignedVector<std::uint8_t> exits(state.bars.size());
  state.signals(entries, exits);
  vector::SimulationOptions options;
  options.init_cash = k_cash;
  options.fees.fraction = k_fees;
  vector::Portfolio portfolio =
      vector::from_signals(state.bars, vector::SignalColumns{entries, exits, {}, {}}, options);
  state.value = std::move(portfolio.value);
  state.end_value = portfolio.stats.end_value;
  state.fills = static_cast<std::int64_t>(portfolio.orders.size());
  state.trades = portfolio.stats.total_trades;
  return static_cast<double>(state.bars.size());
}

double run_event(BacktestState& state) {
  AlignedVector<std::uint8_t> entries(state.bars.size());
  AlignedVector<std::uint8_t> exits(state.bars.size());
  state.signals(entries, exits);
  event::EngineOptions options;
  options.broker.cash = k_cash;
  options.broker.fees.fraction = k_fees;
  options.broker.cheat_on_close = true;  // fills at the signal's close, as the vectorized run
  event::Engine engine(options);
  engine.add_feed(state.bars);
  event::SignalReplay replay(entries, exits, vector::Direction::long_only, false,
                             event::all_in());
  event::RunResult result = engine.run(replay);
  state.value = std::move(result.value);
  state.end_value = result.stats.end_value;
  state.fills = static_cast<std::int64_t>(result.fills.size());
  state.trades = result.stats.total_trades;
  return static_cast<double>(state.bars.size());
}

Workload backtest(SuiteMode mode, Engine engine, const Dataset& dataset) {
  const bool quick = mode == SuiteMode::quick;
  const char* engine_name = engine == Engine::vector ? "vector" : "event";
  Workload w;
  w.name = fmt::format("backtest.{}.{}", engine_name, dataset.tag);
  w.description = fmt::format(
      "sma_cross(10, 50), 0.1 % fees, {} engine{}, on {} ({} bars): series, signals, portfolio",
      engine == Engine::vector ? "vectorized" : "event-driven",
      engine == Engine::event ? " (signal replay, fills at the close)" : "", dataset.what,
      dataset.bars);
  w.item_unit = "bars";
  w.rate_unit = "M bars/s";
  w.rate_scale = 1e6;
  w.repetitions = quick ? 3 : 9;
  w.warmups = 1;
  w.inner_loops = dataset.inner_loops;
  w.prepare = [dataset, engine](const WorkloadContext&) {
    auto state = std::make_shared<BacktestState>();
    state->bars = make_bars(dataset);
    state->strategy = &strategy::builtin_strategies().at("sma_cross");
    const indicators::ParamArg args[] = {{"fast", 10.0}, {"slow", 50.0}};
    state->params = state->strategy->resolve(args);
    Body body;
    body.run = [state, engine] {
      return engine == Engine::vector ? run_vector(*state) : run_event(*state);
    };
    body.finish = [state] {
      Checksum checksum;
      checksum.add(std::span<const double>(state->value)).add(state->end_value);
      checksum.add(state->fills).add(state->trades);
      return checksum.hex();
    };
    return body;
  };
  return w;
}

}  // namespace

void add_backtest_workloads(SuiteMode mode, std::vector<Workload>& out) {
  const Dataset datasets[] = {
      {"minute_98280", "a trading year of 1-minute bars", 98'280, Frequency::minutes(1),
       data::SessionCalendar::trading, 1},
      {"minute_525600", "a 24/7 year of 1-minute bars", 525'600, Frequency::minutes(1),
       data::SessionCalendar::continuous, 1},
      {"daily_5y", "five years of daily bars", 1'260, Frequency::days(1),
       data::SessionCalendar::trading, 200},
  };
  for (const Engine engine : {Engine::vector, Engine::event}) {
    for (const Dataset& dataset : datasets) {
      out.push_back(backtest(mode, engine, dataset));
    }
  }
}

}  // namespace qbt::bench_suite
