#include <cstring>
#include <fstream>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "qbt/core/error.hpp"
#include "qbt/monitor/resource_usage.hpp"
#include "qbt/monitor/sample.hpp"

namespace qbt::monitor {
namespace {

constexpr std::uint64_t k_mib = 1024 * 1024;

/// A pid no process can have: pids are below the kernel's pid_max.
pid_t impossible_pid() {
  std::ifstream in("/proc/sys/kernel/pid_max");
  int pid_max = 0;
  in >> pid_max;
  return pid_max > 0 ? pid_max : 4194304;
}

TEST(ResourceUsage, ReadsOwnProcess) {
  const ResourceUsage usage = resource_usage();
  EXPECT_EQ(usage.pid, ::getpid());
  EXPECT_EQ(usage.state, 'R');  // reading its own /proc, the process is running
  EXPECT_FALSE(usage.zombie());
  EXPECT_GT(usage.rss_bytes, 0U);
  EXPECT_GE(usage.peak_rss_bytes, usage.rss_bytes);
  EXPECT_GE(usage.vms_bytes, usage.rss_bytes);
  EXPECT_GE(usage.threads, 1);
  ASSERT_TRUE(usage.open_files.has_value());
  EXPECT_GE(*usage.open_files, 0);
  EXPECT_GE(usage.user_cpu_seconds, 0.0);
  EXPECT_GE(usage.system_cpu_seconds, 0.0);
  if (::access("/proc/self/io", R_OK) == 0) {
    ASSERT_TRUE(usage.read_bytes.has_value());
    EXPECT_TRUE(usage.written_bytes.has_value());
    EXPECT_TRUE(usage.disk_read_bytes.has_value());
    EXPECT_TRUE(usage.disk_written_bytes.has_value());
  }
}

TEST(ResourceUsage, RssGrowsAfterTouching50MB) {
  const ResourceUsage before = resource_usage();
  constexpr std::size_t k_size = 50 * k_mib;
  const std::unique_ptr<char[]> block(new char[k_size]);
  std::memset(block.get(), 1, k_size);
  const ResourceUsage after = resource_usage();
  // Read the block after sampling so the compiler cannot drop the writes.
  EXPECT_EQ(static_cast<volatile char*>(block.get())[k_size / 2], 1);
  EXPECT_GE(after.rss_bytes, before.rss_bytes + 45 * k_mib)
      << "before " << before.rss_bytes << " after " << after.rss_bytes;
  EXPECT_GE(after.vms_bytes, before.vms_bytes + 45 * k_mib);
  EXPECT_GE(after.peak_rss_bytes, after.rss_bytes);
}

TEST(ResourceUsage, ThreadCountGrowsWithAThread) {
  const std::int32_t before = resource_usage().threads;
  std::promise<void> release;
  std::promise<void> started;
  std::thread thread([&] {
    started.set_value();
    release.get_future().wait();
  });
  started.get_future().wait();
  const std::int32_t during = resource_usage().threads;
  release.set_value();
  thread.join();
  EXPECT_EQ(during, before + 1);
  EXPECT_EQ(resource_usage().threads, before);
}

TEST(ResourceUsage, OpenFilesCountsDescriptors) {
  const std::int32_t before = resource_usage().open_files.value();
  const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  const std::int32_t during = resource_usage().open_files.value();
  ::close(fd);
  EXPECT_EQ(during, before + 1);
  EXPECT_EQ(resource_usage().open_files.value(), before);
}

TEST(ResourceUsage, WrittenBytesGrowAfterAWrite) {
  if (::access("/proc/self/io", R_OK) != 0) {
    GTEST_SKIP() << "/proc/self/io is not readable here";
  }
  const std::uint64_t before = resource_usage().written_bytes.value();
  const int fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  const std::string data(4096, 'x');
  EXPECT_EQ(::write(fd, data.data(), data.size()), 4096);
  ::close(fd);
  EXPECT_GE(resource_usage().written_bytes.value(), before + 4096);
}

TEST(ResourceUsage, MissingProcessIsIoErrorNamingTheFile) {
  const pid_t pid = impossible_pid();
  try {
    static_cast<void>(resource_usage(pid));
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot read process statistics: No such file or directory (is process " +
                  std::to_string(pid) + " running?) at /proc/" + std::to_string(pid) + "/stat");
    EXPECT_EQ(e.location().file, "/proc/" + std::to_string(pid) + "/stat");
  }
}

TEST(ResourceUsage, ExitedChildReadsAsAZombieWithoutMemory) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::_exit(0);
  }
  siginfo_t info{};
  ASSERT_EQ(::waitid(P_PID, static_cast<id_t>(child), &info, WEXITED | WNOWAIT), 0);
  const ResourceUsage usage = resource_usage(child);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(usage.zombie());
  EXPECT_EQ(usage.rss_bytes, 0U);
  EXPECT_EQ(usage.vms_bytes, 0U);
}

TEST(ResourceUsage, CpuPercentBetweenTwoReadings) {
  ResourceUsage earlier;
  earlier.user_cpu_seconds = 1.0;
  earlier.system_cpu_seconds = 0.5;
  ResourceUsage later = earlier;
  later.sampled_at = earlier.sampled_at + std::chrono::seconds(2);
  later.user_cpu_seconds = 3.0;
  later.system_cpu_seconds = 1.5;  // 3 CPU seconds over 2 wall seconds: 1.5 cores
  EXPECT_DOUBLE_EQ(cpu_percent(earlier, later), 150.0);
  EXPECT_DOUBLE_EQ(cpu_percent(later, earlier), 0.0);
  EXPECT_DOUBLE_EQ(cpu_percent(earlier, earlier), 0.0);
}

TEST(SystemUsage, ReadsTheMachine) {
  const SystemUsage usage = system_usage("/");
  EXPECT_GT(usage.memory_total_bytes, 0U);
  EXPECT_GT(usage.memory_available_bytes, 0U);
  EXPECT_LE(usage.memory_available_bytes, usage.memory_total_bytes);
  EXPECT_GE(usage.load_1, 0.0);
  EXPECT_GE(usage.load_5, 0.0);
  EXPECT_GE(usage.load_15, 0.0);
  EXPECT_GE(usage.cpu_count, 1);
  EXPECT_GT(usage.disk_total_bytes, 0U);
  EXPECT_LE(usage.disk_free_bytes, usage.disk_total_bytes);
}

TEST(SystemUsage, MissingPathIsIoErrorNamingIt) {
  try {
    static_cast<void>(system_usage("/nonexistent/qbt/dir"));
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_STREQ(e.what(),
                 "cannot read free disk space: No such file or directory at /nonexistent/qbt/dir");
  }
}

TEST(ProcessSampler, SamplesOwnProcessAndMachine) {
  ProcessSampler sampler;
  const Sample sample = sampler();
  EXPECT_EQ(sample.process.pid, ::getpid());
  EXPECT_GT(sample.process.rss_bytes, 0U);
  EXPECT_GT(sample.system.memory_total_bytes, 0U);
  EXPECT_GE(sample.cpu_percent, 0.0);
  EXPECT_GE(sample.cpu_machine_percent(), 0.0);
}

TEST(ProcessSampler, MissingProcessThrowsAtConstruction) {
  EXPECT_THROW(static_cast<void>(ProcessSampler{impossible_pid()}), IoError);
}

TEST(Sample, JsonHasEveryFieldAndNullForTheUnreadable) {
  Sample sample;
  sample.time = 1'700'000'000'000'000'000;
  sample.elapsed = std::chrono::milliseconds(1500);
  sample.process.pid = 42;
  sample.process.rss_bytes = 1024;
  sample.process.threads = 3;
  sample.process.open_files = 7;
  sample.system.cpu_count = 4;
  sample.cpu_percent = 200.0;
  const auto json = to_json(sample);
  EXPECT_EQ(json["time"], "2023-11-14T22:13:20Z");
  EXPECT_DOUBLE_EQ(json["elapsed_s"].get<double>(), 1.5);
  EXPECT_EQ(json["pid"], 42);
  EXPECT_EQ(json["rss_bytes"], 1024);
  EXPECT_EQ(json["threads"], 3);
  EXPECT_EQ(json["open_files"], 7);
  EXPECT_TRUE(json["read_bytes"].is_null());
  EXPECT_TRUE(json["disk_written_bytes"].is_null());
  EXPECT_DOUBLE_EQ(json["cpu_percent"].get<double>(), 200.0);
  EXPECT_DOUBLE_EQ(json["cpu_machine_percent"].get<double>(), 50.0);
  EXPECT_EQ(json.begin().key(), "time");
  EXPECT_EQ(json["state"], "?");
  EXPECT_EQ(json.size(), 25U);
}

}  // namespace
}  // namespace qbt::monitor
