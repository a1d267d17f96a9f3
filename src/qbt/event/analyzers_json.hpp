#pragma once
/// The analyzers' results as JSON, for the CLI and reports. Kept apart from analyzers.hpp so
/// that only code that writes JSON includes nlohmann.
///
/// Each object has the members of its struct, in declaration order and with the same names
/// (nested structs become nested objects); timestamps are ISO 8601 strings (a date alone at
/// midnight, qbt::format_timestamp), and any non-finite number is null (JSON has no NaN; a NaN
/// Sharpe ratio or SQN is where backtrader returns None).

#include <span>

#include <nlohmann/json.hpp>

#include "qbt/event/analyzers.hpp"

namespace qbt::event {

[[nodiscard]] nlohmann::ordered_json to_json(const ReturnsAnalysis& analysis);
/// `{"period": "year", "returns": {"2006-12-31": 0.2795, ...}}`: keyed by period end, as
/// backtrader's TimeReturn dictionary.
[[nodiscard]] nlohmann::ordered_json to_json(const TimeReturns& analysis);
[[nodiscard]] nlohmann::ordered_json to_json(const DrawdownAnalysis& analysis);
[[nodiscard]] nlohmann::ordered_json to_json(const SharpeAnalysis& analysis);
[[nodiscard]] nlohmann::ordered_json to_json(const SqnAnalysis& analysis);
[[nodiscard]] nlohmann::ordered_json to_json(const TradeAnalysis& analysis);
/// An array with one object per fill.
[[nodiscard]] nlohmann::ordered_json to_json(std::span<const Transaction> transactions);
/// Columns: `time`, `feeds`, `values` (one array per feed, one number per tick), `cash`.
[[nodiscard]] nlohmann::ordered_json to_json(const PositionsValue& analysis);

}  // namespace qbt::event
