#include "qbt/strategy/macd_cross.hpp"

#include "qbt/strategy/detail/cross_signals.hpp"
#include "qbt/strategy/series.hpp"

namespace qbt::strategy {

namespace {

constexpr std::size_t k_fast = 0;
constexpr std::size_t k_slow = 1;
constexpr std::size_t k_signal = 2;

SeriesKey macd_line(const ParamSet& params, std::string_view line) {
  return series_key("MACD",
                    {{"period_me1", params[k_fast]},
                     {"period_me2", params[k_slow]},
                     {"period_signal", params[k_signal]}},
                    line);
}

}  // namespace

MacdCross::MacdCross()
    : params_{indicators::period_param(12, "period of the fast EMA", "fast"),
              indicators::period_param(26, "period of the slow EMA", "slow"),
              indicators::period_param(9, "period of the EMA of macd (the signal line)",
                                       "signal")} {}

std::string_view MacdCross::doc() const noexcept {
  return "Long while the MACD line is above its signal line: enter on the cross up, exit on the "
         "cross down.";
}

void MacdCross::validate(const ParamSet& params) const {
  require_less(*this, params, "fast", "slow");
}

void MacdCross::series(const ParamSet& params, std::vector<SeriesKey>& out) const {
  out.push_back(macd_line(params, "macd"));
  out.push_back(macd_line(params, "signal"));
}

void MacdCross::next_signals(const ParamSet& /*params*/, const data::BarFrame& bars,
                             std::span<const std::span<const double>> series, SignalSpans out,
                             SignalCarry& carry) const {
  check_signal_shapes(bars, series, 2, out);
  detail::cross_over_signals(series[0], series[1], out, carry.crossings[0], carry.started[0]);
}

std::unique_ptr<SignalStrategy> make_macd_cross() { return std::make_unique<MacdCross>(); }

}  // namespace qbt::strategy
