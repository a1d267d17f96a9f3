#include "qbt/metrics/stats_accumulator.hpp"

#include <fmt/format.h>

#include "qbt/core/check.hpp"
#include "qbt/core/error.hpp"

namespace qbt::metrics {

namespace {
constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

double percent(double fraction) noexcept {
  return fraction * 100.0;
}
}  // namespace

StatsAccumulator::StatsAccumulator(double init_cash, double bars_per_year, StatsOptions options)
    : init_cash_(init_cash),
      bars_per_year_(bars_per_year),
      options_(options),
      prev_value_(init_cash) {
  if (!(init_cash > 0.0) || std::isinf(init_cash)) {
    throw UserInputError(fmt::format("initial cash must be a positive number, got {}", init_cash));
  }
}

Stats StatsAccumulator::finish(const StatsContext& context) const {
  QBT_DCHECK_EQ(bars_, context.n_bars);
  Stats s;
  s.start = context.start;
  s.end = context.end;
  s.period = context.n_bars * context.bar_ns;
  s.start_value = init_cash_;
  s.end_value = prev_value_;
  s.total_return_pct = percent((s.end_value - init_cash_) / init_cash_);
  s.benchmark_return_pct =
      percent((context.last_close - context.first_close) / context.first_close);
  s.total_fees_paid = total_fees_;

  s.total_trades = trades_.total_trades();
  s.total_closed_trades = trades_.closed_trades();
  s.total_open_trades = trades_.open_trades();
  s.open_trade_pnl = trades_.open_trade_pnl();
  s.win_rate_pct = percent(trades_.win_rate());
  s.best_trade_pct = percent(trades_.best_trade_return());
  s.worst_trade_pct = percent(trades_.worst_trade_return());
  s.avg_winning_trade_pct = percent(trades_.avg_winning_trade_return());
  s.avg_losing_trade_pct = percent(trades_.avg_losing_trade_return());
  const auto bar_ns = static_cast<double>(context.bar_ns);
  s.avg_winning_trade_duration = trades_.avg_winning_trade_duration_bars() * bar_ns;
  s.avg_losing_trade_duration = trades_.avg_losing_trade_duration_bars() * bar_ns;
  s.profit_factor = options_.profit_factor_basis == StatsOptions::ProfitFactorBasis::pnl
                        ? trades_.profit_factor()
                        : trades_.return_profit_factor();
  s.expectancy = trades_.expectancy();
  s.sqn = trades_.sqn(options_.sqn_std == StatsOptions::SqnStd::sample ? 1 : 0);

  if (bars_ == 0) {
    return s;  // every bar statistic stays undefined
  }
  s.max_gross_exposure_pct =
      std::isfinite(max_gross_exposure_) ? percent(max_gross_exposure_) : k_nan;
  const double max_drawdown = drawdown_.max_drawdown();
  s.max_drawdown_pct = percent(max_drawdown);
  s.max_drawdown_duration = drawdown_.max_duration_bars(last_bar_) * context.bar_ns;
  s.sharpe_ratio = returns_.sharpe(bars_per_year_);
  s.sortino_ratio = returns_.sortino(bars_per_year_);
  s.omega_ratio = returns_.omega();
  s.annual_volatility_pct = percent(returns_.annual_volatility(bars_per_year_));

  // vectorbt's annualized return: prod(1 + r)^(ann / n) - 1 = (end / start)^(ann / n) - 1.
  const double cagr =
      std::pow(s.end_value / init_cash_, bars_per_year_ / static_cast<double>(context.n_bars)) -
      1.0;
  s.cagr_pct = percent(cagr);
  // vectorbt's Calmar divides by the drawdown of the cumulated returns, whose first peak is the
  // initial cash: a fall below it before the value ever reaches it counts from the initial cash.
  const double returns_drawdown =
      std::max(max_drawdown, (init_cash_ - min_value_below_init_cash_) / init_cash_);
  s.calmar_ratio = ratio(cagr, returns_drawdown);
  s.exposure_pct =
      percent(static_cast<double>(bars_in_market_) / static_cast<double>(context.n_bars));
  return s;
}

}  // namespace qbt::metrics
