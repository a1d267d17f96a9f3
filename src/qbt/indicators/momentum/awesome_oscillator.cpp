#include "qbt/indicators/momentum/awesome_oscillator.hpp"

#include <array>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_name = "AO";

std::int32_t checked(std::int32_t fast, std::int32_t slow) {
  check_period(k_name, fast, "fast");
  check_period(k_name, slow, "slow");
  return fast;
}

}  // namespace

AwesomeOscillator::AwesomeOscillator(std::int32_t fast, std::int32_t slow)
    : fast_(checked(fast, slow)), slow_(slow) {}

void awesome_oscillator(std::span<const double> high, std::span<const double> low,
                        std::int32_t fast, std::int32_t slow, std::span<double> out) {
  AwesomeOscillator state(fast, slow);
  const std::size_t n = high.size();
  QBT_CHECK(low.size() == n && out.size() == n);
  const std::array<std::span<const double>, 2> inputs{high, low};
  const std::array<std::span<double>, 1> outputs{out};
  run_streaming(state, inputs, outputs);
}

void register_awesome_oscillator(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"AwesomeOscillator", "AwesomeOsc"},
      .doc = "Awesome oscillator: fast SMA minus slow SMA of the median price (high+low)/2.",
      .reference = "backtrader AwesomeOscillator (backtrader/indicators/awesomeoscillator.py)",
      .inputs = {Field::high, Field::low},
      .outputs = {"ao"},
      .params = {period_param(5, "fast SMA of the median price", "fast"),
                 period_param(34, "slow SMA of the median price", "slow")},
      .lookback =
          [](const ParamValues& p) {
            return awesome_oscillator_lookback(p.integer("fast"), p.integer("slow"));
          },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            awesome_oscillator(in[0], in[1], p.integer("fast"), p.integer("slow"), out[0]);
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(AwesomeOscillator(p.integer("fast"), p.integer("slow")));
          },
  });
}

}  // namespace qbt::indicators
