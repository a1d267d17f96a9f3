#include "qbt/indicators/volume/mfi.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "MFI";
}  // namespace

Mfi::Mfi(std::int32_t period) : positive_(check_period(k_name, period)), negative_(period) {}

void mfi(std::span<const double> high, std::span<const double> low, std::span<const double> close,
         std::span<const double> volume, std::int32_t period, std::span<double> out) {
  const std::size_t n = close.size();
  QBT_CHECK(high.size() == n && low.size() == n && volume.size() == n && out.size() == n);
  check_period(k_name, period);
  const auto p = static_cast<std::size_t>(period);
  const auto typical_at = [&](std::size_t i) { return typical_price(high[i], low[i], close[i]); };
  detail::WindowSum positive(period);
  detail::WindowSum negative(period);
  // Each typical price is computed twice (entering and leaving), never four times: the previous
  // one of each pair is carried over from the last bar.
  double prev_in = k_nan;
  double prev_out = k_nan;
  for (std::size_t i = 0; i < n; ++i) {
    const double typical_in = typical_at(i);
    const MoneyFlow in = money_flow(typical_in, volume[i], prev_in);
    prev_in = typical_in;
    MoneyFlow leaving{k_nan, k_nan};
    if (i >= p) {
      const double typical_out = typical_at(i - p);
      leaving = money_flow(typical_out, volume[i - p], prev_out);
      prev_out = typical_out;
    }
    positive.slide(in.positive, leaving.positive);
    negative.slide(in.negative, leaving.negative);
    out[i] = mfi_of(positive.value(), negative.value());
  }
}

void register_mfi(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"MoneyFlowIndicator"},
      .doc = "Money flow index: volume-weighted RSI of the typical price, 0 to 100.",
      .reference = "backtrader MFI recipe (backtrader.com/recipes/indicators/mfi/mfi/)",
      .inputs = {Field::high, Field::low, Field::close, Field::volume},
      .outputs = {"mfi"},
      .params = {period_param(14)},
      .lookback = [](const ParamValues& p) { return mfi_lookback(p.integer("period")); },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            mfi(in[0], in[1], in[2], in[3], p.integer("period"), out[0]);
          },
      .make_stream = [](const ParamValues& p) { return make_stream(Mfi(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
