#pragma once
/// The resident memory of this process from Linux's /proc, for the runner's per-workload peak.

#include <cstdint>

namespace qbt::bench_suite::detail {

/// Resident set size now, in bytes (/proc/self/statm); 0 when unavailable.
[[nodiscard]] std::int64_t current_rss_bytes() noexcept;

/// The kernel's high-water mark of the resident set, in bytes (VmHWM in /proc/self/status);
/// 0 when unavailable.
[[nodiscard]] std::int64_t peak_rss_bytes() noexcept;

/// Reset the high-water mark to the current resident set (writing 5 to /proc/self/clear_refs,
/// Linux >= 4.0), so peak_rss_bytes() covers only what follows. False when not permitted.
bool reset_peak_rss() noexcept;

}  // namespace qbt::bench_suite::detail
