#include "qbt/data/infer_frequency.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace qbt::data {

Frequency infer_frequency(std::span<const Timestamp> timestamps) {
  if (timestamps.size() < 2) {
    return {};
  }
  const std::size_t n = std::min(timestamps.size() - 1, k_frequency_sample_gaps);
  std::vector<std::int64_t> gaps;
  gaps.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t gap = timestamps[i + 1] - timestamps[i];
    if (gap > 0) {
      gaps.push_back(gap);
    }
  }
  if (gaps.empty()) {
    return {};
  }
  std::sort(gaps.begin(), gaps.end());
  std::int64_t mode = gaps.front();
  std::size_t best = 0;
  for (std::size_t i = 0; i < gaps.size();) {
    std::size_t j = i;
    while (j < gaps.size() && gaps[j] == gaps[i]) {
      ++j;
    }
    if (j - i > best) {
      best = j - i;
      mode = gaps[i];
    }
    i = j;
  }
  if (2 * best < n) {
    return {};
  }
  if (mode >= 28 * k_ns_per_day && mode <= 31 * k_ns_per_day) {
    return {};
  }
  return Frequency(mode);
}

}  // namespace qbt::data
