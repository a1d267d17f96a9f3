#include "qbt/indicators/momentum/momentum.hpp"

#include <algorithm>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "Momentum";
}  // namespace

Momentum::Momentum(std::int32_t period) : ring_(check_period(k_name, period)) {}

void momentum(std::span<const double> in, std::int32_t period, std::span<double> out) {
  check_period(k_name, period);
  QBT_CHECK_OP(in.size(), ==, out.size());
  const std::size_t n = in.size();
  const auto p = static_cast<std::size_t>(period);
  const std::size_t warmup = std::min(n, p);
  std::fill_n(out.begin(), warmup, k_nan);
  for (std::size_t i = warmup; i < n; ++i) {
    out[i] = in[i] - in[i - p];
  }
}

void register_momentum(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {},
      .doc = "Difference between the value and the value `period` bars earlier.",
      .reference = "backtrader Momentum (backtrader/indicators/momentum.py)",
      .inputs = {Field::close},
      .outputs = {"momentum"},
      .params = {period_param(12)},
      .lookback = [](const ParamValues& p) { return momentum_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { momentum(in[0], p.integer("period"), out[0]); },
      .make_stream =
          [](const ParamValues& p) { return make_stream(Momentum(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
