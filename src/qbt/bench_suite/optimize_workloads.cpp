#include "qbt/bench_suite/optimize_workloads.hpp"

#include <cstdint>
#include <memory>

#include <fmt/format.h>

#include "qbt/bench_suite/checksum.hpp"
#include "qbt/data/synthetic.hpp"
#include "qbt/metrics/stats.hpp"
#include "qbt/optimize/sweep.hpp"
#include "qbt/strategy/strategy_registry.hpp"

namespace qbt::bench_suite {

namespace {

struct Grid {
  std::int32_t combinations;
  std::int32_t fast_first, fast_step, fast_count;
  std::int32_t slow_first, slow_step, slow_count;
};

struct SweepState {
  data::BarFrame bars;
  const strategy::SignalStrategy* strategy = nullptr;
  std::vector<strategy::ParamSet> grid;
  std::vector<metrics::Stats> stats;
};

Workload sweep(SuiteMode mode, const Grid& grid) {
  const bool quick = mode == SuiteMode::quick;
  Workload w;
  w.name = fmt::format("optimize.sma_cross_{}", grid.combinations);
  w.description = fmt::format(
      "run_sweep: sma_cross over {} combinations (fast {}..{}, slow {}..{}) on 525,600 "
      "1-minute bars, 0.1 % fees, every core",
      grid.combinations, grid.fast_first,
      grid.fast_first + grid.fast_step * (grid.fast_count - 1), grid.slow_first,
      grid.slow_first + grid.slow_step * (grid.slow_count - 1));
  w.item_unit = "combinations";
  w.rate_unit = "combinations/s";
  w.rate_scale = 1.0;
  w.repetitions = quick ? 1 : (grid.combinations > 100 ? 3 : 5);
  w.warmups = quick ? 0 : 1;
  w.prepare = [grid](const WorkloadContext&) {
    auto state = std::make_shared<SweepState>();
    data::SyntheticOptions options;
    options.bars = 525'600;
    options.seed = 42;
    options.calendar = data::SessionCalendar::continuous;
    state->bars = data::generate_bars(options);
    state->strategy = &strategy::builtin_strategies().at("sma_cross");
    for (std::int32_t f = 0; f < grid.fast_count; ++f) {
      for (std::int32_t s = 0; s < grid.slow_count; ++s) {
        const indicators::ParamArg args[] = {
            {"fast", static_cast<double>(grid.fast_first + f * grid.fast_step)},
            {"slow", static_cast<double>(grid.slow_first + s * grid.slow_step)}};
        state->grid.push_back(state->strategy->resolve(args));
      }
    }
    Body body;
    body.run = [state] {
      vector::SimulationOptions simulation;
      simulation.fees.fraction = 0.001;
      state->stats = optimize::run_sweep(*state->strategy, state->bars, state->grid, simulation,
                                         metrics::StatsOptions{});
      return static_cast<double>(state->stats.size());
    };
    body.finish = [state] {
      Checksum checksum;
      for (const metrics::Stats& stats : state->stats) {
        checksum.add(stats.end_value).add(stats.total_return_pct).add(stats.max_drawdown_pct);
        checksum.add(stats.total_trades);
      }
      return checksum.hex();
    };
    return body;
  };
  return w;
}

}  // namespace

void add_optimize_workloads(SuiteMode mode, std::vector<Workload>& out) {
  out.push_back(sweep(mode, Grid{100, 5, 5, 10, 60, 10, 10}));
  out.push_back(sweep(mode, Grid{1000, 5, 5, 20, 110, 10, 50}));
}

}  // namespace qbt::bench_suite
