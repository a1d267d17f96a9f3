#pragma once
/// The check points of backtrader's own indicator tests (github.com/mementum/backtrader,
/// tests/test_ind_*.py, run on data/backtrader/2006-day-001.txt; tests/reference/README.md
/// explains them): three bars per line, the last one, the first defined one (minimum period
/// - 1) and the one halfway back with Python's floor division, compared as printf("%f")
/// strings. For indicators whose upstream values are not in tests/reference's JSON.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace qbt::indicators::testing {

/// Bars of backtrader's daily test data.
inline constexpr std::size_t k_upstream_bars = 255;

/// [l - 1, mp - 1, (l - 1) + floor((mp - l) / 2)] for l bars and minimum period mp.
inline std::array<std::size_t, 3> upstream_check_indexes(std::int32_t min_period,
                                                         std::size_t bars = k_upstream_bars) {
  const auto last = static_cast<std::int64_t>(bars) - 1;
  const std::int64_t back = static_cast<std::int64_t>(min_period) - static_cast<std::int64_t>(bars);
  const std::int64_t half = back >= 0 ? back / 2 : -((-back + 1) / 2);  // floor division
  return {static_cast<std::size_t>(last), static_cast<std::size_t>(min_period - 1),
          static_cast<std::size_t>(last + half)};
}

/// printf("%f") of x, "nan" for NaN as Python prints it.
inline std::string printf_f(double x) {
  if (std::isnan(x)) {
    return "nan";
  }
  std::array<char, 64> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%f", x);
  return buffer.data();
}

/// Expect `line` at the upstream check bars for `min_period` to print as `expected` (the
/// strings of the upstream test's chkvals for that line), and unless `defined_earlier` (a line
/// defined before the indicator's minimum period) to be NaN just before.
inline void expect_upstream(std::span<const double> line, std::int32_t min_period,
                            const std::array<std::string_view, 3>& expected,
                            bool defined_earlier = false) {
  const auto indexes = upstream_check_indexes(min_period, line.size());
  for (std::size_t k = 0; k < indexes.size(); ++k) {
    EXPECT_EQ(printf_f(line[indexes[k]]), expected[k]) << "at bar " << indexes[k];
  }
  if (min_period >= 2 && !defined_earlier) {
    EXPECT_TRUE(std::isnan(line[static_cast<std::size_t>(min_period) - 2]))
        << "defined before the minimum period " << min_period;
  }
}

}  // namespace qbt::indicators::testing
