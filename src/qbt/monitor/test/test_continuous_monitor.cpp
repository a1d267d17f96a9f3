#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "qbt/core/error.hpp"
#include "qbt/monitor/continuous_monitor.hpp"
#include "qbt/testing/temp_dir.hpp"

namespace qbt::monitor {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

/// A sampler whose n-th sample (1-based) has an RSS of n bytes.
struct CountingSampler {
  std::shared_ptr<std::atomic<std::uint64_t>> calls =
      std::make_shared<std::atomic<std::uint64_t>>(0);
  Sample operator()() const {
    Sample sample;
    sample.process.rss_bytes = ++*calls;
    return sample;
  }
};

/// A clock that advances exactly one second per reading: sample n is stamped n seconds after
/// start() (which reads the clock once).
ContinuousMonitor::Clock stepping_clock() {
  auto ticks = std::make_shared<std::atomic<std::int64_t>>(0);
  return [ticks] { return std::chrono::steady_clock::time_point(seconds(ticks->fetch_add(1))); };
}

/// Counts listener calls and lets the test wait for a number of them without sleeping.
class SampleWaiter {
public:
  ContinuousMonitor::Listener listener() {
    return [this](const Sample&) {
      const std::lock_guard lock(mutex_);
      ++seen_;
      changed_.notify_all();
    };
  }
  bool wait_for(std::uint64_t count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, seconds(10), [&] { return seen_ >= count; });
  }

private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::uint64_t seen_ = 0;
};

TEST(ContinuousMonitor, SamplesIntoARingBufferThatWraps) {
  SampleWaiter waiter;  // outlives the monitor whose thread calls it
  ContinuousMonitor monitor(milliseconds(1), CountingSampler{}, stepping_clock(), 4);
  monitor.set_listener(waiter.listener());
  monitor.start();
  EXPECT_TRUE(monitor.running());
  ASSERT_TRUE(waiter.wait_for(10));
  monitor.stop();
  EXPECT_FALSE(monitor.running());

  const std::uint64_t count = monitor.sample_count();
  EXPECT_GE(count, 10U);
  const std::vector<Sample> samples = monitor.samples();
  ASSERT_EQ(samples.size(), 4U);
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const std::uint64_t n = count - 3 + i;  // the newest four, oldest first
    EXPECT_EQ(samples[i].process.rss_bytes, n);
    EXPECT_EQ(samples[i].elapsed, seconds(static_cast<std::int64_t>(n)));
    EXPECT_GT(samples[i].time, 0);
  }
  EXPECT_EQ(monitor.latest()->process.rss_bytes, count);
}

TEST(ContinuousMonitor, WritesOneJsonLinePerSample) {
  const testing::TempDir dir;
  const std::string path = dir.file("samples.jsonl");
  SampleWaiter waiter;  // outlives the monitor whose thread calls it
  ContinuousMonitor monitor(milliseconds(1), CountingSampler{}, stepping_clock(), 2);
  monitor.set_listener(waiter.listener());
  monitor.set_output(path);
  monitor.start();
  ASSERT_TRUE(waiter.wait_for(5));
  monitor.stop();

  std::ifstream in(path);
  std::string line;
  std::uint64_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    const auto json = nlohmann::json::parse(line);
    EXPECT_EQ(json["rss_bytes"], n);
    EXPECT_EQ(json["elapsed_s"], static_cast<double>(n));
  }
  EXPECT_EQ(n, monitor.sample_count());  // every sample, not just the ones the ring kept
}

TEST(ContinuousMonitor, StopIsPromptEvenWithALongInterval) {
  // With a one-hour interval the thread sleeps right after the first sample: stop() must wake it
  // (a test that hangs here has found a stop() that waits out the interval).
  SampleWaiter waiter;  // outlives the monitor whose thread calls it
  ContinuousMonitor monitor(std::chrono::hours(1), CountingSampler{}, stepping_clock());
  monitor.set_listener(waiter.listener());
  monitor.start();
  ASSERT_TRUE(waiter.wait_for(1));
  monitor.stop();
  EXPECT_EQ(monitor.sample_count(), 1U);
}

TEST(ContinuousMonitor, RestartsWithAnEmptyBuffer) {
  SampleWaiter waiter;  // outlives the monitor whose thread calls it
  ContinuousMonitor monitor(std::chrono::hours(1), CountingSampler{}, stepping_clock());
  monitor.set_listener(waiter.listener());
  monitor.start();
  ASSERT_TRUE(waiter.wait_for(1));
  monitor.stop();
  monitor.start();
  ASSERT_TRUE(waiter.wait_for(2));
  monitor.stop();
  ASSERT_EQ(monitor.samples().size(), 1U);
  EXPECT_EQ(monitor.samples()[0].process.rss_bytes, 2U);
}

TEST(ContinuousMonitor, SamplerErrorStopsSamplingAndIsRethrownByStop) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  std::mutex mutex;
  std::condition_variable failed;
  bool has_failed = false;
  ContinuousMonitor monitor(milliseconds(1), [&]() -> Sample {
    if (++*calls == 3) {
      {
        const std::lock_guard lock(mutex);
        has_failed = true;
      }
      failed.notify_all();
      throw IoError("cannot read process statistics: gone", {"/proc/1/stat"});
    }
    return Sample{};
  });
  monitor.start();
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(failed.wait_for(lock, seconds(10), [&] { return has_failed; }));
  }
  try {
    monitor.stop();
    FAIL() << "expected the sampler's IoError";
  } catch (const IoError& e) {
    EXPECT_STREQ(e.what(), "cannot read process statistics: gone at /proc/1/stat");
  }
  EXPECT_EQ(monitor.sample_count(), 2U);
  EXPECT_EQ(calls->load(), 3);
  monitor.stop();  // the error is reported once
}

TEST(ContinuousMonitor, DefaultSamplerWatchesThisProcess) {
  SampleWaiter waiter;  // outlives the monitor whose thread calls it
  ContinuousMonitor monitor(milliseconds(1));
  monitor.set_listener(waiter.listener());
  monitor.start();
  ASSERT_TRUE(waiter.wait_for(2));
  monitor.stop();
  const auto sample = monitor.latest().value();
  EXPECT_EQ(sample.process.pid, ::getpid());
  EXPECT_GT(sample.process.rss_bytes, 0U);
  EXPECT_GE(sample.process.threads, 2);  // the sampling thread itself
  EXPECT_GT(sample.system.memory_total_bytes, 0U);
}

TEST(ContinuousMonitor, StartTwiceIsAnError) {
  ContinuousMonitor monitor(std::chrono::hours(1), CountingSampler{});
  monitor.start();
  EXPECT_THROW(monitor.start(), UserInputError);
  monitor.stop();
  monitor.stop();  // a second stop is a no-op
}

TEST(ContinuousMonitor, BadSettingsAreUserInputErrors) {
  try {
    const ContinuousMonitor monitor(seconds(0), CountingSampler{});
    FAIL() << "expected UserInputError";
  } catch (const UserInputError& e) {
    EXPECT_STREQ(e.what(), "monitor interval must be positive, got 0s");
  }
  try {
    const ContinuousMonitor monitor(seconds(1), CountingSampler{}, {}, 0);
    FAIL() << "expected UserInputError";
  } catch (const UserInputError& e) {
    EXPECT_STREQ(e.what(), "ring buffer capacity must be at least 1");
  }
}

TEST(ContinuousMonitor, UnwritableOutputFailsAtStart) {
  ContinuousMonitor monitor(seconds(1), CountingSampler{});
  monitor.set_output("/nonexistent/dir/samples.jsonl");
  try {
    monitor.start();
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_STREQ(e.what(),
                 "cannot open file for writing: No such file or directory at "
                 "/nonexistent/dir/samples.jsonl");
  }
  EXPECT_FALSE(monitor.running());
}

}  // namespace
}  // namespace qbt::monitor
