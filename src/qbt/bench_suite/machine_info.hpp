#pragma once
/// The machine and build a benchmark ran on. Benchmark numbers are only comparable on the same
/// machine and build type, so every result carries these, and `qbt bench compare` warns when
/// they differ.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace qbt::bench_suite {

struct MachineInfo {
  std::string hostname;
  std::string os;         ///< kernel name, release and architecture (uname)
  std::string cpu_model;  ///< /proc/cpuinfo's model name
  std::int32_t physical_cores = 0;
  std::int32_t logical_cpus = 0;
  std::int64_t memory_bytes = 0;
  std::string compiler;    ///< what built qbt, e.g. `GNU 12.2.0`
  std::string build_type;  ///< CMAKE_BUILD_TYPE of the build
  std::string qbt_version;
  std::string git_commit;  ///< 40 hex digits, or `unknown`
};

/// Describe this machine and this build. Never throws: what cannot be found is `unknown` or 0.
/// The git commit is `QBT_GIT_COMMIT` from the environment when set, else read from the
/// checkout qbt was configured from (its .git directory, without running git), so it is the
/// commit checked out now, which may be newer than the build.
[[nodiscard]] MachineInfo collect_machine_info();

/// The commit HEAD of the git checkout at `source_dir` points to, by reading `.git/HEAD`, loose
/// refs and `packed-refs` (worktrees included); `unknown` when any of that fails.
[[nodiscard]] std::string read_git_commit(const std::filesystem::path& source_dir);

/// Differences that make timings of `a` and `b` incomparable (CPU, cores, memory, build type,
/// compiler, host), one line each; empty when they match.
[[nodiscard]] std::vector<std::string> machine_differences(const MachineInfo& a,
                                                           const MachineInfo& b);

}  // namespace qbt::bench_suite
