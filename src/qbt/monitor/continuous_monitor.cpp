#include "qbt/monitor/continuous_monitor.hpp"

#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "qbt/core/error.hpp"
#include "qbt/core/timestamp.hpp"

namespace qbt::monitor {

namespace {

std::chrono::nanoseconds check_interval(std::chrono::nanoseconds interval) {
  if (interval.count() <= 0) {
    throw UserInputError(fmt::format("monitor interval must be positive, got {}",
                                     format_duration(interval.count())));
  }
  return interval;
}

Timestamp wall_clock_now() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

ContinuousMonitor::ContinuousMonitor(std::chrono::nanoseconds interval, Sampler sampler,
                                     Clock clock, std::size_t capacity)
    : interval_(check_interval(interval)),
      sampler_(sampler ? std::move(sampler) : Sampler(ProcessSampler())),
      clock_(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); })),
      ring_(capacity) {}

ContinuousMonitor::~ContinuousMonitor() {
  try {
    stop();
  } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw; stop() reports
  }
}

void ContinuousMonitor::set_output(std::string path) {
  output_path_ = std::move(path);
}

void ContinuousMonitor::set_listener(Listener listener) {
  listener_ = std::move(listener);
}

void ContinuousMonitor::start() {
  if (running()) {
    throw UserInputError("continuous monitor is already running");
  }
  if (!output_path_.empty()) {
    output_.reset(std::fopen(output_path_.c_str(), "w"));
    if (!output_) {
      throw IoError(fmt::format("cannot open file for writing: {}", std::strerror(errno)),
                    {output_path_});
    }
  }
  {
    const std::lock_guard lock(mutex_);
    ring_.clear();
    stop_requested_ = false;
    error_ = nullptr;
  }
  started_at_ = clock_();
  thread_ = std::thread([this] { run(); });
}

void ContinuousMonitor::stop() {
  if (!running()) {
    return;
  }
  {
    const std::lock_guard lock(mutex_);
    stop_requested_ = true;
  }
  wake_.notify_all();
  thread_.join();
  std::exception_ptr error;
  {
    const std::lock_guard lock(mutex_);
    error = std::exchange(error_, nullptr);
  }
  if (output_) {
    const bool failed = std::ferror(output_.get()) != 0;
    const int close_result = std::fclose(output_.release());
    if (!error && (failed || close_result != 0)) {
      error = std::make_exception_ptr(
          IoError(fmt::format("cannot write samples: {}", std::strerror(errno)), {output_path_}));
    }
  }
  if (error) {
    std::rethrow_exception(error);
  }
}

void ContinuousMonitor::run() noexcept {
  auto next_tick = std::chrono::steady_clock::now();
  try {
    while (true) {
      Sample sample = sampler_();
      sample.time = wall_clock_now();
      sample.elapsed = clock_() - started_at_;
      {
        const std::lock_guard lock(mutex_);
        ring_.push(sample);
      }
      write_line(sample);
      if (listener_) {
        listener_(sample);
      }
      // Pace by the real clock: a slow sample delays the next tick instead of causing a burst.
      const auto now = std::chrono::steady_clock::now();
      next_tick += interval_;
      if (next_tick < now) {
        next_tick = now + interval_;
      }
      std::unique_lock lock(mutex_);
      if (wake_.wait_until(lock, next_tick, [this] { return stop_requested_; })) {
        return;
      }
    }
  } catch (...) {
    const std::lock_guard lock(mutex_);
    error_ = std::current_exception();
  }
}

void ContinuousMonitor::write_line(const Sample& sample) {
  if (!output_) {
    return;
  }
  const std::string line = to_json(sample).dump() + '\n';
  if (std::fwrite(line.data(), 1, line.size(), output_.get()) != line.size() ||
      std::fflush(output_.get()) != 0) {
    throw IoError(fmt::format("cannot write samples: {}", std::strerror(errno)), {output_path_});
  }
}

std::vector<Sample> ContinuousMonitor::samples() const {
  const std::lock_guard lock(mutex_);
  return ring_.to_vector();
}

std::optional<Sample> ContinuousMonitor::latest() const {
  const std::lock_guard lock(mutex_);
  if (ring_.empty()) {
    return std::nullopt;
  }
  return ring_.back();
}

std::uint64_t ContinuousMonitor::sample_count() const {
  const std::lock_guard lock(mutex_);
  return ring_.pushed();
}

}  // namespace qbt::monitor
