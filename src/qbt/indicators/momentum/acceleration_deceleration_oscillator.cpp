#include "qbt/indicators/momentum/acceleration_deceleration_oscillator.hpp"

#include <array>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "AccDeOsc";
}  // namespace

AccelerationDecelerationOscillator::AccelerationDecelerationOscillator(std::int32_t period)
    : sma_(check_period(k_name, period)) {}

void acceleration_deceleration_oscillator(std::span<const double> high, std::span<const double> low,
                                          std::int32_t period, std::span<double> out) {
  AccelerationDecelerationOscillator state(period);
  const std::size_t n = high.size();
  QBT_CHECK(low.size() == n && out.size() == n);
  const std::array<std::span<const double>, 2> inputs{high, low};
  const std::array<std::span<double>, 1> outputs{out};
  run_streaming(state, inputs, outputs);
}

void register_acceleration_deceleration_oscillator(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"AccelerationDecelerationOscillator"},
      .doc = "Acceleration/deceleration: awesome oscillator minus its SMA.",
      .reference = "backtrader AccelerationDecelerationOscillator "
                   "(backtrader/indicators/accdecoscillator.py)",
      .inputs = {Field::high, Field::low},
      .outputs = {"accde"},
      .params = {period_param(5, "SMA of the awesome oscillator")},
      .lookback =
          [](const ParamValues& p) {
            return acceleration_deceleration_oscillator_lookback(p.integer("period"));
          },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            acceleration_deceleration_oscillator(in[0], in[1], p.integer("period"), out[0]);
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(AccelerationDecelerationOscillator(p.integer("period")));
          },
  });
}

}  // namespace qbt::indicators
