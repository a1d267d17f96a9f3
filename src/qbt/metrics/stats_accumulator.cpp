#include "qbt/metrics/stats_accumulator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "qbt/metrics/detail/branchless.hpp"

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
  // vectorbt's Calmar: annualized return over the max drawdown of the cumulated returns, whose
  // first peak is the first bar (vectorbt's own test values, tests/reference/VECTORBT.md).
  s.calmar_ratio = ratio(cagr, max_drawdown);
  s.exposure_pct =
      percent(static_cast<double>(bars_in_market_) / static_cast<double>(context.n_bars));
  return s;
}

void StatsAccumulator::on_flat_bars(std::int64_t first_bar, std::span<const double> close,
                                    double cash, double position, double free_cash,
                                    double& mark) noexcept {
  const std::size_t n = close.size();
  if (n == 0) {
    return;
  }
  if (position == 0.0 && n > 1) {
    // Flat: every bar after the first has the first one's value, so its return is exactly 0
    // and it only moves the drawdown's peak bar; the result is what the loop below gives.
    on_flat_bars(first_bar, close.first(1), cash, position, free_cash, mark);
    const double value = prev_value_;
    if (value != 0.0) {  // 0 / 0 would be NaN, which is not counted
      returns_.add(0.0);
      returns_.add_zeros(static_cast<std::int64_t>(n) - 2);
    }
    const std::int64_t last_bar = first_bar + static_cast<std::int64_t>(n) - 1;
    if (value >= drawdown_.peak_) {
      drawdown_.peak_bar_ = last_bar;
    }
    for (std::size_t k = n; k-- > 1;) {
      if (!std::isnan(close[k])) {
        mark = close[k];
        break;
      }
    }
    last_bar_ = last_bar;
    bars_ += static_cast<std::int64_t>(n) - 1;
    return;
  }
  ReturnStats returns = returns_;
  double peak = drawdown_.peak_;
  double valley = drawdown_.valley_;
  std::int64_t peak_bar = drawdown_.peak_bar_;
  double prev = prev_value_;
  double last = mark;
  double low_mark = std::numeric_limits<double>::infinity();
  double high_mark = -std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < n; ++k) {
    const double c = close[k];
    last = std::isnan(c) ? last : c;
    const double m = std::isnan(last) ? 0.0 : last;
    const double value = cash + position * m;
    returns.add((value - prev) / std::abs(prev));
    const std::int64_t bar = first_bar + static_cast<std::int64_t>(k);
    // A new high is as unpredictable as the market, so the update is branch-free; only the
    // rare recovery from a drawdown branches.
    const bool new_high = value >= peak;
    if (new_high && valley < peak) [[unlikely]] {
      drawdown_.peak_ = peak;
      drawdown_.valley_ = valley;
      drawdown_.peak_bar_ = peak_bar;
      drawdown_.close_drawdown(bar);
    }
    peak_bar = new_high ? bar : peak_bar;
    valley = detail::select(new_high, value, value < valley ? value : valley);
    peak = detail::select(new_high, value, peak);
    low_mark = std::min(low_mark, m);
    high_mark = std::max(high_mark, m);
    prev = value;
  }
  returns_ = returns;
  drawdown_.peak_ = peak;
  drawdown_.valley_ = valley;
  drawdown_.peak_bar_ = peak_bar;
  if (position != 0.0) {
    const auto exposure = [&](double m) {
      const double asset = position * m;
      const double denominator = asset + free_cash;
      return denominator == 0.0 ? 0.0 : asset / denominator;
    };
    // A run that carries on the previous call's (a quiet stretch that a chunk boundary split in
    // two) is one run: its exposure is taken at the joined run's extremes, as one call takes it.
    const bool continues = first_bar == held_run_.end && position == held_run_.position &&
                           free_cash == held_run_.free_cash;
    if (continues) {
      low_mark = std::min(low_mark, held_run_.low_mark);
      high_mark = std::max(high_mark, held_run_.high_mark);
    } else {
      held_run_.exposure_before = max_gross_exposure_;
    }
    max_gross_exposure_ =
        std::max({held_run_.exposure_before, exposure(low_mark), exposure(high_mark)});
    held_run_.end = first_bar + static_cast<std::int64_t>(n);
    held_run_.position = position;
    held_run_.free_cash = free_cash;
    held_run_.low_mark = low_mark;
    held_run_.high_mark = high_mark;
    bars_in_market_ += static_cast<std::int64_t>(n);
  } else {
    max_gross_exposure_ = std::max(max_gross_exposure_, 0.0);
  }
  prev_value_ = prev;
  last_bar_ = first_bar + static_cast<std::int64_t>(n) - 1;
  bars_ += static_cast<std::int64_t>(n);
  mark = last;
}

}  // namespace qbt::metrics
