#include "qbt/indicators/momentum/dv2.hpp"

#include <array>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_name = "DV2";

std::int32_t checked(std::int32_t period, std::int32_t maperiod) {
  check_period(k_name, period);
  check_period(k_name, maperiod, "maperiod");
  return maperiod;
}

}  // namespace

Dv2::Dv2(std::int32_t period, std::int32_t maperiod)
    : average_(checked(period, maperiod)), rank_(period) {}

void dv2(std::span<const double> high, std::span<const double> low, std::span<const double> close,
         std::int32_t period, std::int32_t maperiod, std::span<double> out) {
  Dv2 state(period, maperiod);
  const std::size_t n = close.size();
  QBT_CHECK(high.size() == n && low.size() == n && out.size() == n);
  const std::array<std::span<const double>, 3> inputs{high, low, close};
  const std::array<std::span<double>, 1> outputs{out};
  run_streaming(state, inputs, outputs);
}

void register_dv2(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {},
      .doc = "DV2: percent rank (0-100) of the 2-bar SMA of close over the bar midpoint.",
      .reference = "backtrader DV2 (backtrader/indicators/dv2.py)",
      .inputs = {Field::high, Field::low, Field::close},
      .outputs = {"dv2"},
      .params = {period_param(252, "bars of the percent rank"),
                 period_param(2, "SMA of close / midpoint", "maperiod")},
      .lookback =
          [](const ParamValues& p) {
            return dv2_lookback(p.integer("period"), p.integer("maperiod"));
          },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            dv2(in[0], in[1], in[2], p.integer("period"), p.integer("maperiod"), out[0]);
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(Dv2(p.integer("period"), p.integer("maperiod")));
          },
  });
}

}  // namespace qbt::indicators
