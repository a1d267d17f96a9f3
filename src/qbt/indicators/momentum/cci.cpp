#include "qbt/indicators/momentum/cci.hpp"

#include <array>
#include <limits>

#include "qbt/core/check.hpp"
#include "qbt/core/error.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_name = "CCI";

std::int32_t checked(std::int32_t period, double factor) {
  check_param_range(k_name, "period", period, 2, k_max_period);
  check_param_range(k_name, "factor", factor, -std::numeric_limits<double>::max(),
                    std::numeric_limits<double>::max());
  if (factor == 0.0) {
    throw UserInputError("CCI: parameter 'factor' must not be 0");
  }
  return period;
}

}  // namespace

Cci::Cci(std::int32_t period, double factor)
    : mean_(checked(period, factor)), mean_deviation_(period), factor_(factor) {}

void cci(std::span<const double> high, std::span<const double> low, std::span<const double> close,
         std::int32_t period, double factor, std::span<double> out) {
  Cci state(period, factor);
  const std::size_t n = close.size();
  QBT_CHECK(high.size() == n && low.size() == n && out.size() == n);
  const std::array<std::span<const double>, 3> inputs{high, low, close};
  const std::array<std::span<double>, 1> outputs{out};
  run_streaming(state, inputs, outputs);
}

void register_cci(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"CommodityChannelIndex"},
      .doc = "Commodity channel index: typical price's deviation from its SMA over factor x mean "
             "deviation.",
      .reference = "backtrader CommodityChannelIndex (backtrader/indicators/cci.py)",
      .inputs = {Field::high, Field::low, Field::close},
      .outputs = {"cci"},
      .params = {period_param(20, "SMA and mean-deviation period (1 would always divide 0 by 0)",
                              "period", 2),
                 real_param("factor", 0.015, 1e-9, 1e9,
                            "scale of the mean deviation (Lambert's 0.015)")},
      .lookback = [](const ParamValues& p) { return cci_lookback(p.integer("period")); },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            cci(in[0], in[1], in[2], p.integer("period"), p.real("factor"), out[0]);
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(Cci(p.integer("period"), p.real("factor")));
          },
  });
}

}  // namespace qbt::indicators
