#include "qbt/indicators/basic/heikin_ashi.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

void heikin_ashi(std::span<const double> open, std::span<const double> high,
                 std::span<const double> low, std::span<const double> close,
                 std::span<double> ha_open, std::span<double> ha_high, std::span<double> ha_low,
                 std::span<double> ha_close) {
  const std::size_t n = close.size();
  QBT_CHECK_OP(open.size(), ==, n);
  QBT_CHECK_OP(high.size(), ==, n);
  QBT_CHECK_OP(low.size(), ==, n);
  QBT_CHECK_OP(ha_open.size(), ==, n);
  QBT_CHECK_OP(ha_high.size(), ==, n);
  QBT_CHECK_OP(ha_low.size(), ==, n);
  QBT_CHECK_OP(ha_close.size(), ==, n);
  HeikinAshi state;
  for (std::size_t i = 0; i < n; ++i) {
    const HeikinAshiLines candle = state.update(open[i], high[i], low[i], close[i]);
    ha_open[i] = candle.ha_open;
    ha_high[i] = candle.ha_high;
    ha_low[i] = candle.ha_low;
    ha_close[i] = candle.ha_close;
  }
}

void register_heikin_ashi(IndicatorRegistry& registry) {
  registry.add({
      .name = "HeikinAshi",
      .aliases = {},
      .doc = "Heikin-Ashi candles: averaged open/high/low/close that smooth the price bars.",
      .reference = "backtrader HeikinAshi (backtrader/indicators/heikinashi.py)",
      .inputs = {Field::open, Field::high, Field::low, Field::close},
      .outputs = {"ha_open", "ha_high", "ha_low", "ha_close"},
      .params = {},
      .lookback = [](const ParamValues& /*p*/) { return heikin_ashi_lookback(); },
      .batch =
          [](const ParamValues& /*p*/, BatchInputs in, BatchOutputs out) {
            heikin_ashi(in[0], in[1], in[2], in[3], out[0], out[1], out[2], out[3]);
          },
      .make_stream = [](const ParamValues& /*p*/) { return make_stream(HeikinAshi()); },
  });
}

}  // namespace qbt::indicators
