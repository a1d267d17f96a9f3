#include "qbt/event/analyzers.hpp"

#include <algorithm>
#include <cmath>
#include <span>

namespace qbt::event {

namespace {

/// The correctly rounded sum of `values`, as Python's math.fsum, which backtrader's average and
/// standarddev (backtrader/mathsupport.py) use: Shewchuk's exact partials, then CPython's
/// half-even correction across the last two partials. The analyzers then give backtrader's
/// doubles, not just values within rounding of them.
double exact_sum(std::span<const double> values) {
  std::vector<double> partials;
  for (double x : values) {
    std::size_t used = 0;
    for (double y : partials) {
      if (std::abs(x) < std::abs(y)) {
        std::swap(x, y);
      }
      const double hi = x + y;
      const double lo = y - (hi - x);
      if (lo != 0.0) {
        partials[used++] = lo;
      }
      x = hi;
    }
    partials.resize(used);
    partials.push_back(x);
  }
  std::size_t n = partials.size();
  if (n == 0) {
    return 0.0;
  }
  double hi = partials[--n];
  double lo = 0.0;
  while (n > 0) {
    const double x = hi;
    const double y = partials[--n];
    hi = x + y;
    lo = y - (hi - x);
    if (lo != 0.0) {
      break;
    }
  }
  if (n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0))) {
    const double y = lo * 2.0;
    const double x = hi + y;
    if (y == x - hi) {
      hi = x;
    }
  }
  return hi;
}

/// backtrader's average(x, bessel): fsum(x) / (n - bessel).
double average(std::span<const double> values, bool bessel = false) {
  return exact_sum(values) / (static_cast<double>(values.size()) - (bessel ? 1.0 : 0.0));
}

/// backtrader's standarddev(x, avgx, bessel): the root of the average squared deviation.
double standard_deviation(std::span<const double> values, double mean, bool bessel = false) {
  std::vector<double> squares;
  squares.reserve(values.size());
  for (const double x : values) {
    squares.push_back((x - mean) * (x - mean));
  }
  return std::sqrt(average(squares, bessel));
}

/// For each tick of the clock, period_end() of its period; a new period starts where it changes.
std::vector<Timestamp> period_keys(const RunResult& run, TimePeriod period) {
  std::vector<Timestamp> keys;
  keys.reserve(run.clock.size());
  for (const Timestamp t : run.clock) {
    keys.push_back(period_end(t, period));
  }
  return keys;
}

std::int64_t count_periods(const std::vector<Timestamp>& keys) {
  std::int64_t periods = 0;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    periods += i == 0 || keys[i] != keys[i - 1] ? 1 : 0;
  }
  return periods;
}

bool is_set(double x) noexcept {
  return !std::isnan(x);
}

/// Adds one closed trade to a group, as backtrader's notify_trade does for each of its
/// sub-dictionaries.
class GroupBuilder {
 public:
  void add(double pnl, std::int64_t length) {
    const bool won = pnl >= 0.0;
    ++group_.count;
    group_.pnl_total += pnl;
    WinLossPnl& side = won ? group_.won : group_.lost;
    side.max = side.count == 0 ? pnl : (won ? std::max(side.max, pnl) : std::min(side.max, pnl));
    ++side.count;
    side.total += pnl;
    add_length(group_.length, group_.count, length);
    add_length(won ? group_.length_won : group_.length_lost, side.count, length);
  }

  TradeGroup finish() {
    group_.pnl_average = mean(group_.pnl_total, group_.count);
    for (WinLossPnl* side : {&group_.won, &group_.lost}) {
      side->average = mean(side->total, side->count);
    }
    finish_length(group_.length, group_.count);
    finish_length(group_.length_won, group_.won.count);
    finish_length(group_.length_lost, group_.lost.count);
    return group_;
  }

 private:
  static double mean(double total, std::int64_t count) {
    return count == 0 ? 0.0 : total / static_cast<double>(count);
  }
  /// `count` already includes this trade.
  static void add_length(TradeLengths& lengths, std::int64_t count, std::int64_t length) {
    lengths.total += length;
    lengths.max = count == 1 ? length : std::max(lengths.max, length);
    lengths.min = count == 1 ? length : std::min(lengths.min, length);
  }
  static void finish_length(TradeLengths& lengths, std::int64_t count) {
    lengths.average = mean(static_cast<double>(lengths.total), count);
  }

  TradeGroup group_;
};

}  // namespace

const char* to_string(TimePeriod period) noexcept {
  switch (period) {
    case TimePeriod::day: return "day";
    case TimePeriod::week: return "week";
    case TimePeriod::month: return "month";
    case TimePeriod::year: return "year";
  }
  return "day";
}

Timestamp period_end(Timestamp time, TimePeriod period) noexcept {
  const std::int64_t days = floor_div(time, k_ns_per_day);
  std::int64_t end = days;
  switch (period) {
    case TimePeriod::day: break;
    case TimePeriod::week: end = days + (6 - weekday(time)); break;
    case TimePeriod::month: {
      const CivilDate date = civil_from_days(days);
      end = days_from_civil(date.year, date.month, days_in_month(date.year, date.month));
      break;
    }
    case TimePeriod::year: end = days_from_civil(civil_from_days(days).year, 12, 31); break;
  }
  return end * k_ns_per_day;
}

double periods_per_year(TimePeriod period) noexcept {
  switch (period) {
    case TimePeriod::day: return 252.0;
    case TimePeriod::week: return 52.0;
    case TimePeriod::month: return 12.0;
    case TimePeriod::year: return 1.0;
  }
  return 252.0;
}

ReturnsAnalysis analyze_returns(const RunResult& run, const ReturnsOptions& options) {
  ReturnsAnalysis out;
  const double start = run.start_cash;
  const double end = run.value.empty() ? start : run.value.back();
  out.periods = count_periods(period_keys(run, options.period));
  out.periods_per_year = is_set(options.periods_per_year) ? options.periods_per_year
                                                          : periods_per_year(options.period);
  out.total = std::log(end / start);
  out.average = out.periods == 0 ? std::numeric_limits<double>::quiet_NaN()
                                 : out.total / static_cast<double>(out.periods);
  out.annualized = std::expm1(out.average * out.periods_per_year);
  out.annualized_pct = out.annualized * 100.0;
  return out;
}

TimeReturns analyze_time_returns(const RunResult& run, TimePeriod period) {
  TimeReturns out;
  out.period = period;
  const std::vector<Timestamp> keys = period_keys(run, period);
  double base = run.start_cash;  // the value the current period is measured from
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i > 0 && keys[i] != keys[i - 1]) {
      base = run.value[i - 1];
    }
    if (out.returns.empty() || out.returns.back().end != keys[i]) {
      out.returns.push_back({keys[i], 0.0});
    }
    out.returns.back().return_ = run.value[i] / base - 1.0;
  }
  return out;
}

DrawdownAnalysis analyze_drawdown(const RunResult& run) {
  DrawdownAnalysis out;
  double peak = -std::numeric_limits<double>::infinity();
  for (const double value : run.value) {
    peak = std::max(peak, value);
    out.moneydown = peak - value;
    out.drawdown_pct = 100.0 * out.moneydown / peak;
    out.max_moneydown = std::max(out.max_moneydown, out.moneydown);
    out.max_drawdown_pct = std::max(out.max_drawdown_pct, out.drawdown_pct);
    out.length = out.drawdown_pct != 0.0 ? out.length + 1 : 0;
    out.max_length = std::max(out.max_length, out.length);
  }
  return out;
}

SharpeAnalysis analyze_sharpe(const RunResult& run, const SharpeOptions& options) {
  SharpeAnalysis out;
  out.stats_sharpe_ratio = run.stats.sharpe_ratio;
  const TimeReturns periods = analyze_time_returns(run, options.period);
  const double factor = is_set(options.factor) ? options.factor : periods_per_year(options.period);
  double rate = options.risk_free_rate;
  std::vector<double> excess;
  excess.reserve(periods.returns.size());
  for (const PeriodReturn& r : periods.returns) {
    excess.push_back(options.convert_rate ? r.return_ : std::pow(1.0 + r.return_, factor) - 1.0);
  }
  if (options.convert_rate) {
    rate = std::pow(1.0 + rate, 1.0 / factor) - 1.0;
  }
  for (double& r : excess) {
    r -= rate;
  }
  out.periods = static_cast<std::int64_t>(excess.size());
  if (out.periods - (options.sample_std ? 1 : 0) <= 0) {
    return out;  // backtrader: no returns, or one with Bessel's correction -> None
  }
  const double mean = average(excess);
  const double deviation = standard_deviation(excess, mean, options.sample_std);
  if (deviation == 0.0) {
    return out;  // ZeroDivisionError -> None
  }
  out.sharpe_ratio = mean / deviation;
  if (options.convert_rate && options.annualize) {
    out.sharpe_ratio *= std::sqrt(factor);
  }
  return out;
}

SqnAnalysis analyze_sqn(const RunResult& run) {
  std::vector<double> pnl;
  for (const TradeEvent& event : run.trades) {
    if (!event.trade.is_open) {
      pnl.push_back(event.trade.pnl);
    }
  }
  SqnAnalysis out;
  out.trades = static_cast<std::int64_t>(pnl.size());
  if (pnl.size() <= 1) {
    return out;
  }
  const double mean = average(pnl);
  const double deviation = standard_deviation(pnl, mean);
  out.sqn = deviation == 0.0 ? std::numeric_limits<double>::quiet_NaN()
                             : std::sqrt(static_cast<double>(pnl.size())) * mean / deviation;
  return out;
}

TradeAnalysis analyze_trades(const RunResult& run) {
  TradeAnalysis out;
  GroupBuilder all;
  GroupBuilder longs;
  GroupBuilder shorts;
  for (const TradeEvent& event : run.trades) {
    const exec::TradeRecord& trade = event.trade;
    ++out.total;
    if (trade.is_open) {
      ++out.open;
      continue;
    }
    ++out.closed;
    const bool won = trade.pnl >= 0.0;
    for (auto [streak, hit] :
         {std::pair{&out.won_streak, won}, std::pair{&out.lost_streak, !won}}) {
      streak->current = hit ? streak->current + 1 : 0;
      streak->longest = std::max(streak->longest, streak->current);
    }
    out.gross_pnl_total += trade.pnl + trade.entry_fees + trade.exit_fees;
    const std::int64_t length = trade.exit_bar - trade.entry_bar;
    all.add(trade.pnl, length);
    (trade.is_long ? longs : shorts).add(trade.pnl, length);
  }
  out.gross_pnl_average =
      out.closed == 0 ? 0.0 : out.gross_pnl_total / static_cast<double>(out.closed);
  out.all = all.finish();
  out.long_trades = longs.finish();
  out.short_trades = shorts.finish();
  return out;
}

std::vector<Transaction> analyze_transactions(const RunResult& run) {
  std::vector<Transaction> out;
  out.reserve(run.fills.size());
  for (const FillRecord& record : run.fills) {
    const exec::OrderRecord& fill = record.fill;
    Transaction t;
    t.time = run.clock.at(static_cast<std::size_t>(fill.bar));
    t.feed = record.feed;
    t.order = record.order;
    t.size = fill.side == exec::Side::buy ? fill.size : -fill.size;
    t.price = fill.price;
    t.value = -t.size * t.price;
    t.fees = fill.fees;
    out.push_back(t);
  }
  return out;
}

PositionsValue analyze_positions_value(const RunResult& run) {
  PositionsValue out;
  out.time = run.clock;
  out.cash.assign(run.cash.begin(), run.cash.end());
  for (std::size_t k = 0; k < run.positions.size(); ++k) {
    const auto& units = run.positions[k];
    if (units.size() != run.clock.size() || run.marks[k].size() != run.clock.size()) {
      continue;  // a resampled feed: it trades through its base feed
    }
    std::vector<double> values(units.size());
    for (std::size_t i = 0; i < units.size(); ++i) {
      values[i] = units[i] * run.marks[k][i];
    }
    out.feeds.push_back(k);
    out.values.push_back(std::move(values));
  }
  return out;
}

}  // namespace qbt::event
