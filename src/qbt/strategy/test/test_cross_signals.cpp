// The crossing loop the crossing strategies share against backtrader's rule run bar by bar
// (indicators::CrossState) on long series full of exact touches and NaNs.
#include "qbt/strategy/detail/cross_signals.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "qbt/core/rng.hpp"

namespace qbt::strategy {
namespace {

TEST(CrossSignals, EqualsCrossStateBarByBar) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Rng rng(seed);
    const std::size_t n = 1000 + seed * 37;
    std::vector<double> a(n), b(n);
    for (std::size_t i = 0; i < n; ++i) {
      // Small integers: a == b (a touch) on about a fifth of the bars.
      a[i] = static_cast<double>(rng.next_u64() % 5);
      b[i] = static_cast<double>(rng.next_u64() % 5);
      if (rng.next_u64() % 97 == 0) {
        a[i] = std::numeric_limits<double>::quiet_NaN();
      }
    }
    for (std::size_t i = 0; i < seed % 7; ++i) {
      b[i] = std::numeric_limits<double>::quiet_NaN();  // a warm-up
    }
    std::vector<std::uint8_t> entries(n), exits(n);
    detail::cross_over_signals(a, b, SignalSpans{entries, exits});
    indicators::CrossState state;
    for (std::size_t i = 0; i < n; ++i) {
      const auto crossing = state.update(a[i], b[i]);
      ASSERT_EQ(entries[i], crossing.up ? 1 : 0) << "seed " << seed << " bar " << i;
      ASSERT_EQ(exits[i], crossing.down ? 1 : 0) << "seed " << seed << " bar " << i;
    }
  }
}

}  // namespace
}  // namespace qbt::strategy
