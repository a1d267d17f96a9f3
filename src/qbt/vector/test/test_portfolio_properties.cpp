// Invariants of the vectorized simulation over random bars and random signals: accounting
// identities, statistics equal between the recording and the stats-only path, and no look-ahead.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "qbt/core/rng.hpp"
#include "qbt/data/synthetic.hpp"
#include "qbt/vector/from_signals.hpp"

namespace qbt::vector {
namespace {

struct Scenario {
  data::BarFrame bars;
  std::vector<std::uint8_t> entries, exits, short_entries, short_exits;
};

Scenario make_scenario(std::uint64_t seed, std::size_t n) {
  data::SyntheticOptions options;
  options.bars = n;
  options.seed = seed;
  Scenario s{data::generate_bars(options), {}, {}, {}, {}};
  Rng rng(seed * 7 + 1);
  for (auto* column : {&s.entries, &s.exits, &s.short_entries, &s.short_exits}) {
    column->resize(n);
    for (auto& flag : *column) {
      flag = rng.next_u64() % 23 == 0 ? 1 : 0;
    }
  }
  return s;
}

std::vector<SimulationOptions> option_grid() {
  std::vector<SimulationOptions> grid;
  for (Direction direction : {Direction::long_only, Direction::short_only, Direction::both}) {
    for (FillTiming fill : {FillTiming::close, FillTiming::next_open}) {
      SimulationOptions o;
      o.init_cash = 10'000;
      o.direction = direction;
      o.fill = fill;
      o.fees.fraction = 0.001;
      o.fees.fixed = 1.0;
      o.slippage.fraction = 0.0005;
      grid.push_back(o);
      o.sl_stop = 0.02;
      o.tp_stop = 0.03;
      o.trail_stop = 0.025;
      o.accumulate = true;
      o.size_type = SizeType::percent;
      o.size = 0.3;
      grid.push_back(o);
    }
  }
  return grid;
}

TEST(PortfolioProperties, ValueIsCashPlusPositionAndTradesAddUp) {
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const Scenario s = make_scenario(seed, 3000);
    for (const SimulationOptions& options : option_grid()) {
      const Portfolio p = from_signals(s.bars, {s.entries, s.exits, {}, {}}, options);
      const auto close = s.bars.close();
      for (std::size_t i = 0; i < close.size(); ++i) {
        ASSERT_NEAR(p.value[i], p.cash[i] + p.position[i] * close[i], 1e-9 * p.value[i]);
      }
      double pnl = 0.0;
      double fees = 0.0;
      for (const auto& trade : p.trades) {
        pnl += trade.pnl;
      }
      for (const auto& order : p.orders) {
        fees += order.fees;
      }
      // Every currency unit gained or lost is in some trade's pnl (open trades included).
      EXPECT_NEAR(pnl, p.value.back() - options.init_cash, 1e-6 * options.init_cash);
      EXPECT_NEAR(fees, p.stats.total_fees_paid, 1e-9 * (1.0 + fees));
      EXPECT_GT(p.orders.size(), 10u);
    }
  }
}

TEST(PortfolioProperties, StatsOnlyPathEqualsTheRecordingPathBitForBit) {
  const Scenario s = make_scenario(11, 5000);
  const PriceColumns prices = PriceColumns::of(s.bars);
  const TimeAxis time = TimeAxis::of(s.bars);
  for (const SimulationOptions& options : option_grid()) {
    const SignalColumns signals{s.entries, s.exits, s.short_entries, s.short_exits};
    const Portfolio full = from_signals(prices, time, signals, options);
    const metrics::Stats only = from_signals_stats(prices, time, signals, options, {});
    EXPECT_EQ(std::memcmp(&full.stats, &only, sizeof(metrics::Stats)), 0);
  }
}

TEST(PortfolioProperties, ChangingLaterBarsNeverChangesEarlierResults) {
  const std::size_t n = 2000;
  const Scenario s = make_scenario(5, n);
  for (const SimulationOptions& options : option_grid()) {
    const Portfolio base = from_signals(s.bars, {s.entries, s.exits, s.short_entries, s.short_exits}, options);
    for (std::size_t t : {std::size_t{100}, std::size_t{777}, std::size_t{1500}}) {
      // Rewrite every bar and signal after t.
      data::BarBuffer buffer(n);
      for (std::size_t i = 0; i < n; ++i) {
        buffer.timestamps()[i] = s.bars.timestamps()[i];
        const double scale = i > t ? 1.0 + 0.3 * std::sin(static_cast<double>(i)) : 1.0;
        for (data::Field f : {data::Field::open, data::Field::high, data::Field::low,
                              data::Field::close, data::Field::volume}) {
          buffer.column(f)[i] = s.bars.field(f)[i] * scale;
        }
        if (i > t) {
          const double o = buffer.column(data::Field::open)[i];
          const double c = buffer.column(data::Field::close)[i];
          buffer.column(data::Field::high)[i] = std::max({buffer.column(data::Field::high)[i], o, c});
          buffer.column(data::Field::low)[i] = std::min({buffer.column(data::Field::low)[i], o, c});
        }
      }
      const data::BarFrame changed = buffer.finish(n, "SYNTH");
      auto flip = [t](std::vector<std::uint8_t> v) {
        for (std::size_t i = t + 1; i < v.size(); ++i) {
          v[i] = static_cast<std::uint8_t>(1 - v[i]);
        }
        return v;
      };
      const auto e = flip(s.entries), x = flip(s.exits), se = flip(s.short_entries), sx = flip(s.short_exits);
      const Portfolio other = from_signals(changed, {e, x, se, sx}, options);
      for (std::size_t i = 0; i <= t; ++i) {
        ASSERT_EQ(base.cash[i], other.cash[i]) << "bar " << i << " cut " << t;
        ASSERT_EQ(base.position[i], other.position[i]) << "bar " << i;
        ASSERT_EQ(base.value[i], other.value[i]) << "bar " << i;
      }
      for (std::size_t k = 0; k < base.orders.size() && base.orders[k].bar <= static_cast<std::int64_t>(t); ++k) {
        ASSERT_LT(k, other.orders.size());
        EXPECT_EQ(base.orders[k].price, other.orders[k].price);
        EXPECT_EQ(base.orders[k].size, other.orders[k].size);
      }
    }
  }
}

}  // namespace
}  // namespace qbt::vector
