#pragma once
/// `qbt bench` workloads of the result cache: put and get of a 1M-row indicator column in the
/// embedded directory store and in Redis on loopback.

#include <vector>

#include "qbt/bench_suite/workload.hpp"

namespace qbt::bench_suite {

void add_cache_workloads(SuiteMode mode, std::vector<Workload>& out);

}  // namespace qbt::bench_suite
