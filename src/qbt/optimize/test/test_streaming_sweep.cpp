// A sweep over bars read chunk by chunk gives run_sweep()'s statistics on the whole frame bit for
// bit, for any chunk size, thread count and number of batches (passes over the data).

#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "qbt/data/synthetic.hpp"
#include "qbt/optimize/streaming_sweep.hpp"
#include "qbt/optimize/sweep.hpp"
#include "qbt/strategy/strategy_registry.hpp"

namespace qbt::optimize {
namespace {

data::BarFrame bars(std::int64_t n) {
  data::SyntheticOptions options;
  options.bars = n;
  options.seed = 17;
  options.volatility = 0.6;
  return data::generate_bars(options);
}

std::vector<strategy::ParamSet> grid(const strategy::SignalStrategy& strategy, const char* a,
                                     std::initializer_list<double> as, const char* b,
                                     std::initializer_list<double> bs) {
  std::vector<strategy::ParamSet> out;
  for (const double x : as) {
    for (const double y : bs) {
      const indicators::ParamArg args[] = {{a, x}, {b, y}};
      out.push_back(strategy.resolve(args));
    }
  }
  return out;
}

vector::SimulationOptions options() {
  vector::SimulationOptions o;
  o.fees.fraction = 0.0005;
  o.direction = vector::Direction::both;
  o.sl_stop = 0.01;
  o.fill = vector::FillTiming::next_open;
  return o;
}

bool same(const metrics::Stats& a, const metrics::Stats& b) {
  return std::memcmp(&a, &b, sizeof(metrics::Stats)) == 0;
}

TEST(StreamingSweep, EqualsTheInMemorySweep) {
  const data::BarFrame frame = bars(6'000);
  const auto& sma_cross = strategy::builtin_strategies().at("sma_cross");
  const auto combos = grid(sma_cross, "fast", {1, 3, 5, 8}, "slow", {20, 30, 45});
  const auto expected = run_sweep(sma_cross, frame, combos, options(), {});
  for (const std::size_t rows : {std::size_t{1}, std::size_t{7}, std::size_t{1000}}) {
    for (const std::size_t threads : {std::size_t{1}, std::size_t{3}}) {
      const auto chunks = data::frame_chunks(frame);
      StreamingSweepOptions sweep;
      sweep.chunk_rows = rows;
      sweep.threads = threads;
      StreamingSweepCounters counters;
      const auto got =
          run_streaming_sweep(sma_cross, *chunks, combos, options(), {}, sweep, &counters);
      ASSERT_EQ(got.size(), expected.size());
      for (std::size_t c = 0; c < combos.size(); ++c) {
        EXPECT_TRUE(same(got[c], expected[c])) << sma_cross.to_string(combos[c]) << " chunks of "
                                               << rows << ", " << threads << " threads";
      }
      EXPECT_EQ(counters.batches, 1U);
      EXPECT_EQ(counters.chunks, (frame.size() + rows - 1) / rows);
    }
  }
}

TEST(StreamingSweep, BatchesOfCombinationsGiveTheSameStatistics) {
  const data::BarFrame frame = bars(4'000);
  for (const char* name : {"donchian_breakout", "rsi_threshold"}) {
    const auto& strategy = strategy::builtin_strategies().at(name);
    const auto combos = std::string(name) == "donchian_breakout"
                            ? grid(strategy, "entry", {5, 10, 20, 40}, "exit", {3, 6, 12})
                            : grid(strategy, "period", {5, 9, 14}, "lower", {25, 30, 40});
    const auto expected = run_sweep(strategy, frame, combos, options(), {});
    const auto chunks = data::frame_chunks(frame);
    StreamingSweepOptions sweep;
    // A budget that holds only a few combinations at a time: several passes over the data.
    sweep.memory_budget_bytes = 8 * 1024;
    sweep.chunk_rows = 500;
    StreamingSweepCounters counters;
    const auto got =
        run_streaming_sweep(strategy, *chunks, combos, options(), {}, sweep, &counters);
    EXPECT_GT(counters.batches, 1U) << name;
    for (std::size_t c = 0; c < combos.size(); ++c) {
      EXPECT_TRUE(same(got[c], expected[c])) << strategy.to_string(combos[c]);
    }
  }
}

TEST(StreamingSweep, ChunksFromTheBudgetAndProgressToTheEnd) {
  const data::BarFrame frame = bars(5'000);
  const auto& ema_cross = strategy::builtin_strategies().at("ema_cross");
  const auto combos = grid(ema_cross, "fast", {3, 5}, "slow", {10, 20, 30});
  const auto expected = run_sweep(ema_cross, frame, combos, options(), {});
  const auto chunks = data::frame_chunks(frame);
  StreamingSweepOptions sweep;
  sweep.memory_budget_bytes = 256 * 1024;
  std::size_t last_done = 0;
  sweep.progress = [&](std::size_t done, std::size_t total) {
    EXPECT_EQ(total, combos.size());
    last_done = done;
  };
  StreamingSweepCounters counters;
  const auto got = run_streaming_sweep(ema_cross, *chunks, combos, options(), {}, sweep, &counters);
  EXPECT_EQ(last_done, combos.size());
  EXPECT_GT(counters.chunks, 1U);
  for (std::size_t c = 0; c < combos.size(); ++c) {
    EXPECT_TRUE(same(got[c], expected[c])) << ema_cross.to_string(combos[c]);
  }
}

}  // namespace
}  // namespace qbt::optimize
