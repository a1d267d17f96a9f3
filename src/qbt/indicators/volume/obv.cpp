#include "qbt/indicators/volume/obv.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

void obv(std::span<const double> close, std::span<const double> volume, std::span<double> out) {
  const std::size_t n = close.size();
  QBT_CHECK(volume.size() == n && out.size() == n);
  Obv state;
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = state.update(close[i], volume[i]);
  }
}

void register_obv(IndicatorRegistry& registry) {
  registry.add({
      .name = "OBV",
      .aliases = {"OnBalanceVolume"},
      .doc = "On-balance volume: running total of volume signed by the close's direction.",
      .reference = "TA-Lib OBV (ta_OBV.c); backtrader has no OBV",
      .inputs = {Field::close, Field::volume},
      .outputs = {"obv"},
      .params = {},
      .lookback = [](const ParamValues& /*p*/) { return obv_lookback(); },
      .batch = [](const ParamValues& /*p*/, BatchInputs in,
                  BatchOutputs out) { obv(in[0], in[1], out[0]); },
      .make_stream = [](const ParamValues& /*p*/) { return make_stream(Obv()); },
  });
}

}  // namespace qbt::indicators
