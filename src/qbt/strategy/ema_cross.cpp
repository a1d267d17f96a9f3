#include "qbt/strategy/ema_cross.hpp"

#include "qbt/strategy/detail/cross_signals.hpp"
#include "qbt/strategy/series.hpp"

namespace qbt::strategy {

namespace {
constexpr std::size_t k_fast = 0;
constexpr std::size_t k_slow = 1;
}  // namespace

EmaCross::EmaCross()
    : params_{indicators::period_param(12, "period of the fast EMA", "fast"),
              indicators::period_param(26, "period of the slow EMA", "slow")} {}

std::string_view EmaCross::doc() const noexcept {
  return "Long while EMA(close, fast) is above EMA(close, slow): enter on the cross up, exit on "
         "the cross down.";
}

void EmaCross::validate(const ParamSet& params) const {
  require_less(*this, params, "fast", "slow");
}

void EmaCross::series(const ParamSet& params, std::vector<SeriesKey>& out) const {
  out.push_back(series_key("EMA", {{"period", params[k_fast]}}, "ema"));
  out.push_back(series_key("EMA", {{"period", params[k_slow]}}, "ema"));
}

void EmaCross::next_signals(const ParamSet& /*params*/, const data::BarFrame& bars,
                            std::span<const std::span<const double>> series, SignalSpans out,
                            SignalCarry& carry) const {
  check_signal_shapes(bars, series, 2, out);
  detail::cross_over_signals(series[0], series[1], out, carry.crossings[0], carry.started[0]);
}

std::unique_ptr<SignalStrategy> make_ema_cross() { return std::make_unique<EmaCross>(); }

}  // namespace qbt::strategy
