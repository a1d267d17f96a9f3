#pragma once
/// What running one workload measured: timings of every repetition and their median, the work
/// rate, the result checksum and whether it was the same every time, CPU time and memory.

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qbt::bench_suite {

enum class WorkloadStatus : std::uint8_t {
  ok,
  pending,  ///< the feature it measures does not exist yet; nothing ran
  failed,   ///< the set-up or the body threw, or the child process died
};

[[nodiscard]] const char* to_string(WorkloadStatus status) noexcept;
[[nodiscard]] std::optional<WorkloadStatus> parse_workload_status(std::string_view text) noexcept;

inline constexpr double k_not_measured = std::numeric_limits<double>::quiet_NaN();

struct WorkloadResult {
  std::string name;
  std::string description;
  WorkloadStatus status = WorkloadStatus::ok;
  std::string note;  ///< why it is pending, or what failed
  std::string item_unit;
  std::string rate_unit;
  double rate_scale = 1.0;
  double items = 0.0;  ///< work per body run
  std::int32_t repetitions = 0;
  std::int32_t warmups = 0;
  std::int32_t inner_loops = 1;
  std::vector<double> seconds;  ///< per body run, one entry per timed repetition
  double median_seconds = k_not_measured;
  double min_seconds = k_not_measured;
  double rate = k_not_measured;  ///< items / median_seconds / rate_scale
  std::string checksum;
  bool checksum_stable = true;  ///< every warm-up and repetition gave the same checksum
  double setup_seconds = k_not_measured;
  /// User + system CPU seconds of all threads per body run: above median_seconds means the body
  /// ran on several cores.
  double cpu_seconds = k_not_measured;
  /// Resident memory once the set-up was done (the workload's data in memory).
  std::int64_t rss_after_setup_bytes = 0;
  /// Highest resident memory while the body ran, counted from the end of the set-up (the
  /// kernel's high-water mark is reset there); includes the data the body reads.
  std::int64_t peak_rss_bytes = 0;
  /// True when the high-water mark could not be reset, so the peak includes the set-up.
  bool peak_includes_setup = false;

  [[nodiscard]] bool ok() const noexcept { return status == WorkloadStatus::ok; }
};

/// The median of `values` (the mean of the middle two for an even count); NaN when empty.
[[nodiscard]] double median(std::span<const double> values);

}  // namespace qbt::bench_suite
