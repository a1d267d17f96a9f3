#pragma once
/// Know sure thing (Pring): a weighted sum of four smoothed rates of change,
///   kst = 1 * SMA(ROC100(rp1), rma1) + 2 * SMA(ROC100(rp2), rma2)
///       + 3 * SMA(ROC100(rp3), rma3) + 4 * SMA(ROC100(rp4), rma4),
///   signal = SMA(kst, rsignal),
/// summed left to right like backtrader's sum(). Follows backtrader KnowSureThing (alias KST,
/// backtrader/indicators/kst.py). The weights (backtrader's `rfactors` list, default
/// [1, 2, 3, 4]) are fixed and `_rmovav`/`_smovav` are fixed to the SMA. Checked against the
/// values of backtrader's tests/test_ind_kst.py.

#include <array>
#include <cstdint>
#include <span>

#include "qbt/indicators/momentum/rate_of_change_100.hpp"
#include "qbt/indicators/trend/sma.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// The ROC and smoothing periods of KST's four components, and of the signal.
struct KstPeriods {
  std::array<std::int32_t, 4> roc{10, 15, 20, 30};  ///< backtrader rp1..rp4
  std::array<std::int32_t, 4> sma{10, 10, 10, 10};  ///< backtrader rma1..rma4
  std::int32_t signal = 9;                          ///< backtrader rsignal
};

/// Lines of KST.
struct KstLines {
  double kst;
  double signal;
};

/// Streaming KST: O(1) per value.
class Kst {
public:
  /// Throws UserInputError unless every period is in [1, k_max_period].
  explicit Kst(const KstPeriods& periods = {});

  /// Push x; kst is NaN for the first max_i(rp_i + rma_i) - 1 values (after leading NaNs),
  /// signal for rsignal - 1 more.
  KstLines update(double x) noexcept {
    double kst = 1.0 * smas_[0].update(rocs_[0].update(x));
    kst += 2.0 * smas_[1].update(rocs_[1].update(x));
    kst += 3.0 * smas_[2].update(rocs_[2].update(x));
    kst += 4.0 * smas_[3].update(rocs_[3].update(x));
    return {kst, signal_.update(kst)};
  }

private:
  std::array<RateOfChange100, 4> rocs_;
  std::array<Sma, 4> smas_;
  Sma signal_;
};

/// Undefined leading outputs of kst: max_i(rp_i + rma_i) - 1.
[[nodiscard]] constexpr std::int32_t kst_line_lookback(const KstPeriods& periods) noexcept {
  std::int32_t longest = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    const std::int32_t span = periods.roc[i] + periods.sma[i] - 1;
    longest = span > longest ? span : longest;
  }
  return longest;
}
/// Undefined leading outputs (of signal, the later line): kst's + rsignal - 1.
[[nodiscard]] constexpr std::int32_t kst_lookback(const KstPeriods& periods) noexcept {
  return kst_line_lookback(periods) + periods.signal - 1;
}

/// Batch KST of `in` into `kst` and `signal` (all the same length), identical to Kst::update.
void kst(std::span<const double> in, const KstPeriods& periods, std::span<double> kst,
         std::span<double> signal);

/// Register "KST" (alias KnowSureThing).
void register_kst(IndicatorRegistry& registry);

}  // namespace qbt::indicators
