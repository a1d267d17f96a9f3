#pragma once
/// Minimum, maximum and select without branches, for per-bar loops whose comparisons follow the
/// market (the sign of a return, a new equity high) and so defeat the branch predictor. Results
/// equal std::min/std::max/the ternary for every non-NaN input; NaN handling is stated per
/// function.

#include <bit>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace qbt::metrics::detail {

/// max(x, 0) for a non-NaN x.
[[nodiscard]] inline double positive_part(double x) noexcept {
#if defined(__SSE2__)
  return _mm_cvtsd_f64(_mm_max_sd(_mm_set_sd(x), _mm_setzero_pd()));
#else
  return x > 0.0 ? x : 0.0;
#endif
}

/// min(x, 0) for a non-NaN x.
[[nodiscard]] inline double negative_part(double x) noexcept {
#if defined(__SSE2__)
  return _mm_cvtsd_f64(_mm_min_sd(_mm_set_sd(x), _mm_setzero_pd()));
#else
  return x < 0.0 ? x : 0.0;
#endif
}

/// `a` if `condition`, else `b`, through bit masks.
[[nodiscard]] inline double select(bool condition, double a, double b) noexcept {
  const std::uint64_t mask = std::uint64_t{0} - static_cast<std::uint64_t>(condition);
  return std::bit_cast<double>((std::bit_cast<std::uint64_t>(a) & mask) |
                               (std::bit_cast<std::uint64_t>(b) & ~mask));
}

}  // namespace qbt::metrics::detail
