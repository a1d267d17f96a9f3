#include "qbt/report/portfolio_csv.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iterator>

#include <fmt/format.h>

#include "qbt/core/error.hpp"

namespace qbt::report {

std::string format_trades_csv(const vector::Portfolio& portfolio,
                              std::span<const Timestamp> timestamps) {
  std::string out =
      "entry_time,exit_time,direction,status,size,entry_price,exit_price,entry_fees,exit_fees,"
      "pnl,return,duration_bars,entry_bar,exit_bar\n";
  auto it = std::back_inserter(out);
  for (const exec::TradeRecord& t : portfolio.trades) {
    fmt::format_to(it, "{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                   format_timestamp(timestamps[static_cast<std::size_t>(t.entry_bar)]),
                   format_timestamp(timestamps[static_cast<std::size_t>(t.exit_bar)]),
                   t.is_long ? "long" : "short", t.is_open ? "open" : "closed", t.size,
                   t.entry_price, t.exit_price, t.entry_fees, t.exit_fees, t.pnl, t.return_,
                   t.duration_bars(), t.entry_bar, t.exit_bar);
  }
  return out;
}

std::string format_orders_csv(const vector::Portfolio& portfolio,
                              std::span<const Timestamp> timestamps) {
  std::string out = "time,side,reason,size,price,fees,bar\n";
  auto it = std::back_inserter(out);
  for (const exec::OrderRecord& o : portfolio.orders) {
    fmt::format_to(it, "{},{},{},{},{},{},{}\n",
                   format_timestamp(timestamps[static_cast<std::size_t>(o.bar)]),
                   exec::to_string(o.side), exec::to_string(o.reason), o.size, o.price, o.fees,
                   o.bar);
  }
  return out;
}

std::string format_equity_csv(const vector::Portfolio& portfolio,
                              std::span<const Timestamp> timestamps) {
  std::string out = "time,cash,position,value\n";
  out.reserve(out.size() + portfolio.value.size() * 64);
  auto it = std::back_inserter(out);
  for (std::size_t i = 0; i < portfolio.value.size(); ++i) {
    fmt::format_to(it, "{},{},{},{}\n", format_timestamp(timestamps[i]), portfolio.cash[i],
                   portfolio.position[i], portfolio.value[i]);
  }
  return out;
}

void write_text_file(const std::string& path, const std::string& text) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) {
    throw IoError(fmt::format("cannot write '{}': {}", path, std::strerror(errno)));
  }
  const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  const int saved = errno;
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed) {
    throw IoError(fmt::format("cannot write '{}': {}", path, std::strerror(written ? errno : saved)));
  }
}

}  // namespace qbt::report
