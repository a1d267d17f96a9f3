#include "qbt/indicators/basic/z_score.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "ZScore";
}  // namespace

ZScore::ZScore(std::int32_t period) : window_(check_period(k_name, period)), ring_(period) {}

void z_score(std::span<const double> in, std::int32_t period, std::span<double> out) {
  check_period(k_name, period);
  QBT_CHECK_OP(in.size(), ==, out.size());
  slide_std_dev(in, period, true, [in, out](std::size_t i, const MeanStdDev& window) {
    out[i] = (in[i] - window.mean) / window.stddev;
  });
}

void register_z_score(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {},
      .doc = "Standard score of the value in its window: (x - SMA) / StdDev (population).",
      .reference = "no backtrader or TA-Lib equivalent: (x - SMA) / StdDev built from backtrader "
                   "MovingAverageSimple and StandardDeviation (backtrader/indicators/sma.py, "
                   "deviation.py)",
      .inputs = {Field::close},
      .outputs = {"zscore"},
      .params = {period_param(20)},
      .lookback = [](const ParamValues& p) { return z_score_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { z_score(in[0], p.integer("period"), out[0]); },
      .make_stream = [](const ParamValues& p) { return make_stream(ZScore(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
