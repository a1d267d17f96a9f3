#pragma once
/// A column-oriented table as Parquet files hold it, in qbt's types: what the generic reader
/// returns (`qbt data info`, feature tables, tests) and what the writer takes as views.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qbt::data::parquet {

/// The value type of a column after decoding. Timestamps of any unit (and DATE) are converted to
/// int64 nanoseconds since the Unix epoch; FLOAT is widened to double exactly.
enum class ColumnKind : std::uint8_t { int32, int64, timestamp_ns, float32, float64, string };

[[nodiscard]] const char* to_string(ColumnKind kind) noexcept;

/// One decoded column. Exactly one of the value vectors is used, chosen by `kind`:
/// `ints` for int32/int64/timestamp_ns, `doubles` for float32/float64, `strings` for string.
/// Null rows hold 0 / NaN / "" and have `valid[row] == 0`; `valid` is empty when no row is null.
struct TableColumn {
  std::string name;
  ColumnKind kind = ColumnKind::float64;
  bool nullable = false;  ///< OPTIONAL in the file
  std::vector<std::int64_t> ints;
  std::vector<double> doubles;
  std::vector<std::string> strings;
  std::vector<std::uint8_t> valid;

  [[nodiscard]] std::size_t size() const noexcept {
    return kind == ColumnKind::string ? strings.size()
           : (kind == ColumnKind::float32 || kind == ColumnKind::float64) ? doubles.size()
                                                                           : ints.size();
  }
  [[nodiscard]] bool is_null(std::size_t row) const noexcept { return !valid.empty() && valid[row] == 0; }
};

struct Table {
  std::vector<TableColumn> columns;
  std::size_t rows = 0;

  /// Index of the column named `name` (exact match), or npos.
  [[nodiscard]] std::size_t find(std::string_view name) const noexcept;
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
};

/// A column to write, as views into the caller's memory (nothing is copied until encoding).
/// `kind` picks the view: `ints` (int32/int64/timestamp_ns), `doubles` (float32: stored as
/// FLOAT, rounded to nearest; float64), `strings` (string). A non-empty `valid` makes the column
/// OPTIONAL and marks nulls with 0.
struct ColumnView {
  std::string name;
  ColumnKind kind = ColumnKind::float64;
  std::span<const std::int64_t> ints;
  std::span<const double> doubles;
  std::span<const std::string> strings;
  std::span<const std::uint8_t> valid;
};

}  // namespace qbt::data::parquet
