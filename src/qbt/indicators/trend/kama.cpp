#include "qbt/indicators/trend/kama.hpp"

#include <cmath>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_name = "KAMA";

/// An EMA's smoothing factor for `period`, written as backtrader does: 2.0 / (period + 1.0).
double ema_alpha(std::int32_t period) noexcept { return 2.0 / (period + 1.0); }

}  // namespace

Kama::Kama(std::int32_t period, std::int32_t fast, std::int32_t slow)
    : lagged_(check_period(k_name, period)),
      volatility_(period),
      slow_alpha_(ema_alpha(check_period(k_name, slow, "slow"))),
      alpha_span_(ema_alpha(check_period(k_name, fast, "fast")) - slow_alpha_),
      period_(period) {}

double Kama::update(double x) noexcept {
  if (seen_ == 0 && std::isnan(x)) {
    return k_nan;  // leading NaNs only delay the warm-up
  }
  const double direction = x - lagged_.push(x);
  const double volatility = volatility_.update(std::fabs(x - previous_));
  previous_ = x;
  if (seen_ < period_) [[unlikely]] {
    if (seen_ > 0) {
      seed_.add(x);
    }
    ++seen_;
    return k_nan;
  }
  if (seen_ == period_) [[unlikely]] {
    seed_.add(x);
    ++seen_;
    value_ = seed_.value() / period_;
    return value_;
  }
  // A window without change has volatility 0; the running sum may leave a residue of its
  // rounding errors there instead (far below any real change, which is at least an ulp of x).
  const bool still = volatility <= std::fabs(x) * 0x1p-60;
  const double efficiency = still ? 1.0 : std::fabs(direction / volatility);
  const double root = efficiency * alpha_span_ + slow_alpha_;
  const double smoothing = root * root;
  value_ = value_ * (1.0 - smoothing) + x * smoothing;
  return value_;
}

std::vector<ParamSpec> kama_params() {
  return {period_param(30),
          period_param(2, "period of the fastest EMA the smoothing may reach", "fast"),
          period_param(30, "period of the slowest EMA the smoothing may reach", "slow")};
}

void kama(std::span<const double> in, std::int32_t period, std::int32_t fast, std::int32_t slow,
          std::span<double> out) {
  QBT_CHECK_OP(in.size(), ==, out.size());
  Kama state(period, fast, slow);
  for (std::size_t i = 0; i < in.size(); ++i) {
    out[i] = state.update(in[i]);
  }
}

void register_kama(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"AdaptiveMovingAverage", "MovingAverageAdaptive"},
      .doc = "Kaufman's adaptive moving average: EMA-like, faster when the trend is efficient.",
      .reference = "backtrader AdaptiveMovingAverage (backtrader/indicators/kama.py)",
      .inputs = {Field::close},
      .outputs = {"kama"},
      .params = kama_params(),
      .lookback = [](const ParamValues& p) { return kama_lookback(p.integer("period")); },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            kama(in[0], p.integer("period"), p.integer("fast"), p.integer("slow"), out[0]);
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(Kama(p.integer("period"), p.integer("fast"), p.integer("slow")));
          },
  });
}

}  // namespace qbt::indicators
