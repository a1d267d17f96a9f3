#include "qbt/strategy/rsi_threshold.hpp"

#include <cstdint>

#include <fmt/format.h>

#include "qbt/indicators/basic/crossover.hpp"
#include "qbt/strategy/series.hpp"

namespace qbt::strategy {

namespace {
constexpr std::size_t k_period = 0;
constexpr std::size_t k_lower = 1;
constexpr std::size_t k_upper = 2;
}  // namespace

RsiThreshold::RsiThreshold()
    : params_{indicators::period_param(14, "bars of Wilder's smoothing in the RSI"),
              indicators::real_param("lower", 30.0, 0.0, 100.0,
                                     "oversold level, in (0, 100): enter on crossing below it"),
              indicators::real_param("upper", 70.0, 0.0, 100.0,
                                     "overbought level, in (0, 100): exit on crossing above it")} {}

std::string_view RsiThreshold::doc() const noexcept {
  return "RSI mean reversion: enter when RSI crosses below lower, exit when it crosses above "
         "upper.";
}

void RsiThreshold::validate(const ParamSet& params) const {
  if (!(params[k_lower] > 0.0)) {
    throw_param_error(*this, "lower", fmt::format("must be > 0, got {}", params[k_lower]));
  }
  if (!(params[k_upper] < 100.0)) {
    throw_param_error(*this, "upper", fmt::format("must be < 100, got {}", params[k_upper]));
  }
  require_less(*this, params, "lower", "upper");
}

void RsiThreshold::series(const ParamSet& params, std::vector<SeriesKey>& out) const {
  out.push_back(series_key("RSI", {{"period", params[k_period]}}, "rsi"));
}

void RsiThreshold::next_signals(const ParamSet& params, const data::BarFrame& bars,
                                std::span<const std::span<const double>> series, SignalSpans out,
                                SignalCarry& carry) const {
  check_signal_shapes(bars, series, 1, out);
  const std::span<const double> rsi = series[0];
  const double lower = params[k_lower];
  const double upper = params[k_upper];
  indicators::CrossState& below_lower = carry.crossings[0];
  indicators::CrossState& above_upper = carry.crossings[1];
  for (std::size_t t = 0; t < rsi.size(); ++t) {
    out.entries[t] = static_cast<std::uint8_t>(below_lower.update(rsi[t], lower).down);
    out.exits[t] = static_cast<std::uint8_t>(above_upper.update(rsi[t], upper).up);
  }
}

std::unique_ptr<SignalStrategy> make_rsi_threshold() { return std::make_unique<RsiThreshold>(); }

}  // namespace qbt::strategy
