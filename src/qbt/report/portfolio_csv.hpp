#pragma once
/// A portfolio's records as CSV for spreadsheets and pandas: trades (one row per trade record),
/// orders (one row per fill) and the equity curve (one row per bar). Numbers are written in the
/// shortest form that reads back to the same double; times as ISO 8601 UTC.

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

/// Write `text` to `path`; IoError naming the path when it cannot.
void write_text_file(const std::string& path, const std::string& text);

}  // namespace qbt::report
