#include "qbt/bench_suite/machine_info.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string_view>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "qbt/core/version.hpp"

#ifndef QBT_SOURCE_DIR
#define QBT_SOURCE_DIR ""
#endif

namespace qbt::bench_suite {

namespace {

constexpr const char* k_unknown = "unknown";

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::string read_first_line(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return trim(line);
}

bool is_commit_hash(std::string_view text) {
  return text.size() == 40 && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0;
         });
}

/// The value of `ref` (e.g. `refs/heads/main`) in a git directory: a loose ref file or a line of
/// packed-refs.
std::string resolve_ref(const std::filesystem::path& git_dir, const std::string& ref) {
  std::error_code error;
  if (std::filesystem::is_regular_file(git_dir / ref, error)) {
    return read_first_line(git_dir / ref);
  }
  std::ifstream packed(git_dir / "packed-refs");
  std::string line;
  while (std::getline(packed, line)) {
    if (line.size() > 41 && line[40] == ' ' && trim(std::string_view(line).substr(41)) == ref) {
      return line.substr(0, 40);
    }
  }
  return {};
}

struct CpuInfo {
  std::string model;
  std::int32_t physical_cores = 0;
};

CpuInfo read_cpu_info() {
  CpuInfo info;
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  std::string physical_id;
  std::set<std::pair<std::string, std::string>> cores;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) {
      continue;
    }
    const std::string key = trim(std::string_view(line).substr(0, colon));
    const std::string value = trim(std::string_view(line).substr(colon + 1));
    if (info.model.empty() && (key == "model name" || key == "Model" || key == "cpu model")) {
      info.model = value;
    } else if (key == "physical id") {
      physical_id = value;
    } else if (key == "core id") {
      cores.emplace(physical_id, value);
    }
  }
  info.physical_cores = static_cast<std::int32_t>(cores.size());
  return info;
}

}  // namespace

std::string read_git_commit(const std::filesystem::path& source_dir) {
  std::error_code error;
  std::filesystem::path git_dir = source_dir / ".git";
  if (std::filesystem::is_regular_file(git_dir, error)) {
    // A worktree or submodule: `.git` is a file `gitdir: <path>`.
    const std::string line = read_first_line(git_dir);
    if (line.rfind("gitdir:", 0) != 0) {
      return k_unknown;
    }
    std::filesystem::path target = trim(std::string_view(line).substr(7));
    git_dir = target.is_absolute() ? target : source_dir / target;
  }
  const std::string head = read_first_line(git_dir / "HEAD");
  if (is_commit_hash(head)) {
    return head;
  }
  if (head.rfind("ref:", 0) != 0) {
    return k_unknown;
  }
  const std::string ref = trim(std::string_view(head).substr(4));
  std::string commit = resolve_ref(git_dir, ref);
  if (commit.empty() && std::filesystem::is_regular_file(git_dir / "commondir", error)) {
    std::filesystem::path common = read_first_line(git_dir / "commondir");
    commit = resolve_ref(common.is_absolute() ? common : git_dir / common, ref);
  }
  return is_commit_hash(commit) ? commit : k_unknown;
}

MachineInfo collect_machine_info() {
  MachineInfo info;
  char host[256] = {};
  info.hostname = ::gethostname(host, sizeof host - 1) == 0 ? host : k_unknown;
  utsname names{};
  info.os = ::uname(&names) == 0
                ? fmt::format("{} {} {}", names.sysname, names.release, names.machine)
                : k_unknown;
  const CpuInfo cpu = read_cpu_info();
  info.cpu_model = cpu.model.empty() ? k_unknown : cpu.model;
  info.logical_cpus = static_cast<std::int32_t>(std::thread::hardware_concurrency());
  info.physical_cores = cpu.physical_cores > 0 ? cpu.physical_cores : info.logical_cpus;
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_size = ::sysconf(_SC_PAGESIZE);
  info.memory_bytes = pages > 0 && page_size > 0 ? std::int64_t{pages} * page_size : 0;
  info.compiler = qbt::compiler();
  info.build_type = qbt::build_type();
  info.qbt_version = qbt::version();
  const char* commit = std::getenv("QBT_GIT_COMMIT");
  info.git_commit = commit != nullptr && *commit != '\0' ? std::string(commit)
                                                         : read_git_commit(QBT_SOURCE_DIR);
  return info;
}

std::vector<std::string> machine_differences(const MachineInfo& a, const MachineInfo& b) {
  std::vector<std::string> out;
  const auto differ = [&out](std::string_view what, const auto& x, const auto& y) {
    if (x != y) {
      out.push_back(fmt::format("{} differs: {} vs {}", what, x, y));
    }
  };
  differ("host", a.hostname, b.hostname);
  differ("CPU", a.cpu_model, b.cpu_model);
  differ("physical cores", a.physical_cores, b.physical_cores);
  differ("logical CPUs", a.logical_cpus, b.logical_cpus);
  differ("memory bytes", a.memory_bytes, b.memory_bytes);
  differ("build type", a.build_type, b.build_type);
  differ("compiler", a.compiler, b.compiler);
  return out;
}

}  // namespace qbt::bench_suite
