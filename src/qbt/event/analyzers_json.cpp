#include "qbt/event/analyzers_json.hpp"

#include <cmath>
#include <string>

namespace qbt::event {

namespace {

nlohmann::ordered_json number(double x) {
  if (std::isfinite(x)) {
    return x;
  }
  return nullptr;
}

std::string time_text(Timestamp time) {
  return format_timestamp(time, true);
}

nlohmann::ordered_json to_json(const WinLossPnl& pnl) {
  nlohmann::ordered_json out;
  out["count"] = pnl.count;
  out["total"] = number(pnl.total);
  out["average"] = number(pnl.average);
  out["max"] = number(pnl.max);
  return out;
}

nlohmann::ordered_json to_json(const TradeLengths& lengths) {
  nlohmann::ordered_json out;
  out["total"] = lengths.total;
  out["average"] = number(lengths.average);
  out["max"] = lengths.max;
  out["min"] = lengths.min;
  return out;
}

nlohmann::ordered_json to_json(const TradeGroup& group) {
  nlohmann::ordered_json out;
  out["count"] = group.count;
  out["pnl_total"] = number(group.pnl_total);
  out["pnl_average"] = number(group.pnl_average);
  out["won"] = to_json(group.won);
  out["lost"] = to_json(group.lost);
  out["length"] = to_json(group.length);
  out["length_won"] = to_json(group.length_won);
  out["length_lost"] = to_json(group.length_lost);
  return out;
}

nlohmann::ordered_json to_json(const Streak& streak) {
  nlohmann::ordered_json out;
  out["current"] = streak.current;
  out["longest"] = streak.longest;
  return out;
}

}  // namespace

nlohmann::ordered_json to_json(const ReturnsAnalysis& analysis) {
  nlohmann::ordered_json out;
  out["total"] = number(analysis.total);
  out["average"] = number(analysis.average);
  out["annualized"] = number(analysis.annualized);
  out["annualized_pct"] = number(analysis.annualized_pct);
  out["periods"] = analysis.periods;
  out["periods_per_year"] = number(analysis.periods_per_year);
  return out;
}

nlohmann::ordered_json to_json(const TimeReturns& analysis) {
  nlohmann::ordered_json returns = nlohmann::ordered_json::object();
  for (const PeriodReturn& r : analysis.returns) {
    returns[time_text(r.end)] = number(r.return_);
  }
  nlohmann::ordered_json out;
  out["period"] = to_string(analysis.period);
  out["returns"] = std::move(returns);
  return out;
}

nlohmann::ordered_json to_json(const DrawdownAnalysis& analysis) {
  nlohmann::ordered_json out;
  out["drawdown_pct"] = number(analysis.drawdown_pct);
  out["moneydown"] = number(analysis.moneydown);
  out["length"] = analysis.length;
  out["max_drawdown_pct"] = number(analysis.max_drawdown_pct);
  out["max_moneydown"] = number(analysis.max_moneydown);
  out["max_length"] = analysis.max_length;
  return out;
}

nlohmann::ordered_json to_json(const SharpeAnalysis& analysis) {
  nlohmann::ordered_json out;
  out["sharpe_ratio"] = number(analysis.sharpe_ratio);
  out["periods"] = analysis.periods;
  out["stats_sharpe_ratio"] = number(analysis.stats_sharpe_ratio);
  return out;
}

nlohmann::ordered_json to_json(const SqnAnalysis& analysis) {
  nlohmann::ordered_json out;
  out["sqn"] = number(analysis.sqn);
  out["trades"] = analysis.trades;
  return out;
}

nlohmann::ordered_json to_json(const TradeAnalysis& analysis) {
  nlohmann::ordered_json out;
  out["total"] = analysis.total;
  out["open"] = analysis.open;
  out["closed"] = analysis.closed;
  out["won_streak"] = to_json(analysis.won_streak);
  out["lost_streak"] = to_json(analysis.lost_streak);
  out["gross_pnl_total"] = number(analysis.gross_pnl_total);
  out["gross_pnl_average"] = number(analysis.gross_pnl_average);
  out["all"] = to_json(analysis.all);
  out["long_trades"] = to_json(analysis.long_trades);
  out["short_trades"] = to_json(analysis.short_trades);
  return out;
}

nlohmann::ordered_json to_json(std::span<const Transaction> transactions) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const Transaction& t : transactions) {
    nlohmann::ordered_json row;
    row["time"] = time_text(t.time);
    row["feed"] = t.feed;
    row["order"] = t.order;
    row["size"] = number(t.size);
    row["price"] = number(t.price);
    row["value"] = number(t.value);
    row["fees"] = number(t.fees);
    out.push_back(std::move(row));
  }
  return out;
}

nlohmann::ordered_json to_json(const PositionsValue& analysis) {
  nlohmann::ordered_json time = nlohmann::ordered_json::array();
  for (const Timestamp t : analysis.time) {
    time.push_back(time_text(t));
  }
  nlohmann::ordered_json values = nlohmann::ordered_json::array();
  for (const auto& column : analysis.values) {
    nlohmann::ordered_json numbers = nlohmann::ordered_json::array();
    for (const double x : column) {
      numbers.push_back(number(x));
    }
    values.push_back(std::move(numbers));
  }
  nlohmann::ordered_json cash = nlohmann::ordered_json::array();
  for (const double x : analysis.cash) {
    cash.push_back(number(x));
  }
  nlohmann::ordered_json out;
  out["time"] = std::move(time);
  out["feeds"] = analysis.feeds;
  out["values"] = std::move(values);
  out["cash"] = std::move(cash);
  return out;
}

}  // namespace qbt::event
