#pragma once
/// One tick of a monitor: a process's and the machine's usage at an instant, with the CPU use
/// since the previous tick. What ContinuousMonitor stores, writes as JSON lines and hands to
/// alert rules.

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>
#include <sys/types.h>

#include "qbt/core/timestamp.hpp"
#include "qbt/monitor/resource_usage.hpp"

namespace qbt::monitor {

struct Sample {
  Timestamp time = 0;                   ///< wall-clock time of the tick (UTC)
  std::chrono::nanoseconds elapsed{0};  ///< since monitoring started, by the monitor's clock
  ResourceUsage process;
  SystemUsage system;
  /// CPU use of the process since the previous tick, in percent of one core (400% = 4 cores).
  double cpu_percent = 0.0;

  /// The same CPU use as a share of the whole machine: 100% means every online core was busy.
  [[nodiscard]] double cpu_machine_percent() const noexcept {
    return cpu_percent / static_cast<double>(system.cpu_count > 0 ? system.cpu_count : 1);
  }
};

/// Sample one process and the machine it runs on: the default sampler of ContinuousMonitor.
/// Keeps the previous reading so that each sample's cpu_percent covers the time since the last.
class ProcessSampler {
public:
  /// Watch process `pid` and the free disk of the file system holding `disk_path`. Reads both
  /// once at construction (the base of the first cpu_percent), so a missing process or path
  /// throws IoError here.
  explicit ProcessSampler(pid_t pid, std::string disk_path = ".");
  /// Watch the calling process.
  ProcessSampler();

  /// Read the process and the machine now. `time` and `elapsed` are left for the caller to stamp.
  [[nodiscard]] Sample operator()();

  [[nodiscard]] pid_t pid() const noexcept { return pid_; }

private:
  pid_t pid_;
  std::string disk_path_;
  ResourceUsage previous_;
};

/// One flat JSON object per sample (the line format of ContinuousMonitor's output file): time,
/// elapsed_s, then the process fields, then the machine fields; null for what was unreadable.
[[nodiscard]] nlohmann::ordered_json to_json(const Sample& sample);

}  // namespace qbt::monitor
