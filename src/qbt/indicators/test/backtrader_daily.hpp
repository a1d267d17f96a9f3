#pragma once
/// The daily bars of backtrader's test suite (data/backtrader/2006-day-001.txt, 255 bars of
/// 2006) and a way to run a registered indicator on them, for unit tests whose expected values
/// were computed independently on the same file.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <span>
#include <string_view>

#include <gtest/gtest.h>

#include "qbt/data/bar_frame.hpp"
#include "qbt/data/csv_reader.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/indicator.hpp"
#include "qbt/testing/test_paths.hpp"

namespace qbt::indicators::testing {

/// The 255 bars, read once.
inline const data::BarFrame& backtrader_daily() {
  static const data::BarFrame frame =
      data::read_csv(::qbt::testing::source_path("data/backtrader/2006-day-001.txt")).frame;
  return frame;
}

/// Run the registered indicator `name` with `args` on the daily bars; one column per line.
inline LineColumns on_backtrader_daily(std::string_view name,
                                       std::initializer_list<ParamArg> args = {}) {
  const Indicator& indicator = builtin_indicators().at(name);
  return indicator.compute(indicator.resolve(args), backtrader_daily());
}

/// An expected value at one bar.
struct ExpectedAt {
  std::size_t index;
  double value;
};

/// Check `line` at each expected bar, to a relative tolerance (the references sum in another
/// order, so the last bits may differ).
inline void expect_values_at(std::span<const double> line,
                             std::initializer_list<ExpectedAt> expected,
                             double relative_tolerance = 1e-10) {
  for (const ExpectedAt& at : expected) {
    ASSERT_LT(at.index, line.size());
    const double scale = std::max(1.0, std::fabs(at.value));
    EXPECT_NEAR(line[at.index], at.value, relative_tolerance * scale) << "at bar " << at.index;
  }
}

/// Index of the first non-NaN value of `line` (its size if none).
inline std::size_t first_defined(std::span<const double> line) {
  std::size_t i = 0;
  while (i < line.size() && std::isnan(line[i])) {
    ++i;
  }
  return i;
}

}  // namespace qbt::indicators::testing
