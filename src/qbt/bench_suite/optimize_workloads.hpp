#pragma once
/// Parameter-optimization workloads: run_sweep of sma_cross over 100 and 1000 (fast, slow)
/// combinations on a 24/7 year of minute bars (525,600) with 0.1 % fees, on every core,
/// keeping the statistics of every combination (what `qbt optimize` does).

#include <vector>

#include "qbt/bench_suite/workload.hpp"

namespace qbt::bench_suite {

void add_optimize_workloads(SuiteMode mode, std::vector<Workload>& out);

}  // namespace qbt::bench_suite
