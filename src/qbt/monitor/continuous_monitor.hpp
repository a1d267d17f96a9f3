#pragma once
/// A background thread sampling a process at a fixed interval into a ring buffer, optionally
/// writing each sample as a JSON line and handing it to a listener (alert rules). Costs one
/// /proc read per tick and sleeps on a condition variable in between, so stop() is prompt.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "qbt/monitor/ring_buffer.hpp"
#include "qbt/monitor/sample.hpp"

namespace qbt::monitor {

class ContinuousMonitor {
public:
  /// Produces one sample; `time` and `elapsed` are stamped by the monitor.
  using Sampler = std::function<Sample()>;
  /// The monitor's time base; injectable so that tests give samples exact elapsed times.
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  /// Called on the sampling thread after each sample is stored and written.
  using Listener = std::function<void(const Sample&)>;

  static constexpr std::size_t k_default_capacity = 3600;  ///< an hour at 1 s

  /// Sample every `interval` with `sampler` (default: ProcessSampler of the calling process),
  /// stamping samples with `clock` (default: steady_clock), keeping the newest `capacity`
  /// samples. Throws UserInputError when `interval` is not positive or `capacity` is 0.
  explicit ContinuousMonitor(std::chrono::nanoseconds interval, Sampler sampler = {},
                             Clock clock = {}, std::size_t capacity = k_default_capacity);
  ~ContinuousMonitor();
  ContinuousMonitor(const ContinuousMonitor&) = delete;
  ContinuousMonitor& operator=(const ContinuousMonitor&) = delete;

  /// Append every sample to `path` as one JSON line (to_json(Sample)). Call before start();
  /// the file is truncated and opened by start(), which throws IoError if it cannot be.
  void set_output(std::string path);
  /// Call `listener` after each sample, on the sampling thread. Call before start().
  void set_listener(Listener listener);

  /// Take the first sample now, then one every interval, on a background thread. Throws
  /// UserInputError if already running.
  void start();
  /// Stop the thread and wait for it; a no-op when not running. Rethrows the first error the
  /// sampler, the output file or the listener raised (sampling had stopped at that error).
  void stop();
  [[nodiscard]] bool running() const noexcept { return thread_.joinable(); }

  /// The samples held, oldest first (at most capacity()).
  [[nodiscard]] std::vector<Sample> samples() const;
  /// The newest sample, if any.
  [[nodiscard]] std::optional<Sample> latest() const;
  /// Samples taken since start(), the ones the ring buffer dropped included.
  [[nodiscard]] std::uint64_t sample_count() const;
  [[nodiscard]] std::size_t capacity() const noexcept { return ring_.capacity(); }
  [[nodiscard]] std::chrono::nanoseconds interval() const noexcept { return interval_; }

private:
  void run() noexcept;
  void write_line(const Sample& sample);

  std::chrono::nanoseconds interval_;
  Sampler sampler_;
  Clock clock_;
  Listener listener_;
  std::string output_path_;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> output_{nullptr, &std::fclose};
  std::chrono::steady_clock::time_point started_at_{};

  mutable std::mutex mutex_;  // guards ring_, stop_requested_ and error_
  std::condition_variable wake_;
  RingBuffer<Sample> ring_;
  bool stop_requested_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace qbt::monitor
