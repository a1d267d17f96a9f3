#include "qbt/bench_suite/machine_baselines.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "qbt/bench_suite/checksum.hpp"
#include "qbt/core/error.hpp"

namespace qbt::bench_suite {

namespace {

constexpr std::size_t k_mib = std::size_t{1} << 20;
constexpr std::size_t k_chunk = 4 * k_mib;

struct MemoryState {
  std::unique_ptr<std::uint64_t[]> words;
  std::size_t count = 0;
  std::uint64_t sum = 0;
};

std::shared_ptr<MemoryState> touched_buffer(std::size_t bytes) {
  auto state = std::make_shared<MemoryState>();
  state->count = bytes / sizeof(std::uint64_t);
  state->words = std::make_unique<std::uint64_t[]>(state->count);  // zeroed: every page touched
  for (std::size_t i = 0; i < state->count; ++i) {
    state->words[i] = i * 0x9E3779B97F4A7C15ULL;
  }
  return state;
}

Workload memory_read(std::size_t bytes) {
  Workload w;
  w.name = "machine.memory_read";
  w.description = fmt::format("sum of {} MiB of 64-bit words, one core", bytes / k_mib);
  w.item_unit = "bytes";
  w.rate_unit = "GB/s";
  w.rate_scale = 1e9;
  w.repetitions = 5;
  w.warmups = 1;
  w.prepare = [bytes](const WorkloadContext&) {
    auto state = touched_buffer(bytes);
    Body body;
    body.run = [state] {
      const std::uint64_t* words = state->words.get();
      std::array<std::uint64_t, 4> sums{};
      for (std::size_t i = 0; i + 4 <= state->count; i += 4) {
        sums[0] += words[i];
        sums[1] += words[i + 1];
        sums[2] += words[i + 2];
        sums[3] += words[i + 3];
      }
      state->sum = sums[0] + sums[1] + sums[2] + sums[3];
      return static_cast<double>(state->count * sizeof(std::uint64_t));
    };
    body.finish = [state] {
      Checksum checksum;
      checksum.add(static_cast<std::int64_t>(state->sum));
      return checksum.hex();
    };
    return body;
  };
  return w;
}

Workload memory_write(std::size_t bytes) {
  Workload w;
  w.name = "machine.memory_write";
  w.description = fmt::format("fill of {} MiB of 64-bit words, one core", bytes / k_mib);
  w.item_unit = "bytes";
  w.rate_unit = "GB/s";
  w.rate_scale = 1e9;
  w.repetitions = 5;
  w.warmups = 1;
  w.prepare = [bytes](const WorkloadContext&) {
    auto state = touched_buffer(bytes);
    Body body;
    body.run = [state] {
      std::fill_n(state->words.get(), state->count, std::uint64_t{0x0123456789ABCDEFULL});
      return static_cast<double>(state->count * sizeof(std::uint64_t));
    };
    body.finish = [state] {
      Checksum checksum;
      checksum.add(std::string_view(reinterpret_cast<const char*>(state->words.get()),
                                    state->count * sizeof(std::uint64_t)));
      return checksum.hex();
    };
    return body;
  };
  return w;
}

Workload fp_flops(std::int64_t iterations) {
  constexpr std::size_t k_chains = 24;
  Workload w;
  w.name = "machine.fp_gflops";
  w.description = fmt::format(
      "{} independent double-precision multiply-add chains x {} steps, one core", k_chains,
      iterations);
  w.item_unit = "flop";
  w.rate_unit = "GFLOPS";
  w.rate_scale = 1e9;
  w.repetitions = 5;
  w.warmups = 1;
  w.prepare = [iterations](const WorkloadContext&) {
    auto result = std::make_shared<double>(0.0);
    Body body;
    body.run = [result, iterations] {
      std::array<double, k_chains> chains{};
      for (std::size_t i = 0; i < k_chains; ++i) {
        chains[i] = 1.0 + static_cast<double>(i) * 1e-3;
      }
      const double factor = 0.999'999;
      const double addend = 1e-7;
      for (std::int64_t step = 0; step < iterations; ++step) {
        for (double& x : chains) {
          x = x * factor + addend;
        }
      }
      double sum = 0.0;
      for (const double x : chains) {
        sum += x;
      }
      *result = sum;
      return 2.0 * static_cast<double>(k_chains) * static_cast<double>(iterations);
    };
    body.finish = [result] {
      Checksum checksum;
      checksum.add(*result);
      return checksum.hex();
    };
    return body;
  };
  return w;
}

Workload page_faults(std::size_t bytes) {
  constexpr std::size_t k_page = 4096;
  Workload w;
  w.name = "machine.page_faults";
  w.description = fmt::format(
      "first touch of {} MiB of fresh anonymous memory, one write per 4 KiB page (page fault "
      "and zeroing), one core",
      bytes / k_mib);
  w.item_unit = "pages";
  w.rate_unit = "K pages/s";
  w.rate_scale = 1e3;
  w.repetitions = 5;
  w.warmups = 1;
  w.prepare = [bytes](const WorkloadContext&) {
    auto touched = std::make_shared<std::size_t>(0);
    Body body;
    body.run = [bytes, touched] {
      void* memory = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                            -1, 0);
      if (memory == MAP_FAILED) {
        throw IoError(fmt::format("cannot map {} bytes: {}", bytes, std::strerror(errno)));
      }
      auto* bytes_of = static_cast<volatile char*>(memory);
      std::size_t pages = 0;
      for (std::size_t offset = 0; offset < bytes; offset += k_page) {
        bytes_of[offset] = 1;
        ++pages;
      }
      ::munmap(memory, bytes);
      *touched = pages;
      return static_cast<double>(pages);
    };
    body.finish = [touched] {
      Checksum checksum;
      checksum.add(static_cast<std::int64_t>(*touched));
      return checksum.hex();
    };
    return body;
  };
  return w;
}

[[noreturn]] void throw_io(const char* what, const std::string& path) {
  throw IoError(fmt::format("{}: {}", what, std::strerror(errno)), ErrorLocation{path});
}

/// A chunk of deterministic bytes that the disk workloads write over and over.
std::shared_ptr<std::string> pattern_chunk() {
  auto chunk = std::make_shared<std::string>(k_chunk, '\0');
  for (std::size_t i = 0; i < chunk->size(); ++i) {
    (*chunk)[i] = static_cast<char>((i * 131 + i / 4096) & 0xFF);
  }
  return chunk;
}

void write_file(const std::string& path, const std::string& chunk, std::size_t bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw_io("cannot create the disk benchmark file", path);
  }
  for (std::size_t done = 0; done < bytes; done += chunk.size()) {
    std::size_t offset = 0;
    while (offset < chunk.size()) {
      const ssize_t written = ::write(fd, chunk.data() + offset, chunk.size() - offset);
      if (written < 0 && errno != EINTR) {
        ::close(fd);
        throw_io("cannot write the disk benchmark file", path);
      }
      offset += written > 0 ? static_cast<std::size_t>(written) : 0;
    }
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    throw_io("cannot fsync the disk benchmark file", path);
  }
  ::close(fd);
}

/// Ask the kernel to drop the file's (clean) pages from the page cache.
void drop_from_cache(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    (void)::fdatasync(fd);
    (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
  }
}

Workload disk_write(std::size_t bytes) {
  Workload w;
  w.name = "machine.disk_write";
  w.description =
      fmt::format("write {} MiB in 4 MiB chunks to the scratch directory, then fsync",
                  bytes / k_mib);
  w.item_unit = "bytes";
  w.rate_unit = "MB/s";
  w.rate_scale = 1e6;
  w.repetitions = 3;
  w.warmups = 0;
  w.prepare = [bytes](const WorkloadContext& context) {
    const std::string path = (context.scratch_dir / "disk_write.bin").string();
    auto chunk = pattern_chunk();
    Body body;
    body.run = [path, chunk, bytes] {
      write_file(path, *chunk, bytes);
      return static_cast<double>(bytes);
    };
    body.finish = [path, chunk, bytes] {
      Checksum checksum;
      checksum.add(*chunk).add(static_cast<std::int64_t>(bytes));
      ::unlink(path.c_str());
      return checksum.hex();
    };
    return body;
  };
  return w;
}

struct ReadState {
  std::string path;
  std::size_t bytes = 0;
  std::unique_ptr<Checksum> checksum;
  std::unique_ptr<char[]> buffer = std::make_unique<char[]>(k_chunk);
};

Workload disk_read(std::size_t bytes) {
  Workload w;
  w.name = "machine.disk_read";
  w.description = fmt::format(
      "read {} MiB in 4 MiB chunks after dropping the file from the page cache", bytes / k_mib);
  w.item_unit = "bytes";
  w.rate_unit = "MB/s";
  w.rate_scale = 1e6;
  w.repetitions = 3;
  w.warmups = 0;
  w.prepare = [bytes](const WorkloadContext& context) {
    auto state = std::make_shared<ReadState>();
    state->path = (context.scratch_dir / "disk_read.bin").string();
    write_file(state->path, *pattern_chunk(), bytes);
    drop_from_cache(state->path);
    Body body;
    body.run = [state] {
      const int fd = ::open(state->path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        throw_io("cannot open the disk benchmark file", state->path);
      }
      state->checksum = std::make_unique<Checksum>();
      state->bytes = 0;
      for (;;) {
        const ssize_t got = ::read(fd, state->buffer.get(), k_chunk);
        if (got < 0 && errno == EINTR) {
          continue;
        }
        if (got < 0) {
          ::close(fd);
          throw_io("cannot read the disk benchmark file", state->path);
        }
        if (got == 0) {
          break;
        }
        state->checksum->add(std::string_view(state->buffer.get(), static_cast<std::size_t>(got)));
        state->bytes += static_cast<std::size_t>(got);
      }
      ::close(fd);
      return static_cast<double>(state->bytes);
    };
    body.finish = [state] {
      drop_from_cache(state->path);
      return state->checksum->hex();
    };
    return body;
  };
  return w;
}

}  // namespace

void add_machine_baselines(SuiteMode mode, std::vector<Workload>& out) {
  const bool quick = mode == SuiteMode::quick;
  const std::size_t memory = (quick ? 128 : 512) * k_mib;
  const std::size_t disk = (quick ? 64 : 256) * k_mib;
  out.push_back(memory_read(memory));
  out.push_back(memory_write(memory));
  out.push_back(page_faults((quick ? 16 : 64) * k_mib));
  out.push_back(fp_flops(quick ? 5'000'000 : 20'000'000));
  out.push_back(disk_write(disk));
  out.push_back(disk_read(disk));
}

}  // namespace qbt::bench_suite
