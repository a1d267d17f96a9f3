#pragma once
/// Ehlers and Way's zero-lag (error-correcting) EMA. Each bar, with ema = EMA(x, period) and
/// ec1 = the previous value, it tries gain = k / 10 for k = -gainlimit .. gainlimit and keeps
///   ec = alpha * (ema + gain * (x - ec1)) + (1 - alpha) * ec1
/// with the smallest |x - ec|; on a tie the smallest gain wins, because only a strictly smaller
/// error replaces the best so far. The first value (ec1 undefined) is the EMA itself. Follows
/// backtrader ZeroLagIndicator (aliases ZLIndicator, ZLInd, EC, ErrorCorrecting,
/// backtrader/indicators/zlind.py), including its evaluation order, so values match bit for
/// bit. backtrader scans all 2 * gainlimit + 1 gains per bar; since the error is V-shaped in the
/// gain, this solves for the best real gain and scans only the two grid gains either side of it,
/// which picks the same one whenever rounding cannot reorder the errors, and falls back to the
/// full scan otherwise (x == ec1, huge or non-finite values).

#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "qbt/indicators/detail/exp_smoothing.hpp"
#include "qbt/indicators/indicator.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Largest gainlimit accepted (the fallback scan is O(gainlimit)).
inline constexpr std::int32_t k_max_gainlimit = 10'000;

/// The error-correction step: the best corrected value for one bar.
class ErrorCorrection {
public:
  /// Precompute the gains k / 10 (one division each, as backtrader's `value1 / 10`).
  ErrorCorrection(double alpha, std::int32_t gainlimit);

  /// The ec of the best gain for price x, EMA value ema and previous ec1 (NaN on the first bar:
  /// then every error is NaN and the EMA is returned, as in backtrader).
  [[nodiscard]] double best(double x, double ema, double ec1) const noexcept;

private:
  [[nodiscard]] double scan(double x, double ema, double ec1, std::int32_t first,
                            std::int32_t last) const noexcept;

  double alpha_;
  double alpha1_;
  std::int32_t gainlimit_;
  std::vector<double> gains_;  ///< gains_[k + gainlimit] = k / 10
};

/// Streaming ZLIndicator: O(1) per value.
class ZeroLagIndicator {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period and
  /// 0 <= gainlimit <= k_max_gainlimit.
  ZeroLagIndicator(std::int32_t period, std::int32_t gainlimit);

  /// Push x; return the error-corrected EMA, NaN for the first period-1 values (after leading
  /// NaNs). A later NaN input makes every following value NaN, as in backtrader.
  double update(double x) noexcept {
    const double ema = ema_.update(x);
    ec_ = std::isnan(ema) ? k_nan : correction_.best(x, ema, ec_);
    return ec_;
  }
  [[nodiscard]] std::int32_t period() const noexcept { return ema_.period(); }

private:
  detail::ExpSmoothing ema_;
  ErrorCorrection correction_;
  double ec_ = k_nan;
};

/// Undefined leading outputs: period - 1.
[[nodiscard]] constexpr std::int32_t zero_lag_indicator_lookback(std::int32_t period) noexcept {
  return period - 1;
}

/// ZLIndicator's parameters: period (30), gainlimit (50).
[[nodiscard]] std::vector<ParamSpec> zero_lag_indicator_params();

/// Batch ZLIndicator of `in` into `out` (same length), identical to ZeroLagIndicator::update.
void zero_lag_indicator(std::span<const double> in, std::int32_t period, std::int32_t gainlimit,
                        std::span<double> out);

/// Register "ZLIndicator" (aliases ZeroLagIndicator, ZLInd, EC, ErrorCorrecting).
void register_zero_lag_indicator(IndicatorRegistry& registry);

}  // namespace qbt::indicators
