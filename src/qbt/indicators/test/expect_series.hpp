#pragma once
/// NaN-aware series comparison for indicator tests: NaN matches only NaN, numbers match within
/// an absolute tolerance.

#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace qbt::indicators::testing {

inline constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

/// Check `actual` against `expected` element by element; reports every mismatching index.
inline ::testing::AssertionResult series_near(std::span<const double> actual,
                                              std::span<const double> expected,
                                              double tolerance = 1e-12) {
  if (actual.size() != expected.size()) {
    return ::testing::AssertionFailure()
           << "size " << actual.size() << " != expected " << expected.size();
  }
  auto failure = ::testing::AssertionSuccess();
  bool failed = false;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const bool both_nan = std::isnan(actual[i]) && std::isnan(expected[i]);
    const bool close = std::fabs(actual[i] - expected[i]) <= tolerance;
    if (!both_nan && !close && actual[i] != expected[i]) {
      if (!failed) {
        failure = ::testing::AssertionFailure();
        failed = true;
      }
      failure << "\n  [" << i << "] got " << actual[i] << ", expected " << expected[i];
    }
  }
  return failure;
}

inline ::testing::AssertionResult series_near(const std::vector<double>& actual,
                                              const std::vector<double>& expected,
                                              double tolerance = 1e-12) {
  return series_near(std::span<const double>(actual), std::span<const double>(expected),
                     tolerance);
}

/// Feed `in` to a typed single-input state one value at a time.
template <class State>
std::vector<double> stream_all(State state, const std::vector<double>& in) {
  std::vector<double> out;
  out.reserve(in.size());
  for (const double x : in) {
    out.push_back(state.update(x));
  }
  return out;
}

/// Run a typed single-input batch function over `in`.
template <class Batch>
std::vector<double> batch_all(Batch batch, const std::vector<double>& in, std::int32_t period) {
  std::vector<double> out(in.size());
  batch(std::span<const double>(in), period, std::span<double>(out));
  return out;
}

}  // namespace qbt::indicators::testing
