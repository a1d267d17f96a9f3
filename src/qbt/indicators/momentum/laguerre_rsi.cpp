#include "qbt/indicators/momentum/laguerre_rsi.hpp"

#include <array>
#include <cmath>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "LRSI";
}  // namespace

LaguerreRsi::LaguerreRsi(double gamma, std::int32_t period) : gamma_(gamma), period_(period) {
  check_param_range(k_name, "gamma", gamma, 0.0, 1.0);
  check_period(k_name, period);
}

double LaguerreRsi::update(double x) noexcept {
  if (seen_ < period_) {
    if (seen_ == 0 && std::isnan(x)) {
      return k_nan;  // leading NaN: the warm-up has not started
    }
    if (++seen_ < period_) {
      return k_nan;  // backtrader's prenext: the filter does not see this value
    }
  }
  const double g = gamma_;
  const double l0_prev = l0_;
  const double l1_prev = l1_;
  const double l2_prev = l2_;
  l0_ = (1.0 - g) * x + g * l0_prev;
  l1_ = -g * l0_ + l0_prev + g * l1_prev;
  l2_ = -g * l1_ + l1_prev + g * l2_prev;
  l3_ = -g * l2_ + l2_prev + g * l3_;

  double rise = 0.0;
  double fall = 0.0;
  if (l0_ >= l1_) {
    rise = l0_ - l1_;
  } else {
    fall = l1_ - l0_;
  }
  if (l1_ >= l2_) {
    rise += l1_ - l2_;
  } else {
    fall += l2_ - l1_;
  }
  if (l2_ >= l3_) {
    rise += l2_ - l3_;
  } else {
    fall += l3_ - l2_;
  }
  const double total = rise + fall;
  return total == 0.0 ? 1.0 : rise / total;
}

void laguerre_rsi(std::span<const double> in, double gamma, std::int32_t period,
                  std::span<double> out) {
  LaguerreRsi state(gamma, period);
  QBT_CHECK_OP(in.size(), ==, out.size());
  const std::array<std::span<const double>, 1> inputs{in};
  const std::array<std::span<double>, 1> outputs{out};
  run_streaming(state, inputs, outputs);
}

void register_laguerre_rsi(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"LaguerreRSI"},
      .doc = "Ehlers' Laguerre RSI: an RSI over the taps of a Laguerre filter, in [0, 1].",
      .reference = "backtrader LaguerreRSI (backtrader/indicators/lrsi.py)",
      .inputs = {Field::close},
      .outputs = {"lrsi"},
      .params = {real_param("gamma", 0.5, 0.0, 1.0, "Laguerre filter damping (0.2 .. 0.8 usual)"),
                 period_param(6, "warm-up: the filter starts at the period-th value")},
      .lookback = [](const ParamValues& p) { return laguerre_rsi_lookback(p.integer("period")); },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            laguerre_rsi(in[0], p.real("gamma"), p.integer("period"), out[0]);
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(LaguerreRsi(p.real("gamma"), p.integer("period")));
          },
  });
}

}  // namespace qbt::indicators
