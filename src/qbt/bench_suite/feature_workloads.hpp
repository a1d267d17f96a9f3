#pragma once
/// The feature-matrix workload: twenty indicators of every family (29 columns, the same matrix
/// as src/qbt/features/bench/bench_feature_matrix.cpp) over 10^6 minute bars (10^5 in quick
/// mode) on every core, in rows per second.

#include <vector>

#include "qbt/bench_suite/workload.hpp"

namespace qbt::bench_suite {

void add_feature_workloads(SuiteMode mode, std::vector<Workload>& out);

}  // namespace qbt::bench_suite
