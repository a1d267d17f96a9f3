#pragma once
/// Write feature tables as CSV: a `timestamp` column (ISO 8601 UTC, the date alone at
/// midnight, as data/csv_writer.hpp writes bars) then one column per feature, doubles in their
/// shortest round-trip form and an empty field for NaN (warm-up, undefined values).

#include <span>
#include <string>

#include "qbt/features/feature_table.hpp"

namespace qbt::features {

/// The CSV text of one table: `timestamp,<column>,...`.
[[nodiscard]] std::string format_feature_csv(const FeatureTable& table);

/// Write one table to `path` (formatted in parallel blocks, written in order). Throws IoError
/// naming the path when the file cannot be created or written.
void write_feature_csv(const FeatureTable& table, const std::string& path);

/// Write several symbols' tables to one CSV in long form, `symbol,timestamp,<column>,...`, the
/// tables one after another. Every table must have the same columns (InternalError otherwise).
void write_feature_csv(std::span<const FeatureTable> tables, const std::string& path);

}  // namespace qbt::features
