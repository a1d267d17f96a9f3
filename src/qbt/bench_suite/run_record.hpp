#pragma once
/// One run of the benchmark suite: when, in which mode, on which machine and build, what every
/// workload measured and the targets table. Its JSON form (schema `qbt-bench/1`, described in
/// docs/benchmarks.md) is what `qbt bench run --json` writes, what the history stores and what
/// `qbt bench compare --baseline FILE` reads.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "qbt/bench_suite/machine_info.hpp"
#include "qbt/bench_suite/targets.hpp"
#include "qbt/bench_suite/workload.hpp"
#include "qbt/bench_suite/workload_result.hpp"

namespace qbt::bench_suite {

/// The `schema` value of the JSON this build writes and the only one it reads.
inline constexpr std::string_view k_run_schema = "qbt-bench/1";

struct RunRecord {
  std::int64_t id = 0;    ///< row id in the history database; 0 when not stored there
  std::string timestamp;  ///< start of the run, ISO 8601 UTC
  SuiteMode mode = SuiteMode::full;
  std::string filter;  ///< the --filter regex; empty for every workload
  double wall_seconds = 0.0;
  /// 1-minute load average when the run started and when it ended (NaN when unknown): other
  /// work on the machine makes timings noisy.
  double load_start = k_not_measured;
  double load_end = k_not_measured;
  MachineInfo machine;
  std::vector<WorkloadResult> workloads;
  std::vector<TargetRow> targets;

  /// The workload called `name`, or nullptr.
  [[nodiscard]] const WorkloadResult* find(std::string_view name) const noexcept;
  /// Whether the machine was busy: a load average above half its logical CPUs when the run
  /// started. (The load at the end includes the suite's own multi-threaded workloads.)
  [[nodiscard]] bool busy() const noexcept;
};

/// The run as JSON text (NaN written as null).
[[nodiscard]] std::string to_json(const RunRecord& run, int indent = 2);
/// Parse a run from JSON text. Throws DataError naming `source` for malformed JSON, a schema
/// other than k_run_schema or a field of the wrong type.
[[nodiscard]] RunRecord parse_run_record(std::string_view text, const std::string& source);
/// Read a run from a JSON file; IoError when it cannot be read.
[[nodiscard]] RunRecord read_run_record(const std::string& path);
/// Write a run as JSON to `path`; IoError when it cannot be written.
void write_run_record(const RunRecord& run, const std::string& path);

/// One workload's result as compact JSON, and back (how a child process reports to the runner).
[[nodiscard]] std::string to_json(const WorkloadResult& result);
[[nodiscard]] WorkloadResult parse_workload_result(std::string_view text,
                                                   const std::string& source);

}  // namespace qbt::bench_suite
