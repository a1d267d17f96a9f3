#include "qbt/indicators/momentum/williams_r.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "WilliamsR";
}  // namespace

WilliamsR::WilliamsR(std::int32_t period)
    : highest_(check_period(k_name, period)), lowest_(period) {}

void williams_r(std::span<const double> high, std::span<const double> low,
                std::span<const double> close, std::int32_t period, std::span<double> out) {
  check_period(k_name, period);
  const std::size_t n = close.size();
  QBT_CHECK(high.size() == n && low.size() == n && out.size() == n);
  // The highest highs by the branch-free batch block into `out`, the lowest lows by the
  // streaming deque alongside: max and min are exact, so the values are WilliamsR::update's.
  detail::sliding_extreme<detail::Extreme::max>(high, period, out);
  detail::RollingMin lowest(period);
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = williams_r_of(out[i], lowest.update(low[i]), close[i]);
  }
}

void register_williams_r(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {},
      .doc = "Williams %R: distance of the close below the period high, 0 .. -100.",
      .reference = "backtrader WilliamsR (backtrader/indicators/williams.py)",
      .inputs = {Field::high, Field::low, Field::close},
      .outputs = {"percR"},
      .params = {period_param(14, "bars of the high-low range")},
      .lookback = [](const ParamValues& p) { return williams_r_lookback(p.integer("period")); },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            williams_r(in[0], in[1], in[2], p.integer("period"), out[0]);
          },
      .make_stream =
          [](const ParamValues& p) { return make_stream(WilliamsR(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
