#include "qbt/vector/simulation_options.hpp"

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "qbt/core/error.hpp"

namespace qbt::vector {

const char* to_string(Direction direction) noexcept {
  switch (direction) {
    case Direction::long_only: return "long";
    case Direction::short_only: return "short";
    case Direction::both: return "both";
  }
  return "long";
}

const char* to_string(SizeType size_type) noexcept {
  switch (size_type) {
    case SizeType::amount: return "amount";
    case SizeType::value: return "value";
    case SizeType::percent: return "percent";
    case SizeType::target_percent: return "target_percent";
    case SizeType::all: return "all";
  }
  return "all";
}

const char* to_string(FillTiming fill) noexcept {
  return fill == FillTiming::close ? "close" : "next_open";
}

Direction parse_direction(std::string_view text) {
  if (text == "long" || text == "long_only" || text == "longonly") {
    return Direction::long_only;
  }
  if (text == "short" || text == "short_only" || text == "shortonly") {
    return Direction::short_only;
  }
  if (text == "both") {
    return Direction::both;
  }
  throw UserInputError(fmt::format("unknown direction '{}' (use long, short or both)", text));
}

SizeType parse_size_type(std::string_view text) {
  for (SizeType type : {SizeType::amount, SizeType::value, SizeType::percent,
                        SizeType::target_percent, SizeType::all}) {
    if (text == to_string(type)) {
      return type;
    }
  }
  throw UserInputError(fmt::format(
      "unknown size type '{}' (use amount, value, percent, target_percent or all)", text));
}

FillTiming parse_fill_timing(std::string_view text) {
  if (text == "close") {
    return FillTiming::close;
  }
  if (text == "next_open" || text == "next-open") {
    return FillTiming::next_open;
  }
  throw UserInputError(fmt::format("unknown fill timing '{}' (use close or next_open)", text));
}

namespace {

void require_stop(std::string_view name, double value, bool below_one) {
  if (!std::isfinite(value) || value < 0.0 || (below_one && value >= 1.0)) {
    throw UserInputError(fmt::format("{} must be a finite fraction >= 0{}, got {}", name,
                                     below_one ? " and < 1" : "", value));
  }
}

}  // namespace

void SimulationOptions::validate() const {
  if (!std::isfinite(init_cash) || init_cash <= 0.0) {
    throw UserInputError(fmt::format("initial cash must be a finite number > 0, got {}", init_cash));
  }
  fees.validate();
  slippage.validate();
  if (size_type != SizeType::all && !(size > 0.0)) {
    throw UserInputError(fmt::format("size must be > 0, got {}", size));
  }
  if (size_type != SizeType::all && size_type != SizeType::amount && !std::isfinite(size)) {
    throw UserInputError(fmt::format("size must be finite for size type {}", to_string(size_type)));
  }
  if ((size_type == SizeType::percent || size_type == SizeType::target_percent) && size > 1.0e3) {
    throw UserInputError(fmt::format("size {} is not a plausible fraction of equity", size));
  }
  if (!std::isfinite(size_granularity) || size_granularity < 0.0) {
    throw UserInputError(
        fmt::format("size granularity must be a finite number >= 0, got {}", size_granularity));
  }
  // A stop-loss of 1 or more never fires for a long (its level is <= 0) but is meaningful for a
  // short (its level is above the entry), so only the sign and finiteness are checked.
  require_stop("stop-loss (sl)", sl_stop, false);
  require_stop("take-profit (tp)", tp_stop, false);
  require_stop("trailing stop", trail_stop, false);
}

}  // namespace qbt::vector
