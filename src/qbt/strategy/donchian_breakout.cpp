#include "qbt/strategy/donchian_breakout.hpp"

#include <cstdint>

#include "qbt/strategy/series.hpp"

namespace qbt::strategy {

namespace {
constexpr std::size_t k_entry = 0;
constexpr std::size_t k_exit = 1;
}  // namespace

DonchianBreakout::DonchianBreakout()
    : params_{indicators::period_param(20, "bars of the channel whose high an entry must beat",
                                       "entry"),
              indicators::period_param(10, "bars of the channel whose low an exit must break",
                                       "exit")} {}

std::string_view DonchianBreakout::doc() const noexcept {
  return "Donchian breakout: enter when the close beats the high of the previous entry bars, "
         "exit when it breaks the low of the previous exit bars.";
}

void DonchianBreakout::series(const ParamSet& params, std::vector<SeriesKey>& out) const {
  out.push_back(
      series_key("Highest", {{"period", params[k_entry]}}, "highest", {data::Field::high}));
  out.push_back(series_key("Lowest", {{"period", params[k_exit]}}, "lowest", {data::Field::low}));
}

void DonchianBreakout::next_signals(const ParamSet& /*params*/, const data::BarFrame& bars,
                                    std::span<const std::span<const double>> series,
                                    SignalSpans out, SignalCarry& carry) const {
  check_signal_shapes(bars, series, 2, out);
  const std::span<const double> close = bars.close();
  const std::span<const double> highest = series[0];
  const std::span<const double> lowest = series[1];
  const std::size_t n = close.size();
  if (n == 0) {
    return;
  }
  // The channels of the bar before: the previous chunk's last, NaN before the first bar. A NaN
  // channel compares false: no signal during the warm-up or while a NaN is inside it.
  out.entries[0] = static_cast<std::uint8_t>(close[0] > carry.previous[0]);
  out.exits[0] = static_cast<std::uint8_t>(close[0] < carry.previous[1]);
  for (std::size_t t = 1; t < n; ++t) {
    out.entries[t] = static_cast<std::uint8_t>(close[t] > highest[t - 1]);
    out.exits[t] = static_cast<std::uint8_t>(close[t] < lowest[t - 1]);
  }
  carry.previous = {highest[n - 1], lowest[n - 1]};
}

std::unique_ptr<SignalStrategy> make_donchian_breakout() {
  return std::make_unique<DonchianBreakout>();
}

}  // namespace qbt::strategy
