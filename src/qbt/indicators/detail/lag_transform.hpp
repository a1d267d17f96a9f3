#pragma once
/// The batch loop of every "value against the value `period` bars ago" indicator (Momentum,
/// ROC, ROC100, MomentumOscillator, PercentChange, LogReturn): one home for the period check,
/// the warm-up NaNs and the lag indexing, so each indicator only states its formula.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "qbt/core/check.hpp"
#include "qbt/indicators/indicator.hpp"

namespace qbt::indicators::detail {

/// out[i] = formula(in[i], in[i - period]); NaN for the first `period` values. A NaN input makes
/// the outputs that read it NaN, so leading NaNs only delay the warm-up.
template <class Formula>
void lag_transform(std::string_view indicator, std::span<const double> in, std::int32_t period,
                   std::span<double> out, Formula formula) {
  check_period(indicator, period);
  QBT_CHECK_OP(in.size(), ==, out.size());
  const auto lag = static_cast<std::size_t>(period);
  const std::size_t warmup = std::min(in.size(), lag);
  std::fill_n(out.begin(), warmup, k_nan);
  for (std::size_t i = warmup; i < in.size(); ++i) {
    out[i] = formula(in[i], in[i - lag]);
  }
}

}  // namespace qbt::indicators::detail
