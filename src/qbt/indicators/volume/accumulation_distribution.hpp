#pragma once
/// Chaikin accumulation/distribution line: a running total of volume weighted by where the close
/// sits in the bar's range. backtrader has no A/D line; this follows TA-Lib AD (ta_AD.c):
///
///   ad += ((close - low) - (high - close)) / (high - low) * volume   when high > low
///
/// (a bar without range adds nothing), starting from 0, so it is defined from the first bar
/// (lookback 0).
///
/// NaN: leading bars with a NaN field are skipped; a NaN after that makes every later value NaN
/// (TA-Lib would silently skip the bar).

#include <cmath>
#include <cstdint>
#include <span>

#include "qbt/indicators/indicator.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming accumulation/distribution: O(1) per bar.
class AccumulationDistribution {
public:
  /// Push one bar; return the running A/D total.
  double update(double high, double low, double close, double volume) noexcept {
    const bool bad = std::isnan(high) || std::isnan(low) || std::isnan(close) || std::isnan(volume);
    if (!started_) [[unlikely]] {
      if (bad) {
        return k_nan;
      }
      started_ = true;
      ad_ = 0.0;
    }
    if (bad) {
      ad_ = k_nan;
    } else {
      const double range = high - low;
      if (range > 0.0) {
        ad_ += (((close - low) - (high - close)) / range) * volume;
      }
    }
    return ad_;
  }

private:
  double ad_ = k_nan;
  bool started_ = false;
};

/// Undefined leading outputs: 0.
[[nodiscard]] constexpr std::int32_t accumulation_distribution_lookback() noexcept { return 0; }

/// Batch A/D line into `out`; all spans the same length. Identical to
/// AccumulationDistribution::update per bar.
void accumulation_distribution(std::span<const double> high, std::span<const double> low,
                               std::span<const double> close, std::span<const double> volume,
                               std::span<double> out);

/// Register "AccumulationDistribution" (alias AD).
void register_accumulation_distribution(IndicatorRegistry& registry);

}  // namespace qbt::indicators
