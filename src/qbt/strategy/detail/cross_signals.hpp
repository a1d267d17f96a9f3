#pragma once
/// The loop the crossing strategies share: entries where one series crosses above another,
/// exits where it crosses below, by backtrader's CrossOver rule (indicators::CrossState).

#include <array>
#include <cmath>
#include <cstring>
#include <cstddef>
#include <cstdint>
#include <span>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "qbt/core/check.hpp"
#include "qbt/indicators/basic/crossover.hpp"
#include "qbt/strategy/signal_strategy.hpp"

namespace qbt::strategy::detail {

/// Write entries where a crosses above b (CrossOver == +1) and exits where it crosses below
/// (CrossOver == -1) for the next chunk of bars; all spans as long as `a`. `cross` and
/// `started` (whether a bar with both series defined has been seen) carry the crossing state
/// from the previous chunk (fresh for the first), so any chunking gives the same flags.
inline void cross_over_signals(std::span<const double> a, std::span<const double> b,
                               SignalSpans out, indicators::CrossState& cross, bool& started) {
  const std::size_t n = a.size();
  QBT_DCHECK_OP(b.size(), ==, n);
  QBT_DCHECK_OP(out.entries.size(), ==, n);
  QBT_DCHECK_OP(out.exits.size(), ==, n);
  // CrossState itself until both series are defined (its seeding rule), on a chunk's first bar
  // (the fast loop below reads the bar before, which is in the previous chunk), and after a
  // difference of exactly 0 (the nzd it keeps is then only in the state).
  std::size_t t = 0;
  for (; t < n && (!started || t == 0 || a[t - 1] - b[t - 1] == 0.0); ++t) {
    const indicators::CrossState::Crossing crossing = cross.update(a[t], b[t]);
    out.entries[t] = static_cast<std::uint8_t>(crossing.up);
    out.exits[t] = static_cast<std::uint8_t>(crossing.down);
    started = started || (!std::isnan(a[t]) && !std::isnan(b[t]));
  }
  if (t >= n) {
    return;
  }
  // Then nzd[t-1] is the previous difference unless that was exactly 0 (a touch), which keeps
  // the one before. Touches are rare, so the loop compares with the previous difference, free
  // of a loop-carried dependency, and a second pass repairs the bars after a touch.
  const double* pa = a.data();
  const double* pb = b.data();
  std::uint8_t* entries = out.entries.data();
  std::uint8_t* exits = out.exits.data();
  std::size_t touches = 0;
  std::size_t i = t;
#if defined(__SSE2__)
  // Four bars at a time: compare as 2 x 2 doubles, turn the masks into 4 bits, and the bits into
  // four 0/1 bytes through a table. The same comparisons as the scalar loop (NaN compares false).
  static constexpr auto k_bytes = [] {
    std::array<std::uint32_t, 16> table{};
    for (std::uint32_t bits = 0; bits < 16; ++bits) {
      for (std::uint32_t lane = 0; lane < 4; ++lane) {
        table[bits] |= ((bits >> lane) & 1U) << (8U * lane);
      }
    }
    return table;
  }();
  const __m128d zero = _mm_setzero_pd();
  for (; i + 4 <= n; i += 4) {
    const __m128d prev_lo = _mm_sub_pd(_mm_loadu_pd(pa + i - 1), _mm_loadu_pd(pb + i - 1));
    const __m128d prev_hi = _mm_sub_pd(_mm_loadu_pd(pa + i + 1), _mm_loadu_pd(pb + i + 1));
    const __m128d a_lo = _mm_loadu_pd(pa + i);
    const __m128d a_hi = _mm_loadu_pd(pa + i + 2);
    const __m128d b_lo = _mm_loadu_pd(pb + i);
    const __m128d b_hi = _mm_loadu_pd(pb + i + 2);
    const int up = _mm_movemask_pd(_mm_and_pd(_mm_cmplt_pd(prev_lo, zero), _mm_cmpgt_pd(a_lo, b_lo))) |
                   (_mm_movemask_pd(_mm_and_pd(_mm_cmplt_pd(prev_hi, zero), _mm_cmpgt_pd(a_hi, b_hi))) << 2);
    const int down = _mm_movemask_pd(_mm_and_pd(_mm_cmpgt_pd(prev_lo, zero), _mm_cmplt_pd(a_lo, b_lo))) |
                     (_mm_movemask_pd(_mm_and_pd(_mm_cmpgt_pd(prev_hi, zero), _mm_cmplt_pd(a_hi, b_hi))) << 2);
    touches += static_cast<std::size_t>(_mm_movemask_pd(_mm_cmpeq_pd(prev_lo, zero)) |
                                        _mm_movemask_pd(_mm_cmpeq_pd(prev_hi, zero)));
    std::memcpy(entries + i, &k_bytes[static_cast<std::size_t>(up)], 4);
    std::memcpy(exits + i, &k_bytes[static_cast<std::size_t>(down)], 4);
  }
#endif
  for (; i < n; ++i) {
    const double previous = pa[i - 1] - pb[i - 1];
    entries[i] = static_cast<std::uint8_t>(previous < 0.0 && pa[i] > pb[i]);
    exits[i] = static_cast<std::uint8_t>(previous > 0.0 && pa[i] < pb[i]);
    touches += previous == 0.0 ? 1 : 0;
  }
  if (touches != 0) {
    double nzd = pa[t - 1] - pb[t - 1];  // CrossState's nzd after bar t-1: not 0 (see above)
    for (i = t; i < n; ++i) {
      const double previous = pa[i - 1] - pb[i - 1];
      if (i > t) {
        nzd = previous != 0.0 ? previous : nzd;
      }
      if (previous == 0.0) {
        entries[i] = static_cast<std::uint8_t>(nzd < 0.0 && pa[i] > pb[i]);
        exits[i] = static_cast<std::uint8_t>(nzd > 0.0 && pa[i] < pb[i]);
      }
    }
  }
  // Leave `cross` as the bars [t, n) would have: its nzd is the last difference that is not
  // exactly 0 (NaN included), which one more update on that bar sets; none keeps the state.
  for (i = n; i-- > t;) {
    if (pa[i] - pb[i] != 0.0) {
      (void)cross.update(pa[i], pb[i]);
      break;
    }
  }
}

/// cross_over_signals() over every bar at once (a fresh crossing state).
inline void cross_over_signals(std::span<const double> a, std::span<const double> b,
                               SignalSpans out) {
  indicators::CrossState cross;
  bool started = false;
  cross_over_signals(a, b, out, cross, started);
}

}  // namespace qbt::strategy::detail
