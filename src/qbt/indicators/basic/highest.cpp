#include "qbt/indicators/basic/highest.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "Highest";
}  // namespace

Highest::Highest(std::int32_t period) : extreme_(check_period(k_name, period)) {}

void highest(std::span<const double> in, std::int32_t period, std::span<double> out) {
  check_period(k_name, period);
  QBT_CHECK_OP(in.size(), ==, out.size());
  detail::sliding_extreme<detail::Extreme::max>(in, period, out);
}

void register_highest(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"MaxN"},
      .doc = "Highest of the last `period` values.",
      .reference = "backtrader Highest (backtrader/indicators/basicops.py)",
      .inputs = {Field::close},
      .outputs = {"highest"},
      .params = {period_param(14)},
      .lookback = [](const ParamValues& p) { return highest_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { highest(in[0], p.integer("period"), out[0]); },
      .make_stream = [](const ParamValues& p) { return make_stream(Highest(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
