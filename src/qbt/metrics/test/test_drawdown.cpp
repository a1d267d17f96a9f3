#include "qbt/metrics/drawdown.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

namespace qbt::metrics {
namespace {

DrawdownTracker track(const std::vector<double>& values) {
  DrawdownTracker tracker;
  for (std::size_t i = 0; i < values.size(); ++i) {
    tracker.add(static_cast<std::int64_t>(i), values[i]);
  }
  return tracker;
}

std::int64_t last_bar(const std::vector<double>& values) {
  return static_cast<std::int64_t>(values.size()) - 1;
}

// bar:    0    1    2    3    4    5    6    7
// value: 100  120   90  120  130  117  104  110
// Drawdown 1: peak 120 at bar 1, valley 90, recovered at bar 3 (120 >= 120): depth 30/120 = 0.25,
//             duration 3 - 1 - 1 = 1 bar (bar 2 underwater).
// Drawdown 2: peak 130 at bar 4, valley 104, still active at bar 7: depth 26/130 = 0.2,
//             duration 7 - 4 = 3 bars (bars 5, 6, 7 underwater).
TEST(DrawdownTracker, RecoveredAndActiveDrawdowns) {
  const std::vector<double> values = {100, 120, 90, 120, 130, 117, 104, 110};
  const DrawdownTracker tracker = track(values);
  EXPECT_DOUBLE_EQ(tracker.max_drawdown(), 0.25);
  EXPECT_EQ(tracker.max_duration_bars(last_bar(values)), 3);
  EXPECT_TRUE(tracker.in_drawdown());
  EXPECT_EQ(tracker.recovered_count(), 1);
  EXPECT_EQ(tracker.peak(), 130.0);
}

// The examples of vectorbt's get_drawdowns_nb docstring (generic/nb.py) and of its Drawdowns
// stats docstring (generic/drawdowns.py: [1, 2, 1, 3, 2] -> Max Drawdown 50 %, Max Drawdown
// Duration 1 day, Active Duration 1 day).
TEST(DrawdownTracker, MatchesVectorbtDocstringExamples) {
  {
    const std::vector<double> values = {5, 4, 3, 2, 1};  // active from peak bar 0 to bar 4
    const DrawdownTracker tracker = track(values);
    EXPECT_DOUBLE_EQ(tracker.max_drawdown(), 0.8);
    EXPECT_EQ(tracker.max_duration_bars(last_bar(values)), 4);
  }
  {
    const std::vector<double> values = {1, 2, 3, 2, 1};  // peak bar 2, active
    const DrawdownTracker tracker = track(values);
    EXPECT_DOUBLE_EQ(tracker.max_drawdown(), 2.0 / 3.0);
    EXPECT_EQ(tracker.max_duration_bars(last_bar(values)), 2);
  }
  {
    const std::vector<double> values = {3, 2, 1, 2, 3};  // peak 0, recovered at bar 4
    const DrawdownTracker tracker = track(values);
    EXPECT_DOUBLE_EQ(tracker.max_drawdown(), 2.0 / 3.0);
    EXPECT_EQ(tracker.max_duration_bars(last_bar(values)), 3);
    EXPECT_FALSE(tracker.in_drawdown());
  }
  {
    const std::vector<double> values = {1, 2, 1, 3, 2};
    const DrawdownTracker tracker = track(values);
    EXPECT_DOUBLE_EQ(tracker.max_drawdown(), 0.5);
    EXPECT_EQ(tracker.max_duration_bars(last_bar(values)), 1);
  }
}

TEST(DrawdownTracker, ValueEqualToPeakIsNotADrawdown) {
  const std::vector<double> flat = {100, 100, 100, 100};
  const DrawdownTracker tracker = track(flat);
  EXPECT_EQ(tracker.max_drawdown(), 0.0);
  EXPECT_EQ(tracker.max_duration_bars(last_bar(flat)), 0);
  EXPECT_FALSE(tracker.in_drawdown());

  // Returning exactly to the peak recovers; the peak bar then moves to the recovery bar.
  const std::vector<double> values = {100, 90, 100, 100, 95};
  const DrawdownTracker again = track(values);
  EXPECT_EQ(again.recovered_count(), 1);
  EXPECT_DOUBLE_EQ(again.max_drawdown(), 0.1);
  EXPECT_EQ(again.max_duration_bars(last_bar(values)), 1);  // bar 1; bar 4 from peak bar 3
}

TEST(DrawdownTracker, SkipsNanAndStartsEmpty) {
  const DrawdownTracker empty;
  EXPECT_EQ(empty.max_drawdown(), 0.0);
  EXPECT_EQ(empty.max_duration_bars(0), 0);

  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> values = {nan, 100, nan, 80, 100};
  const DrawdownTracker tracker = track(values);
  EXPECT_DOUBLE_EQ(tracker.max_drawdown(), 0.2);
  EXPECT_EQ(tracker.max_duration_bars(last_bar(values)), 2);  // recovered at 4, peak at 1
  EXPECT_FALSE(tracker.in_drawdown());
}

}  // namespace
}  // namespace qbt::metrics
