#include "qbt/bench_suite/detail/process_memory.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace qbt::bench_suite::detail {

std::int64_t current_rss_bytes() noexcept {
  std::FILE* file = std::fopen("/proc/self/statm", "r");
  if (file == nullptr) {
    return 0;
  }
  long long size = 0;
  long long resident = 0;
  const int read = std::fscanf(file, "%lld %lld", &size, &resident);
  std::fclose(file);
  const long page = ::sysconf(_SC_PAGESIZE);
  return read == 2 && page > 0 ? static_cast<std::int64_t>(resident) * page : 0;
}

std::int64_t peak_rss_bytes() noexcept {
  std::FILE* file = std::fopen("/proc/self/status", "r");
  if (file == nullptr) {
    return 0;
  }
  char line[256];
  std::int64_t out = 0;
  while (std::fgets(line, sizeof line, file) != nullptr) {
    long long kib = 0;
    if (std::strncmp(line, "VmHWM:", 6) == 0 && std::sscanf(line + 6, "%lld", &kib) == 1) {
      out = static_cast<std::int64_t>(kib) * 1024;
      break;
    }
  }
  std::fclose(file);
  return out;
}

bool reset_peak_rss() noexcept {
  const int fd = ::open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    return false;
  }
  const bool ok = ::write(fd, "5", 1) == 1;
  ::close(fd);
  return ok;
}

}  // namespace qbt::bench_suite::detail
