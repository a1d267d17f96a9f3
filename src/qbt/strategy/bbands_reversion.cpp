#include "qbt/strategy/bbands_reversion.hpp"

#include <cstdint>

#include "qbt/indicators/basic/crossover.hpp"
#include "qbt/strategy/series.hpp"

namespace qbt::strategy {

namespace {

constexpr std::size_t k_period = 0;
constexpr std::size_t k_devfactor = 1;
/// BBands' own upper bound for devfactor (indicators/volatility/bollinger_bands.cpp).
constexpr double k_max_devfactor = 1e6;

SeriesKey band(const ParamSet& params, std::string_view line) {
  return series_key("BBands", {{"period", params[k_period]}, {"devfactor", params[k_devfactor]}},
                    line);
}

}  // namespace

BbandsReversion::BbandsReversion()
    : params_{indicators::period_param(20, "bars in the mid SMA and the standard deviation"),
              indicators::real_param("devfactor", 2.0, 0.0, k_max_devfactor,
                                     "band distance from the mid line, in standard deviations")} {}

std::string_view BbandsReversion::doc() const noexcept {
  return "Bollinger mean reversion: enter when the close crosses below the bottom band, exit "
         "when it crosses above the top band.";
}

void BbandsReversion::series(const ParamSet& params, std::vector<SeriesKey>& out) const {
  out.push_back(band(params, "bot"));
  out.push_back(band(params, "top"));
}

void BbandsReversion::next_signals(const ParamSet& /*params*/, const data::BarFrame& bars,
                                   std::span<const std::span<const double>> series,
                                   SignalSpans out, SignalCarry& carry) const {
  check_signal_shapes(bars, series, 2, out);
  const std::span<const double> close = bars.close();
  const std::span<const double> bot = series[0];
  const std::span<const double> top = series[1];
  indicators::CrossState& below_bot = carry.crossings[0];
  indicators::CrossState& above_top = carry.crossings[1];
  for (std::size_t t = 0; t < close.size(); ++t) {
    out.entries[t] = static_cast<std::uint8_t>(below_bot.update(close[t], bot[t]).down);
    out.exits[t] = static_cast<std::uint8_t>(above_top.update(close[t], top[t]).up);
  }
}

std::unique_ptr<SignalStrategy> make_bbands_reversion() {
  return std::make_unique<BbandsReversion>();
}

}  // namespace qbt::strategy
