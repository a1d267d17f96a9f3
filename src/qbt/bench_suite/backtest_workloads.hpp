#pragma once
/// Backtest workloads: an SMA(10)/SMA(50) cross with 0.1 % fees on a trading year of minute bars
/// (98,280), a 24/7 year of minute bars (525,600) and five years of daily bars (1,260), through
/// the vectorized engine and the event-driven engine. Each timed run computes the indicator
/// series, the signals and the portfolio, as `qbt backtest` does once its data are loaded.

#include <vector>

#include "qbt/bench_suite/workload.hpp"

namespace qbt::bench_suite {

/// Append the backtest workloads of `mode` (the same sizes in both modes; quick repeats less).
void add_backtest_workloads(SuiteMode mode, std::vector<Workload>& out);

}  // namespace qbt::bench_suite
