#include "qbt/bench_suite/workload_result.hpp"

#include <algorithm>

namespace qbt::bench_suite {

const char* to_string(WorkloadStatus status) noexcept {
  switch (status) {
    case WorkloadStatus::ok: return "ok";
    case WorkloadStatus::pending: return "pending";
    case WorkloadStatus::failed: return "failed";
  }
  return "failed";
}

std::optional<WorkloadStatus> parse_workload_status(std::string_view text) noexcept {
  for (const WorkloadStatus status :
       {WorkloadStatus::ok, WorkloadStatus::pending, WorkloadStatus::failed}) {
    if (text == to_string(status)) {
      return status;
    }
  }
  return std::nullopt;
}

double median(std::span<const double> values) {
  if (values.empty()) {
    return k_not_measured;
  }
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  const std::size_t mid = sorted.size() / 2;
  return sorted.size() % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
}

}  // namespace qbt::bench_suite
