#include "qbt/indicators/basic/sum_n.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "SumN";
}  // namespace

SumN::SumN(std::int32_t period) : sum_(check_period(k_name, period)) {}

void sum_n(std::span<const double> in, std::int32_t period, std::span<double> out) {
  check_period(k_name, period);
  QBT_CHECK_OP(in.size(), ==, out.size());
  detail::slide_window(in, period, [out](std::size_t i, const detail::WindowSum& window) {
    out[i] = window.value();
  });
}

void register_sum_n(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {},
      .doc = "Sum of the last `period` values.",
      .reference = "backtrader SumN (backtrader/indicators/basicops.py)",
      .inputs = {Field::close},
      .outputs = {"sumn"},
      .params = {period_param(14)},
      .lookback = [](const ParamValues& p) { return sum_n_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { sum_n(in[0], p.integer("period"), out[0]); },
      .make_stream = [](const ParamValues& p) { return make_stream(SumN(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
