#pragma once
/// The loop the crossing strategies share: entries where one series crosses above another,
/// exits where it crosses below, by backtrader's CrossOver rule (indicators::CrossState).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>

#include "qbt/core/check.hpp"
#include "qbt/indicators/basic/crossover.hpp"
#include "qbt/strategy/signal_strategy.hpp"

namespace qbt::strategy::detail {

/// Write entries where a crosses above b (CrossOver == +1) and exits where it crosses below
/// (CrossOver == -1) for every bar; all spans as long as `a`.
inline void cross_over_signals(std::span<const double> a, std::span<const double> b,
                               SignalSpans out) {
  const std::size_t n = a.size();
  QBT_DCHECK_OP(b.size(), ==, n);
  QBT_DCHECK_OP(out.entries.size(), ==, n);
  QBT_DCHECK_OP(out.exits.size(), ==, n);
  // Until both series are defined, CrossState itself (its seeding rule).
  indicators::CrossState cross;
  std::size_t t = 0;
  bool started = false;
  for (; t < n && !started; ++t) {
    const indicators::CrossState::Crossing crossing = cross.update(a[t], b[t]);
    out.entries[t] = static_cast<std::uint8_t>(crossing.up);
    out.exits[t] = static_cast<std::uint8_t>(crossing.down);
    started = !std::isnan(a[t]) && !std::isnan(b[t]);
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
  // Written so the compiler vectorizes it (no reduction, no bool-to-byte branch).
  for (std::size_t i = t; i < n; ++i) {
    const double previous = pa[i - 1] - pb[i - 1];
    entries[i] = static_cast<std::uint8_t>(previous < 0.0 ? (pa[i] > pb[i] ? 1 : 0) : 0);
    exits[i] = static_cast<std::uint8_t>(previous > 0.0 ? (pa[i] < pb[i] ? 1 : 0) : 0);
  }
  std::size_t touches = 0;
  for (std::size_t i = t; i < n; ++i) {
    touches += pa[i - 1] - pb[i - 1] == 0.0 ? 1 : 0;
  }
  if (touches == 0) {
    return;
  }
  double nzd = pa[t - 1] - pb[t - 1];  // CrossState's seed (non-zero or not, as it does)
  for (std::size_t i = t; i < n; ++i) {
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

}  // namespace qbt::strategy::detail
