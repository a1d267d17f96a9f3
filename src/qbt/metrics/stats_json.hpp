#pragma once
/// Stats as JSON: the object `qbt backtest --json` prints. Kept apart from stats.hpp so that
/// only code that writes JSON includes nlohmann.

#include <nlohmann/json.hpp>

#include "qbt/metrics/stats.hpp"

namespace qbt::metrics {

/// One member per stat_keys() entry, in that order (an ordered_json, so that the order survives
/// dump()): timestamps as ISO 8601 strings (qbt::format_timestamp), durations as pandas Timedelta
/// strings (format_timedelta; pd.to_timedelta parses them), counts as integers, reals as numbers,
/// and null for any non-finite real or undefined duration (JSON has no inf or NaN).
[[nodiscard]] nlohmann::ordered_json to_json(const Stats& stats);

}  // namespace qbt::metrics
