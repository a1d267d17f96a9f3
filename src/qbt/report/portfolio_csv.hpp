#pragma once
/// A portfolio's records as CSV for spreadsheets and pandas: trades (one row per trade record),
/// orders (one row per fill) and the equity curve (one row per bar). Numbers are written in the
/// shortest form that reads back to the same double; times as ISO 8601 UTC.

#include <cstdint>
#include <cstdio>
#include <functional>
#include <span>
#include <string>

#include "qbt/core/timestamp.hpp"
#include "qbt/vector/portfolio.hpp"

namespace qbt::report {

/// Columns: entry_time, exit_time, direction (long|short), status (closed|open), size,
/// entry_price, exit_price, entry_fees, exit_fees, pnl, return, duration_bars, entry_bar,
/// exit_bar.
[[nodiscard]] std::string format_trades_csv(const vector::Portfolio& portfolio,
                                            std::span<const Timestamp> timestamps);
/// Columns: time, side (buy|sell), reason (signal|stop_loss|take_profit|trailing_stop), size,
/// price, fees, bar.
[[nodiscard]] std::string format_orders_csv(const vector::Portfolio& portfolio,
                                            std::span<const Timestamp> timestamps);
/// Columns: time, cash, position, value.
[[nodiscard]] std::string format_equity_csv(const vector::Portfolio& portfolio,
                                            std::span<const Timestamp> timestamps);

/// The timestamp of a bar by its index, for callers that do not hold every bar's timestamp (a
/// run over bars read chunk by chunk keeps only those its records refer to).
using BarTimeOf = std::function<Timestamp(std::int64_t bar)>;
/// format_trades_csv() with the timestamps looked up.
[[nodiscard]] std::string format_trades_csv(const vector::Portfolio& portfolio,
                                            const BarTimeOf& time_of);
/// format_orders_csv() with the timestamps looked up.
[[nodiscard]] std::string format_orders_csv(const vector::Portfolio& portfolio,
                                            const BarTimeOf& time_of);

/// The equity CSV of format_equity_csv() written a chunk of bars at a time, for a curve that is
/// never held whole. Throws IoError naming the path when it cannot be written.
class EquityCsvWriter {
public:
  explicit EquityCsvWriter(std::string path);
  EquityCsvWriter(const EquityCsvWriter&) = delete;
  EquityCsvWriter& operator=(const EquityCsvWriter&) = delete;
  ~EquityCsvWriter();

  /// Write the rows of the next bars.
  void append(std::span<const Timestamp> timestamps, std::span<const double> cash,
              std::span<const double> position, std::span<const double> value);
  /// Flush and close; IoError if that fails. The destructor closes without reporting.
  void close();

private:
  void write(const std::string& text);

  std::string path_;
  std::FILE* file_ = nullptr;
};

/// Write `text` to `path`; IoError naming the path when it cannot.
void write_text_file(const std::string& path, const std::string& text);

}  // namespace qbt::report
