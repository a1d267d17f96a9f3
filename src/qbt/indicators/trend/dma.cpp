#include "qbt/indicators/trend/dma.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_name = "DMA";

/// Check under DMA's name before the parts would check under theirs.
std::int32_t check_dma_params(std::int32_t period, std::int32_t gainlimit, std::int32_t hperiod) {
  check_period(k_name, period);
  check_param_range(k_name, "gainlimit", gainlimit, 0, k_max_gainlimit);
  check_param_range(k_name, "hperiod", hperiod, 2, k_max_period);
  return period;
}

}  // namespace

Dma::Dma(std::int32_t period, std::int32_t gainlimit, std::int32_t hperiod)
    : error_correcting_(check_dma_params(period, gainlimit, hperiod), gainlimit), hull_(hperiod) {}

std::vector<ParamSpec> dma_params() {
  std::vector<ParamSpec> params = zero_lag_indicator_params();
  params.push_back(period_param(7, "period of the Hull moving average", "hperiod", 2));
  return params;
}

void dma(std::span<const double> in, std::int32_t period, std::int32_t gainlimit,
         std::int32_t hperiod, std::span<double> out) {
  QBT_CHECK_OP(in.size(), ==, out.size());
  Dma state(period, gainlimit, hperiod);
  for (std::size_t i = 0; i < in.size(); ++i) {
    out[i] = state.update(in[i]);
  }
}

void register_dma(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"DicksonMovingAverage", "DicksonMA"},
      .doc = "Dickson moving average: the mean of Ehlers' zero-lag EMA and a Hull MA.",
      .reference = "backtrader DicksonMovingAverage (backtrader/indicators/dma.py)",
      .inputs = {Field::close},
      .outputs = {"dma"},
      .params = dma_params(),
      .lookback =
          [](const ParamValues& p) {
            return dma_lookback(p.integer("period"), p.integer("hperiod"));
          },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            dma(in[0], p.integer("period"), p.integer("gainlimit"), p.integer("hperiod"), out[0]);
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(
                Dma(p.integer("period"), p.integer("gainlimit"), p.integer("hperiod")));
          },
  });
}

}  // namespace qbt::indicators
