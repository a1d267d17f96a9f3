#include "qbt/strategy/sma_cross.hpp"

#include "qbt/strategy/detail/cross_signals.hpp"
#include "qbt/strategy/series.hpp"

namespace qbt::strategy {

namespace {
constexpr std::size_t k_fast = 0;
constexpr std::size_t k_slow = 1;
}  // namespace

SmaCross::SmaCross()
    : params_{indicators::period_param(10, "bars in the fast SMA (1 = the close itself)", "fast"),
              indicators::period_param(50, "bars in the slow SMA", "slow")} {}

std::string_view SmaCross::doc() const noexcept {
  return "Long while SMA(close, fast) is above SMA(close, slow): enter on the cross up, exit on "
         "the cross down.";
}

void SmaCross::validate(const ParamSet& params) const {
  require_less(*this, params, "fast", "slow");
}

void SmaCross::series(const ParamSet& params, std::vector<SeriesKey>& out) const {
  if (params[k_fast] != 1.0) {
    out.push_back(series_key("SMA", {{"period", params[k_fast]}}, "sma"));
  }
  out.push_back(series_key("SMA", {{"period", params[k_slow]}}, "sma"));
}

void SmaCross::next_signals(const ParamSet& params, const data::BarFrame& bars,
                            std::span<const std::span<const double>> series, SignalSpans out,
                            SignalCarry& carry) const {
  const bool fast_is_close = params[k_fast] == 1.0;
  check_signal_shapes(bars, series, fast_is_close ? 1 : 2, out);
  detail::cross_over_signals(fast_is_close ? bars.close() : series.front(), series.back(), out,
                             carry.crossings[0], carry.started[0]);
}

std::unique_ptr<SignalStrategy> make_sma_cross() { return std::make_unique<SmaCross>(); }

}  // namespace qbt::strategy
