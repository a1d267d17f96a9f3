#include "qbt/indicators/trend/vortex.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "Vortex";
}  // namespace

Vortex::Vortex(std::int32_t period)
    : plus_sum_(check_period(k_name, period)), minus_sum_(period), range_sum_(period) {}

void vortex(std::span<const double> high, std::span<const double> low,
            std::span<const double> close, std::int32_t period, std::span<double> vi_plus,
            std::span<double> vi_minus) {
  const std::size_t n = close.size();
  QBT_CHECK(high.size() == n && low.size() == n && vi_plus.size() == n && vi_minus.size() == n);
  check_period(k_name, period);
  const auto p = static_cast<std::size_t>(period);
  const auto terms_at = [&](std::size_t i) {
    return i == 0 ? VortexTerms{k_nan, k_nan, k_nan}
                  : vortex_terms(high[i], low[i], close[i], high[i - 1], low[i - 1], close[i - 1]);
  };
  detail::WindowSum plus_sum(period);
  detail::WindowSum minus_sum(period);
  detail::WindowSum range_sum(period);
  for (std::size_t i = 0; i < n; ++i) {
    const VortexTerms in = terms_at(i);
    const VortexTerms out = i >= p ? terms_at(i - p) : VortexTerms{k_nan, k_nan, k_nan};
    plus_sum.slide(in.vm_plus, out.vm_plus);
    minus_sum.slide(in.vm_minus, out.vm_minus);
    range_sum.slide(in.range, out.range);
    const double true_range = range_sum.value();
    vi_plus[i] = plus_sum.value() / true_range;
    vi_minus[i] = minus_sum.value() / true_range;
  }
}

void register_vortex(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {},
      .doc = "Vortex: upward and downward movement over the summed true range.",
      .reference = "backtrader Vortex (backtrader/indicators/vortex.py)",
      .inputs = {Field::high, Field::low, Field::close},
      .outputs = {"vi_plus", "vi_minus"},
      .params = {period_param(14)},
      .lookback = [](const ParamValues& p) { return vortex_lookback(p.integer("period")); },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            vortex(in[0], in[1], in[2], p.integer("period"), out[0], out[1]);
          },
      .make_stream = [](const ParamValues& p) { return make_stream(Vortex(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
