#pragma once
/// Machine baselines: what the hardware itself does, measured next to qbt's workloads so that a
/// slower result can be told apart from a slower (or busier) machine. Memory read and write
/// bandwidth over a buffer far larger than the caches (512 MiB; 128 MiB quick); the rate of first
/// touches of fresh memory (one page fault each, what every new large column costs; 64 MiB,
/// 16 MiB quick); double-precision GFLOPS of one core (independent multiply-add chains the
/// compiler vectorizes; no FMA, as qbt is built with -ffp-contract=off); disk write (with fsync)
/// and read (with the file's pages dropped from the page cache first by posix_fadvise) of
/// 256 MiB (64 MiB quick).

#include <vector>

#include "qbt/bench_suite/workload.hpp"

namespace qbt::bench_suite {

void add_machine_baselines(SuiteMode mode, std::vector<Workload>& out);

}  // namespace qbt::bench_suite
