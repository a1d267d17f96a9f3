#include "qbt/bench_suite/suite.hpp"

#include "qbt/bench_suite/backtest_workloads.hpp"
#include "qbt/bench_suite/data_workloads.hpp"
#include "qbt/bench_suite/feature_workloads.hpp"
#include "qbt/bench_suite/machine_baselines.hpp"
#include "qbt/bench_suite/optimize_workloads.hpp"

namespace qbt::bench_suite {

std::vector<Workload> standard_workloads(SuiteMode mode) {
  std::vector<Workload> out;
  add_backtest_workloads(mode, out);
  add_data_workloads(mode, out);
  add_feature_workloads(mode, out);
  add_optimize_workloads(mode, out);
  Workload cache;
  cache.name = "cache.operations";
  cache.description = "store and look up a cached indicator series";
  cache.item_unit = "operations";
  cache.rate_unit = "operations/s";
  cache.pending = "qbt has no cache yet";
  out.push_back(std::move(cache));
  add_machine_baselines(mode, out);
  return out;
}

}  // namespace qbt::bench_suite
