#pragma once
/// The standard `qbt bench` suite: every workload in the order they run. docs/benchmarks.md
/// describes each one.

#include <vector>

#include "qbt/bench_suite/workload.hpp"

namespace qbt::bench_suite {

/// Backtests, data loading, features, optimization, cache (pending until qbt has a cache) and
/// the machine baselines, at the sizes of `mode`.
[[nodiscard]] std::vector<Workload> standard_workloads(SuiteMode mode);

}  // namespace qbt::bench_suite
