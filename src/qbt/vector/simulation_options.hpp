#pragma once
/// How signals or orders become fills: cash, sizing, costs, direction, stops and fill timing.
/// Defaults are vectorbt's Portfolio.from_signals defaults except the initial cash (vectorbt
/// starts with 100; qbt with 100,000, the CLI's default).

#include <cstdint>
#include <limits>
#include <string_view>

#include "qbt/exec/fee_model.hpp"
#include "qbt/exec/slippage_model.hpp"

namespace qbt::vector {

/// Which positions signals may open.
enum class Direction : std::uint8_t {
  long_only,   ///< entries open longs, exits close them
  short_only,  ///< entries open shorts, exits cover them
  both,        ///< entries go long, exits go short (each reverses the other), or explicit
               ///< short_entries/short_exits when given
};

/// How an order's size is read.
enum class SizeType : std::uint8_t {
  amount,          ///< units
  value,           ///< cash value: units = size / fill price
  percent,         ///< fraction of current equity: units = size * equity / fill price
  target_percent,  ///< from_orders only: trade to hold size * equity in the asset
  all,             ///< all available cash (longs) or free cash (shorts); `size` ignored
};

/// When a signal on bar t fills.
enum class FillTiming : std::uint8_t {
  close,      ///< at bar t's close (vectorbt's default)
  next_open,  ///< at bar t+1's open (backtrader's and backtesting.py's default)
};

[[nodiscard]] const char* to_string(Direction direction) noexcept;
[[nodiscard]] const char* to_string(SizeType size_type) noexcept;
[[nodiscard]] const char* to_string(FillTiming fill) noexcept;
/// Parse the CLI spellings (long|short|both, amount|value|percent|target_percent|all,
/// close|next_open); UserInputError listing the valid ones otherwise.
[[nodiscard]] Direction parse_direction(std::string_view text);
[[nodiscard]] SizeType parse_size_type(std::string_view text);
[[nodiscard]] FillTiming parse_fill_timing(std::string_view text);

struct SimulationOptions {
  double init_cash = 100'000.0;
  exec::FeeModel fees;
  exec::SlippageModel slippage;
  Direction direction = Direction::long_only;
  SizeType size_type = SizeType::all;
  double size = std::numeric_limits<double>::infinity();
  /// Sizes are rounded down to a multiple of this (1 = whole shares); 0 = fractional units.
  double size_granularity = 0.0;
  /// Entries while in a position add to it; otherwise they are ignored.
  bool accumulate = false;
  /// Stops as fractions of the entry price (0 = off): stop-loss, take-profit, and a trailing
  /// stop that follows the best high (longs) or low (shorts) seen since entry.
  double sl_stop = 0.0;
  double tp_stop = 0.0;
  double trail_stop = 0.0;
  FillTiming fill = FillTiming::close;

  [[nodiscard]] bool has_stops() const noexcept {
    return sl_stop > 0.0 || tp_stop > 0.0 || trail_stop > 0.0;
  }
  /// Throw UserInputError naming the offending option (cash <= 0, negative fees, a stop
  /// outside [0, 1) for stop-losses, a size <= 0, ...).
  void validate() const;
};

}  // namespace qbt::vector
