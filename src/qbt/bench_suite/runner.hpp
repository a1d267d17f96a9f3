#pragma once
/// Run workloads and measure them. Each workload runs in its own forked child process: its
/// set-up, then warm-ups and timed repetitions of its body. A child starts with the small
/// resident set of the runner, so its memory high-water mark (reset after the set-up) is the
/// workload's own peak rather than the largest of everything run before it, which is all one
/// process's getrusage(ru_maxrss) could tell; and a workload that crashes or exhausts memory
/// fails alone. The child reports its result as JSON through a pipe.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "qbt/bench_suite/run_record.hpp"
#include "qbt/bench_suite/workload.hpp"
#include "qbt/bench_suite/workload_result.hpp"

namespace qbt::bench_suite {

/// Run `workload` in this process: set-up, high-water mark reset, warm-ups, timed repetitions.
/// A pending workload gives a pending result without running anything; an exception from the
/// set-up or the body gives a failed result with its message. Checksums must be equal on every
/// execution (checksum_stable).
[[nodiscard]] WorkloadResult measure_workload(const Workload& workload,
                                              const WorkloadContext& context);

/// measure_workload() in a forked child with a fresh scratch directory under `scratch_root`
/// (removed afterwards); the child's death (a signal, an exit without a result) is a failed
/// result naming it. The caller must be single-threaded: fork() copies only the calling thread.
[[nodiscard]] WorkloadResult run_workload(const Workload& workload, SuiteMode mode,
                                          const std::filesystem::path& scratch_root);

/// The workloads whose name matches the ECMAScript regular expression `filter` anywhere (all
/// of them when it is empty), in their order. UserInputError for an invalid expression, or
/// when nothing matches (listing the names).
[[nodiscard]] std::vector<Workload> select_workloads(std::vector<Workload> workloads,
                                                     const std::string& filter);

struct SuiteOptions {
  SuiteMode mode = SuiteMode::full;
  std::string filter;  ///< recorded in the result; select_workloads() applies it
  /// Where scratch directories go; empty for the system's temporary directory ($TMPDIR).
  std::filesystem::path scratch_root;
  /// Called before each workload starts and after it finished, with its 0-based index.
  std::function<void(const Workload&, std::size_t index, std::size_t count)> on_start;
  std::function<void(const WorkloadResult&, std::size_t index, std::size_t count)> on_done;
};

/// Run `workloads` one after another (run_workload) and assemble the run: start time, machine
/// information, results in order and the targets table.
[[nodiscard]] RunRecord run_suite(std::span<const Workload> workloads,
                                  const SuiteOptions& options);

}  // namespace qbt::bench_suite
