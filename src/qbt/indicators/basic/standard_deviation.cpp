#include "qbt/indicators/basic/standard_deviation.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "StdDev";
}  // namespace

StdDev::StdDev(std::int32_t period, bool safepow)
    : window_(check_period(k_name, period), safepow), ring_(period) {}

void std_dev(std::span<const double> in, std::int32_t period, bool safepow,
             std::span<double> out) {
  check_period(k_name, period);
  QBT_CHECK_OP(in.size(), ==, out.size());
  slide_std_dev(in, period, safepow,
                [out](std::size_t i, const MeanStdDev& window) { out[i] = window.stddev; });
}

void register_std_dev(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"StandardDeviation"},
      .doc = "Population standard deviation of the last `period` values.",
      .reference = "backtrader StandardDeviation (backtrader/indicators/deviation.py)",
      .inputs = {Field::close},
      .outputs = {"stddev"},
      .params = {period_param(20),
                 bool_param("safepow", true,
                            "take the root of |mean(x^2) - mean(x)^2| (else NaN if negative)")},
      .lookback = [](const ParamValues& p) { return std_dev_lookback(p.integer("period")); },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            std_dev(in[0], p.integer("period"), p.boolean("safepow"), out[0]);
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(StdDev(p.integer("period"), p.boolean("safepow")));
          },
  });
}

}  // namespace qbt::indicators
