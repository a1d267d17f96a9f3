#include "qbt/monitor/sample.hpp"

#include <cmath>
#include <optional>
#include <utility>

#include <unistd.h>

namespace qbt::monitor {

namespace {

template <class T>
nlohmann::ordered_json optional_json(const std::optional<T>& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json finite_json(double value) {
  return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
}

double seconds(std::chrono::nanoseconds ns) {
  return std::chrono::duration<double>(ns).count();
}

}  // namespace

ProcessSampler::ProcessSampler(pid_t pid, std::string disk_path)
    : pid_(pid), disk_path_(std::move(disk_path)), previous_(resource_usage(pid)) {
  static_cast<void>(system_usage(disk_path_));
}

ProcessSampler::ProcessSampler() : ProcessSampler(::getpid()) {}

Sample ProcessSampler::operator()() {
  Sample sample;
  sample.process = resource_usage(pid_);
  sample.system = system_usage(disk_path_);
  sample.cpu_percent = cpu_percent(previous_, sample.process);
  previous_ = sample.process;
  return sample;
}

nlohmann::ordered_json to_json(const Sample& sample) {
  const ResourceUsage& p = sample.process;
  const SystemUsage& s = sample.system;
  return {
      {"time", format_timestamp(sample.time)},
      {"elapsed_s", seconds(sample.elapsed)},
      {"pid", p.pid},
      {"state", std::string(1, p.state)},
      {"rss_bytes", p.rss_bytes},
      {"peak_rss_bytes", p.peak_rss_bytes},
      {"vms_bytes", p.vms_bytes},
      {"cpu_percent", finite_json(sample.cpu_percent)},
      {"cpu_machine_percent", finite_json(sample.cpu_machine_percent())},
      {"user_cpu_s", p.user_cpu_seconds},
      {"system_cpu_s", p.system_cpu_seconds},
      {"threads", p.threads},
      {"open_files", optional_json(p.open_files)},
      {"read_bytes", optional_json(p.read_bytes)},
      {"written_bytes", optional_json(p.written_bytes)},
      {"disk_read_bytes", optional_json(p.disk_read_bytes)},
      {"disk_written_bytes", optional_json(p.disk_written_bytes)},
      {"memory_total_bytes", s.memory_total_bytes},
      {"memory_available_bytes", s.memory_available_bytes},
      {"load_1", finite_json(s.load_1)},
      {"load_5", finite_json(s.load_5)},
      {"load_15", finite_json(s.load_15)},
      {"cpu_count", s.cpu_count},
      {"disk_free_bytes", s.disk_free_bytes},
      {"disk_total_bytes", s.disk_total_bytes},
  };
}

}  // namespace qbt::monitor
