#include "qbt/bench_suite/suite.hpp"

#include "qbt/bench_suite/backtest_workloads.hpp"
#include "qbt/bench_suite/cache_workloads.hpp"
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
  add_cache_workloads(mode, out);
  add_machine_baselines(mode, out);
  return out;
}

}  // namespace qbt::bench_suite
