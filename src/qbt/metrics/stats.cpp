#include "qbt/metrics/stats.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "qbt/core/error.hpp"

namespace qbt::metrics {

namespace {

constexpr StatKey integer_key(std::string_view name, std::string_view label, StatKind kind,
                              std::int64_t Stats::*field) {
  return StatKey{name, label, kind, field, nullptr};
}

constexpr StatKey real_key(std::string_view name, std::string_view label, StatKind kind,
                           double Stats::*field) {
  return StatKey{name, label, kind, nullptr, field};
}

using K = StatKind;

constexpr std::array k_keys = {
    integer_key("start", "Start", K::timestamp, &Stats::start),
    integer_key("end", "End", K::timestamp, &Stats::end),
    integer_key("period", "Period", K::duration, &Stats::period),
    real_key("start_value", "Start Value", K::real, &Stats::start_value),
    real_key("end_value", "End Value", K::real, &Stats::end_value),
    real_key("total_return_pct", "Total Return [%]", K::real, &Stats::total_return_pct),
    real_key("benchmark_return_pct", "Benchmark Return [%]", K::real, &Stats::benchmark_return_pct),
    real_key("max_gross_exposure_pct", "Max Gross Exposure [%]", K::real,
             &Stats::max_gross_exposure_pct),
    real_key("total_fees_paid", "Total Fees Paid", K::real, &Stats::total_fees_paid),
    real_key("max_drawdown_pct", "Max Drawdown [%]", K::real, &Stats::max_drawdown_pct),
    integer_key("max_drawdown_duration", "Max Drawdown Duration", K::duration,
                &Stats::max_drawdown_duration),
    integer_key("total_trades", "Total Trades", K::count, &Stats::total_trades),
    integer_key("total_closed_trades", "Total Closed Trades", K::count,
                &Stats::total_closed_trades),
    integer_key("total_open_trades", "Total Open Trades", K::count, &Stats::total_open_trades),
    real_key("open_trade_pnl", "Open Trade PnL", K::real, &Stats::open_trade_pnl),
    real_key("win_rate_pct", "Win Rate [%]", K::real, &Stats::win_rate_pct),
    real_key("best_trade_pct", "Best Trade [%]", K::real, &Stats::best_trade_pct),
    real_key("worst_trade_pct", "Worst Trade [%]", K::real, &Stats::worst_trade_pct),
    real_key("avg_winning_trade_pct", "Avg Winning Trade [%]", K::real,
             &Stats::avg_winning_trade_pct),
    real_key("avg_losing_trade_pct", "Avg Losing Trade [%]", K::real, &Stats::avg_losing_trade_pct),
    real_key("avg_winning_trade_duration", "Avg Winning Trade Duration", K::duration,
             &Stats::avg_winning_trade_duration),
    real_key("avg_losing_trade_duration", "Avg Losing Trade Duration", K::duration,
             &Stats::avg_losing_trade_duration),
    real_key("profit_factor", "Profit Factor", K::real, &Stats::profit_factor),
    real_key("expectancy", "Expectancy", K::real, &Stats::expectancy),
    real_key("sharpe_ratio", "Sharpe Ratio", K::real, &Stats::sharpe_ratio),
    real_key("sortino_ratio", "Sortino Ratio", K::real, &Stats::sortino_ratio),
    real_key("calmar_ratio", "Calmar Ratio", K::real, &Stats::calmar_ratio),
    real_key("omega_ratio", "Omega Ratio", K::real, &Stats::omega_ratio),
    real_key("cagr_pct", "CAGR [%]", K::real, &Stats::cagr_pct),
    real_key("annual_volatility_pct", "Annual Volatility [%]", K::real,
             &Stats::annual_volatility_pct),
    real_key("sqn", "SQN", K::real, &Stats::sqn),
    real_key("exposure_pct", "Exposure Time [%]", K::real, &Stats::exposure_pct),
};

std::string format_real(double value) {
  if (std::isfinite(value) && std::abs(value) >= 1e15) {
    return fmt::format("{:.6g}", value);
  }
  return fmt::format("{:.6f}", value);  // fmt spells non-finite values inf, -inf and nan
}

std::string format_table_value(const StatValue& value) {
  switch (value.key->kind) {
    case StatKind::timestamp: return format_timestamp(value.integer);
    case StatKind::count: return fmt::format("{}", value.integer);
    case StatKind::duration:
      if (value.is_integer()) {
        return format_timedelta(value.integer);
      }
      return std::isfinite(value.real) ? format_timedelta(std::llround(value.real)) : "NaT";
    case StatKind::real: return format_real(value.real);
  }
  return {};
}

}  // namespace

std::span<const StatKey> stat_keys() noexcept {
  return k_keys;
}

const StatKey& stat_key(std::string_view name) {
  for (const StatKey& key : k_keys) {
    if (key.name == name) {
      return key;
    }
  }
  std::string valid;
  for (const StatKey& key : k_keys) {
    valid += valid.empty() ? "" : ", ";
    valid += key.name;
  }
  throw UserInputError(
      fmt::format("unknown statistic {}; valid statistics: {}", quote_excerpt(name), valid));
}

StatValue stat_value(const Stats& stats, const StatKey& key) noexcept {
  StatValue value;
  value.key = &key;
  if (key.integer != nullptr) {
    value.integer = stats.*key.integer;
  } else {
    value.real = stats.*key.real;
  }
  return value;
}

std::vector<StatValue> stat_values(const Stats& stats) {
  std::vector<StatValue> values;
  values.reserve(k_keys.size());
  for (const StatKey& key : k_keys) {
    values.push_back(stat_value(stats, key));
  }
  return values;
}

double stat_metric(const Stats& stats, std::string_view key) {
  return stat_value(stats, stat_key(key)).number();
}

std::string format_timedelta(std::int64_t ns) {
  // pandas: whole days rounded down (negative for a negative duration), then a non-negative
  // time of day, shown with a "+" when the days are negative.
  const std::int64_t days = floor_div(ns, k_ns_per_day);
  const std::int64_t rest = ns - days * k_ns_per_day;
  const std::int64_t hours = rest / k_ns_per_hour;
  const std::int64_t minutes = rest % k_ns_per_hour / k_ns_per_minute;
  const std::int64_t seconds = rest % k_ns_per_minute / k_ns_per_second;
  const std::int64_t fraction = rest % k_ns_per_second;
  std::string out = fmt::format("{} days {}{:02}:{:02}:{:02}", days, days < 0 ? "+" : "", hours,
                                minutes, seconds);
  if (fraction != 0) {
    if (fraction % k_ns_per_us == 0) {
      out += fmt::format(".{:06}", fraction / k_ns_per_us);
    } else {
      out += fmt::format(".{:09}", fraction);
    }
  }
  return out;
}

std::string format_stats_table(const Stats& stats) {
  const std::vector<StatValue> values = stat_values(stats);
  std::vector<std::string> texts;
  texts.reserve(values.size());
  std::size_t label_width = 0;
  std::size_t value_width = 0;
  for (const StatValue& value : values) {
    texts.push_back(format_table_value(value));
    label_width = std::max(label_width, value.key->label.size());
    value_width = std::max(value_width, texts.back().size());
  }
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    out +=
        fmt::format("{:<{}}  {:>{}}\n", values[i].key->label, label_width, texts[i], value_width);
  }
  return out;
}

}  // namespace qbt::metrics
