#pragma once
/// A checksum of a workload's result, so that every timed run of `qbt bench` is also a
/// correctness run: the same inputs must give the same bits on every repetition, and a change in
/// an engine's results shows up as a changed checksum next to the timing.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace qbt::bench_suite {

/// Incremental XXH3-64 over the bit patterns of the values added, in order.
class Checksum {
public:
  Checksum();
  ~Checksum();
  Checksum(const Checksum&) = delete;
  Checksum& operator=(const Checksum&) = delete;

  Checksum& add(std::span<const double> values);
  Checksum& add(std::span<const std::int64_t> values);
  Checksum& add(double value);
  Checksum& add(std::int64_t value);
  Checksum& add(std::string_view bytes);

  [[nodiscard]] std::uint64_t value() const;
  /// `xxh3:` and 16 lower-case hex digits: the form stored in results and history.
  [[nodiscard]] std::string hex() const;

private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace qbt::bench_suite
