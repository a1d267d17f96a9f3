#pragma once
/// Infer a series' bar frequency from its timestamps.

#include <cstddef>
#include <span>

#include "qbt/core/frequency.hpp"

namespace qbt::data {

/// Gaps infer_frequency() reads: those between the first k_frequency_sample_gaps + 1 timestamps,
/// so a reader streaming a long series only keeps that many to infer its frequency.
inline constexpr std::size_t k_frequency_sample_gaps = 100'000;

/// The most common gap between consecutive timestamps, when at least half of the gaps (among
/// the first k_frequency_sample_gaps) have it; otherwise, or with fewer than two bars,
/// irregular. Gaps of 28 to 31 days (calendar months) are reported as irregular since a month is
/// not a fixed duration.
/// Daily bars with weekends and holidays infer `1d`; minute bars with overnight gaps `1min`.
[[nodiscard]] Frequency infer_frequency(std::span<const Timestamp> timestamps);

}  // namespace qbt::data
