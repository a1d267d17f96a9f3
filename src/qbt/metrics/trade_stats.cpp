#include "qbt/metrics/trade_stats.hpp"

#include <algorithm>
#include <cmath>

#include "qbt/metrics/return_stats.hpp"

namespace qbt::metrics {

namespace {
constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

double mean_or_nan(double sum, std::int64_t count) noexcept {
  return count > 0 ? sum / static_cast<double>(count) : k_nan;
}
}  // namespace

void TradeStats::add(const exec::TradeRecord& trade) noexcept {
  if (trade.is_open) {
    ++open_;
    open_pnl_ += trade.pnl;
    return;
  }
  ++closed_;
  const double pnl = trade.pnl;
  const double ret = trade.return_;
  const auto bars = static_cast<double>(trade.duration_bars());

  pnl_sum_ += pnl;
  const double delta = pnl - pnl_mean_;
  pnl_mean_ += delta / static_cast<double>(closed_);
  pnl_m2_ += delta * (pnl - pnl_mean_);

  best_return_ = std::max(best_return_, ret);
  worst_return_ = std::min(worst_return_, ret);
  if (pnl > 0.0) {
    ++wins_;
    win_pnl_ += pnl;
    win_return_ += ret;
    win_bars_ += bars;
  } else if (pnl < 0.0) {
    ++losses_;
    loss_pnl_ += pnl;
    loss_return_ += ret;
    loss_bars_ += bars;
  }
  if (ret > 0.0) {
    positive_returns_ += ret;
  } else if (ret < 0.0) {
    negative_returns_ += ret;
  }
}

double TradeStats::win_rate() const noexcept {
  return closed_ > 0 ? static_cast<double>(wins_) / static_cast<double>(closed_) : k_nan;
}

double TradeStats::best_trade_return() const noexcept {
  return closed_ > 0 && std::isfinite(best_return_) ? best_return_ : k_nan;
}

double TradeStats::worst_trade_return() const noexcept {
  return closed_ > 0 && std::isfinite(worst_return_) ? worst_return_ : k_nan;
}

double TradeStats::avg_winning_trade_return() const noexcept {
  return mean_or_nan(win_return_, wins_);
}

double TradeStats::avg_losing_trade_return() const noexcept {
  return mean_or_nan(loss_return_, losses_);
}

double TradeStats::avg_winning_trade_duration_bars() const noexcept {
  return mean_or_nan(win_bars_, wins_);
}

double TradeStats::avg_losing_trade_duration_bars() const noexcept {
  return mean_or_nan(loss_bars_, losses_);
}

double TradeStats::profit_factor() const noexcept {
  return closed_ > 0 ? ratio(win_pnl_, std::abs(loss_pnl_)) : k_nan;
}

double TradeStats::return_profit_factor() const noexcept {
  return closed_ > 0 ? ratio(positive_returns_, std::abs(negative_returns_)) : k_nan;
}

double TradeStats::expectancy() const noexcept {
  if (closed_ == 0) {
    return k_nan;
  }
  const double rate = win_rate();
  const double avg_win = wins_ > 0 ? win_pnl_ / static_cast<double>(wins_) : 0.0;
  const double avg_loss = losses_ > 0 ? loss_pnl_ / static_cast<double>(losses_) : 0.0;
  return rate * avg_win - (1.0 - rate) * std::abs(avg_loss);
}

double TradeStats::sqn(int ddof) const noexcept {
  if (closed_ <= ddof) {
    return k_nan;
  }
  const auto n = static_cast<double>(closed_);
  const double stddev = std::sqrt(pnl_m2_ / (n - ddof));
  return std::sqrt(n) * ratio(pnl_sum_ / n, stddev);
}

}  // namespace qbt::metrics
