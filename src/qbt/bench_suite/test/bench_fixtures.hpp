#pragma once
// Small hand-made results for the bench_suite tests: no workload runs, no timing.

#include <cstdint>
#include <string>

#include "qbt/bench_suite/run_record.hpp"

namespace qbt::bench_suite::test {

inline WorkloadResult ok_result(std::string name, double median_seconds, double items = 1000.0,
                                std::int64_t peak_rss_bytes = 50'000'000) {
  WorkloadResult r;
  r.name = std::move(name);
  r.description = "a test workload";
  r.item_unit = "bars";
  r.rate_unit = "bars/s";
  r.items = items;
  r.repetitions = 3;
  r.warmups = 1;
  r.seconds = {median_seconds * 0.9, median_seconds, median_seconds * 1.1};
  r.median_seconds = median_seconds;
  r.min_seconds = median_seconds * 0.9;
  r.rate = items / median_seconds;
  r.checksum = "xxh3:0123456789abcdef";
  r.cpu_seconds = median_seconds;
  r.rss_after_setup_bytes = peak_rss_bytes / 2;
  r.peak_rss_bytes = peak_rss_bytes;
  return r;
}

inline MachineInfo test_machine() {
  MachineInfo m;
  m.hostname = "bench-host";
  m.os = "Linux 6.1.0 x86_64";
  m.cpu_model = "Test CPU";
  m.physical_cores = 2;
  m.logical_cpus = 2;
  m.memory_bytes = std::int64_t{24} << 30;
  m.compiler = "GNU 12.2.0";
  m.build_type = "Release";
  m.qbt_version = "0.1.0";
  m.git_commit = "0123456789abcdef0123456789abcdef01234567";
  return m;
}

inline RunRecord test_run(double scale = 1.0) {
  RunRecord run;
  run.timestamp = "2025-01-02T03:04:05Z";
  run.mode = SuiteMode::quick;
  run.wall_seconds = 12.5;
  run.load_start = 0.1;
  run.load_end = 0.2;
  run.machine = test_machine();
  run.workloads.push_back(ok_result("backtest.vector.minute_525600", 0.004 * scale, 525'600));
  run.workloads.push_back(ok_result("optimize.sma_cross_1000", 1.5 * scale, 1000));
  run.workloads.push_back(ok_result("machine.memory_read", 0.05 * scale, 512e6));
  WorkloadResult pending;
  pending.name = "cache.operations";
  pending.status = WorkloadStatus::pending;
  pending.note = "qbt has no cache yet";
  run.workloads.push_back(pending);
  run.targets = evaluate_targets(run.workloads);
  return run;
}

}  // namespace qbt::bench_suite::test
