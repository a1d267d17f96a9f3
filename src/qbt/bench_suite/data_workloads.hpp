#pragma once
/// Data-loading workloads: read a CSV file and a native `.qbt` file of about 100 MB (10 MB in
/// quick mode) of synthetic minute bars into a BarFrame. The files are written during the set-up
/// into the workload's scratch directory, so reads come from a warm page cache: the numbers are
/// parsing and mapping speed, not disk speed (machine.disk_read is the disk). Parquet is listed
/// as pending until qbt reads Parquet.

#include <vector>

#include "qbt/bench_suite/workload.hpp"

namespace qbt::bench_suite {

void add_data_workloads(SuiteMode mode, std::vector<Workload>& out);

}  // namespace qbt::bench_suite
