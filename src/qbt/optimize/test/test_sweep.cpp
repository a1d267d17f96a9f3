#include "qbt/optimize/sweep.hpp"

#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "qbt/data/synthetic.hpp"
#include "qbt/strategy/series.hpp"
#include "qbt/strategy/strategy_registry.hpp"
#include "qbt/vector/from_signals.hpp"

namespace qbt::optimize {
namespace {

data::BarFrame bars(std::int64_t n) {
  data::SyntheticOptions options;
  options.bars = n;
  options.seed = 3;
  options.volatility = 0.6;
  return data::generate_bars(options);
}

std::vector<strategy::ParamSet> sma_grid(const strategy::SignalStrategy& sma_cross) {
  std::vector<strategy::ParamSet> grid;
  for (double fast : {2.0, 3.0, 5.0, 8.0, 13.0}) {
    for (double slow : {20.0, 30.0, 40.0, 50.0, 60.0, 70.0}) {
      const indicators::ParamArg args[] = {{"fast", fast}, {"slow", slow}};
      grid.push_back(sma_cross.resolve(args));
    }
  }
  return grid;
}

vector::SimulationOptions options() {
  vector::SimulationOptions o;
  o.fees.fraction = 0.0005;
  o.direction = vector::Direction::both;
  o.sl_stop = 0.01;
  return o;
}

bool same(const metrics::Stats& a, const metrics::Stats& b) {
  return std::memcmp(&a, &b, sizeof(metrics::Stats)) == 0;
}

TEST(Sweep, EachCombinationEqualsItsOwnBacktest) {
  const data::BarFrame frame = bars(20'000);
  const auto& sma_cross = strategy::builtin_strategies().at("sma_cross");
  const auto grid = sma_grid(sma_cross);
  const auto results = run_sweep(sma_cross, frame, grid, options(), {});
  ASSERT_EQ(results.size(), grid.size());
  for (std::size_t c = 0; c < grid.size(); ++c) {
    const auto series = strategy::compute_all_series(sma_cross, grid[c], frame);
    std::vector<std::span<const double>> views(series.begin(), series.end());
    std::vector<std::uint8_t> entries(frame.size()), exits(frame.size());
    sma_cross.signals(grid[c], frame, views, {entries, exits});
    const vector::Portfolio portfolio = vector::from_signals(frame, {entries, exits, {}, {}}, options());
    EXPECT_TRUE(same(results[c], portfolio.stats)) << sma_cross.to_string(grid[c]);
    EXPECT_GT(results[c].total_trades, 0);
  }
}

TEST(Sweep, ThreadCountAndMemoryBudgetNeverChangeResults) {
  const data::BarFrame frame = bars(10'000);
  const auto& sma_cross = strategy::builtin_strategies().at("sma_cross");
  const auto grid = sma_grid(sma_cross);
  SweepCounters one_counters;
  SweepOptions one;
  one.threads = 1;
  const auto reference = run_sweep(sma_cross, frame, grid, options(), {}, one, &one_counters);
  EXPECT_EQ(one_counters.distinct_series, 11u);  // 5 fast + 6 slow SMAs
  EXPECT_EQ(one_counters.series_computed, 11u);  // each once: they fit the budget
  EXPECT_EQ(one_counters.chunks, 1u);

  for (std::size_t threads : {2u, 4u}) {
    SweepOptions many;
    many.threads = threads;
    const auto results = run_sweep(sma_cross, frame, grid, options(), {}, many);
    for (std::size_t c = 0; c < grid.size(); ++c) {
      ASSERT_TRUE(same(results[c], reference[c])) << "threads " << threads << " combination " << c;
    }
  }
  SweepOptions tight;
  tight.threads = 3;
  tight.series_budget_bytes = 4 * frame.size() * sizeof(double);  // room for four series
  SweepCounters tight_counters;
  const auto chunked = run_sweep(sma_cross, frame, grid, options(), {}, tight, &tight_counters);
  EXPECT_GT(tight_counters.chunks, 1u);
  EXPECT_GT(tight_counters.series_computed, tight_counters.distinct_series);
  for (std::size_t c = 0; c < grid.size(); ++c) {
    ASSERT_TRUE(same(chunked[c], reference[c])) << "combination " << c;
  }
}

TEST(Sweep, ReportsProgressUpToTheTotal) {
  const data::BarFrame frame = bars(2'000);
  const auto& sma_cross = strategy::builtin_strategies().at("sma_cross");
  const auto grid = sma_grid(sma_cross);
  std::size_t last = 0;
  std::size_t total = 0;
  SweepOptions with_progress;
  with_progress.progress = [&](std::size_t done, std::size_t of) {
    EXPECT_GE(done, 1u);
    last = std::max(last, done);
    total = of;
  };
  (void)run_sweep(sma_cross, frame, grid, options(), {}, with_progress);
  EXPECT_EQ(last, grid.size());
  EXPECT_EQ(total, grid.size());
}

}  // namespace
}  // namespace qbt::optimize
