#pragma once
/// Ichimoku Kinko Hyo (Goichi Hosoda, 1969). Follows backtrader Ichimoku
/// (backtrader/indicators/ichimoku.py), parameters and line names included:
///
///   tenkan_sen    = (Highest(high, tenkan) + Lowest(low, tenkan)) / 2
///   kijun_sen     = (Highest(high, kijun) + Lowest(low, kijun)) / 2
///   senkou_span_a = (tenkan_sen + kijun_sen) / 2, pushed senkou_lead bars forward
///   senkou_span_b = (Highest(high, senkou) + Lowest(low, senkou)) / 2, pushed senkou_lead forward
///   chikou_span   = close, pushed chikou bars back
///
/// Alignment in a series of the same length as the bars: the senkou spans are causal, as in
/// backtrader: the value at bar t is the one computed at bar t - senkou_lead (NaN for the first
/// senkou_lead bars after the warm-up). chikou_span is NOT backtrader's: backtrader stores
/// close[t + chikou] at bar t, a look into the future that no streaming state (and no honest
/// backtest) can produce, and leaves its last `chikou` bars NaN. Here every line holds, at bar t,
/// the value known at bar t: chikou_span[t] = close[t], the value backtrader shows at bar
/// t - chikou. So `chikou` does not change any value; it is kept (with backtrader's default) to
/// say how far back the line is meant to be drawn. To reproduce backtrader's array, shift the
/// line back by `chikou` bars.
///
/// Warm-up: senkou_span_b is the last line to appear, at bar senkou - 1 + senkou_lead (77 with
/// the defaults, backtrader's minimum period 78). A NaN inside a window makes the lines that use
/// it NaN until it has left.

#include <cstdint>
#include <span>

#include "qbt/indicators/detail/ring_buffer.hpp"
#include "qbt/indicators/detail/rolling_extreme.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Ichimoku's parameters, with backtrader's defaults.
struct IchimokuParams {
  std::int32_t tenkan = 9;       ///< window of the conversion line
  std::int32_t kijun = 26;       ///< window of the base line
  std::int32_t senkou = 52;      ///< window of leading span B
  std::int32_t senkou_lead = 26; ///< bars the leading spans are pushed forward (0 = none)
  std::int32_t chikou = 26;      ///< bars backtrader pushes the lagging span back (see above)
};

/// The five lines, in backtrader's order.
struct IchimokuLines {
  double tenkan_sen;
  double kijun_sen;
  double senkou_span_a;
  double senkou_span_b;
  double chikou_span;
};

namespace detail {

/// x delayed by `lag` values (lag 0 passes x through); NaN until `lag` values have been pushed.
class Delay {
public:
  explicit Delay(std::int32_t lag) : ring_(lag > 0 ? lag : 1), lag_(lag) {}
  double update(double x) noexcept { return lag_ > 0 ? ring_.push(x) : x; }

private:
  RingBuffer ring_;
  std::int32_t lag_;
};

/// The midpoint of the highest high and the lowest low of the last `period` bars.
class MidRange {
public:
  explicit MidRange(std::int32_t period) : high_(period), low_(period) {}
  double update(double high, double low) noexcept {
    return (high_.update(high) + low_.update(low)) / 2.0;
  }

private:
  RollingMax high_;
  RollingMin low_;
};

}  // namespace detail

/// Streaming Ichimoku: amortised O(1) per bar.
class Ichimoku {
public:
  /// Throws UserInputError naming the parameter unless tenkan, kijun, senkou are in
  /// [1, k_max_period] and senkou_lead, chikou in [0, k_max_period].
  explicit Ichimoku(const IchimokuParams& params = {});

  /// Push one bar; return the five lines at this bar (see the file comment for the alignment).
  IchimokuLines update(double high, double low, double close) noexcept {
    const double tenkan = tenkan_.update(high, low);
    const double kijun = kijun_.update(high, low);
    const double span_a = (tenkan + kijun) / 2.0;
    const double span_b = senkou_.update(high, low);
    return {tenkan, kijun, span_a_lead_.update(span_a), span_b_lead_.update(span_b), close};
  }

private:
  detail::MidRange tenkan_;
  detail::MidRange kijun_;
  detail::MidRange senkou_;
  detail::Delay span_a_lead_;
  detail::Delay span_b_lead_;
};

/// Undefined leading outputs: the maximum over the lines, senkou - 1 + senkou_lead by default.
[[nodiscard]] std::int32_t ichimoku_lookback(const IchimokuParams& params) noexcept;

/// Where a batch call writes the five lines; every span as long as the inputs.
struct IchimokuOutputs {
  std::span<double> tenkan_sen;
  std::span<double> kijun_sen;
  std::span<double> senkou_span_a;
  std::span<double> senkou_span_b;
  std::span<double> chikou_span;
};

/// Batch Ichimoku; identical to Ichimoku::update per bar (branch-free sliding extremes).
void ichimoku(std::span<const double> high, std::span<const double> low,
              std::span<const double> close, const IchimokuParams& params,
              const IchimokuOutputs& out);

/// Register "Ichimoku".
void register_ichimoku(IndicatorRegistry& registry);

}  // namespace qbt::indicators
