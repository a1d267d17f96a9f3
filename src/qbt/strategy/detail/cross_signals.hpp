#pragma once
/// The loop the crossing strategies share: entries where one series crosses above another,
/// exits where it crosses below, by backtrader's CrossOver rule (indicators::CrossState).

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
  indicators::CrossState cross;
  for (std::size_t t = 0; t < n; ++t) {
    const indicators::CrossState::Crossing crossing = cross.update(a[t], b[t]);
    out.entries[t] = static_cast<std::uint8_t>(crossing.up);
    out.exits[t] = static_cast<std::uint8_t>(crossing.down);
  }
}

}  // namespace qbt::strategy::detail
