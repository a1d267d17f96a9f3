#include "qbt/indicators/trend/zero_lag_indicator.hpp"

#include <algorithm>
#include <cmath>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_name = "ZLIndicator";
/// backtrader's initial "least error" (sys.maxsize); only smaller errors are ever kept.
constexpr double k_max_error = 9223372036854775807.0;
/// Values at or above this take the full scan (errors could approach k_max_error).
constexpr double k_max_magnitude = 1e15;

std::int32_t check_gainlimit(std::int32_t gainlimit) {
  check_param_range(k_name, "gainlimit", gainlimit, 0, k_max_gainlimit);
  return gainlimit;
}

}  // namespace

ErrorCorrection::ErrorCorrection(double alpha, std::int32_t gainlimit)
    : alpha_(alpha),
      alpha1_(1.0 - alpha),
      gainlimit_(gainlimit),
      gains_(2 * static_cast<std::size_t>(gainlimit) + 1) {
  for (std::int32_t k = -gainlimit; k <= gainlimit; ++k) {
    gains_[static_cast<std::size_t>(k + gainlimit)] = static_cast<double>(k) / 10.0;
  }
}

double ErrorCorrection::scan(double x, double ema, double ec1, std::int32_t first,
                             std::int32_t last) const noexcept {
  double least = k_max_error;
  double best = ema;
  for (std::int32_t k = first; k <= last; ++k) {
    const double gain = gains_[static_cast<std::size_t>(k + gainlimit_)];
    const double ec = alpha_ * (ema + gain * (x - ec1)) + alpha1_ * ec1;
    const double error = std::fabs(x - ec);
    const bool better = error < least;  // strictly: on a tie the earlier (smaller) gain stays
    least = better ? error : least;
    best = better ? ec : best;
  }
  return best;
}

double ErrorCorrection::best(double x, double ema, double ec1) const noexcept {
  // In exact arithmetic error(gain) = |residual - gain * slope|: a V with its minimum at
  // residual / slope, and neighbouring grid gains differ by |slope| / 10 in error. When that
  // step dwarfs the rounding of each ec (a few ulps of `scale`), only the grid gains next to
  // the minimum can be the best, and scanning them in increasing order keeps backtrader's
  // tie-breaking. Otherwise (x == ec1, or values too large or not finite) scan every gain.
  const double slope = alpha_ * (x - ec1);
  const double gain_reach = 0.1 * gainlimit_;
  const double scale =
      std::fabs(x) + std::fabs(ema) + std::fabs(ec1) + gain_reach * std::fabs(x - ec1);
  const bool well_conditioned =
      scale < k_max_magnitude && 0.1 * std::fabs(slope) > scale * 0x1p-40;
  if (!well_conditioned) {
    return scan(x, ema, ec1, -gainlimit_, gainlimit_);
  }
  const double residual = x - (alpha_ * ema + alpha1_ * ec1);
  const double ideal = std::clamp(10.0 * residual / slope, -static_cast<double>(gainlimit_),
                                  static_cast<double>(gainlimit_));
  // Rounded half away from zero (any nearby grid gain will do: the scan covers +-2 of it).
  const auto nearest = static_cast<std::int32_t>(ideal + (ideal < 0.0 ? -0.5 : 0.5));
  return scan(x, ema, ec1, std::max(nearest - 2, -gainlimit_), std::min(nearest + 2, gainlimit_));
}

ZeroLagIndicator::ZeroLagIndicator(std::int32_t period, std::int32_t gainlimit)
    : ema_(detail::ExpSmoothing::ema(check_period(k_name, period))),
      correction_(ema_.alpha(), check_gainlimit(gainlimit)) {}

std::vector<ParamSpec> zero_lag_indicator_params() {
  return {period_param(30),
          integer_param("gainlimit", 50, 0, k_max_gainlimit,
                        "largest error-correction gain tried, in tenths")};
}

void zero_lag_indicator(std::span<const double> in, std::int32_t period, std::int32_t gainlimit,
                        std::span<double> out) {
  QBT_CHECK_OP(in.size(), ==, out.size());
  ZeroLagIndicator state(period, gainlimit);
  for (std::size_t i = 0; i < in.size(); ++i) {
    out[i] = state.update(in[i]);
  }
}

void register_zero_lag_indicator(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"ZeroLagIndicator", "ZLInd", "EC", "ErrorCorrecting"},
      .doc = "Ehlers' error-correcting EMA: the EMA plus the gain that best tracks the price.",
      .reference = "backtrader ZeroLagIndicator (backtrader/indicators/zlind.py)",
      .inputs = {Field::close},
      .outputs = {"ec"},
      .params = zero_lag_indicator_params(),
      .lookback =
          [](const ParamValues& p) { return zero_lag_indicator_lookback(p.integer("period")); },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            zero_lag_indicator(in[0], p.integer("period"), p.integer("gainlimit"), out[0]);
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(ZeroLagIndicator(p.integer("period"), p.integer("gainlimit")));
          },
  });
}

}  // namespace qbt::indicators
