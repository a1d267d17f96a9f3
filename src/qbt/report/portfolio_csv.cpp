#include "qbt/report/portfolio_csv.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <utility>

#include <fmt/format.h>

#include "qbt/core/error.hpp"

namespace qbt::report {

namespace {

/// Index the bars' timestamps by bar.
BarTimeOf index_into(std::span<const Timestamp> timestamps) {
  return [timestamps](std::int64_t bar) { return timestamps[static_cast<std::size_t>(bar)]; };
}

void append_equity_rows(std::string& out, std::span<const Timestamp> timestamps,
                        std::span<const double> cash, std::span<const double> position,
                        std::span<const double> value) {
  auto it = std::back_inserter(out);
  for (std::size_t i = 0; i < value.size(); ++i) {
    fmt::format_to(it, "{},{},{},{}\n", format_timestamp(timestamps[i]), cash[i], position[i],
                   value[i]);
  }
}

constexpr const char* k_equity_header = "time,cash,position,value\n";

}  // namespace

std::string format_trades_csv(const vector::Portfolio& portfolio,
                              std::span<const Timestamp> timestamps) {
  return format_trades_csv(portfolio, index_into(timestamps));
}

std::string format_trades_csv(const vector::Portfolio& portfolio, const BarTimeOf& time_of) {
  std::string out =
      "entry_time,exit_time,direction,status,size,entry_price,exit_price,entry_fees,exit_fees,"
      "pnl,return,duration_bars,entry_bar,exit_bar\n";
  auto it = std::back_inserter(out);
  for (const exec::TradeRecord& t : portfolio.trades) {
    fmt::format_to(it, "{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                   format_timestamp(time_of(t.entry_bar)), format_timestamp(time_of(t.exit_bar)),
                   t.is_long ? "long" : "short", t.is_open ? "open" : "closed", t.size,
                   t.entry_price, t.exit_price, t.entry_fees, t.exit_fees, t.pnl, t.return_,
                   t.duration_bars(), t.entry_bar, t.exit_bar);
  }
  return out;
}

std::string format_orders_csv(const vector::Portfolio& portfolio,
                              std::span<const Timestamp> timestamps) {
  return format_orders_csv(portfolio, index_into(timestamps));
}

std::string format_orders_csv(const vector::Portfolio& portfolio, const BarTimeOf& time_of) {
  std::string out = "time,side,reason,size,price,fees,bar\n";
  auto it = std::back_inserter(out);
  for (const exec::OrderRecord& o : portfolio.orders) {
    fmt::format_to(it, "{},{},{},{},{},{},{}\n", format_timestamp(time_of(o.bar)),
                   exec::to_string(o.side), exec::to_string(o.reason), o.size, o.price, o.fees,
                   o.bar);
  }
  return out;
}

std::string format_equity_csv(const vector::Portfolio& portfolio,
                              std::span<const Timestamp> timestamps) {
  std::string out = k_equity_header;
  out.reserve(out.size() + portfolio.value.size() * 64);
  append_equity_rows(out, timestamps, portfolio.cash, portfolio.position, portfolio.value);
  return out;
}

EquityCsvWriter::EquityCsvWriter(std::string path) : path_(std::move(path)) {
  file_ = std::fopen(path_.c_str(), "wb");
  if (file_ == nullptr) {
    throw IoError(fmt::format("cannot write '{}': {}", path_, std::strerror(errno)));
  }
  write(k_equity_header);
}

EquityCsvWriter::~EquityCsvWriter() {
  if (file_ != nullptr) {
    std::fclose(file_);
  }
}

void EquityCsvWriter::append(std::span<const Timestamp> timestamps, std::span<const double> cash,
                             std::span<const double> position, std::span<const double> value) {
  std::string rows;
  rows.reserve(value.size() * 64);
  append_equity_rows(rows, timestamps, cash, position, value);
  write(rows);
}

void EquityCsvWriter::write(const std::string& text) {
  if (file_ == nullptr || std::fwrite(text.data(), 1, text.size(), file_) != text.size()) {
    throw IoError(fmt::format("cannot write '{}': {}", path_, std::strerror(errno)));
  }
}

void EquityCsvWriter::close() {
  std::FILE* file = std::exchange(file_, nullptr);
  if (file != nullptr && std::fclose(file) != 0) {
    throw IoError(fmt::format("cannot write '{}': {}", path_, std::strerror(errno)));
  }
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
