#pragma once
/// Parsing one chunk of whole CSV lines into preallocated bar columns. Chunks are parsed in
/// parallel; each records its rows, its rejected rows and the line of every row, so the reader
/// can join them in file order with exact line numbers.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "qbt/core/error.hpp"
#include "qbt/data/detail/csv_layout.hpp"
#include "qbt/data/validate.hpp"

namespace qbt::data::detail {

/// A rejected row: its line, why, and the full message with its location.
struct CsvIssue {
  std::int64_t line = 0;
  BarIssue issue = BarIssue::malformed_row;
  std::string message;
};

/// A run of whole lines, where its bars go, and what parsing it found.
struct CsvChunk {
  std::string_view text;
  std::int64_t first_line = 1;  ///< 1-based line number of the chunk's first line
  std::size_t capacity = 0;     ///< number of lines: no more rows than this
  Timestamp* timestamps = nullptr;
  std::array<double*, k_field_count> values{};

  std::size_t rows = 0;
  /// (row, line - row) at every row where that difference changes, to map rows to lines.
  std::vector<std::pair<std::size_t, std::int64_t>> line_anchors;
  std::int64_t rows_checked = 0;
  std::int64_t rows_rejected = 0;
  std::array<std::int64_t, k_bar_issue_count> counts{};
  std::vector<CsvIssue> issues;     ///< the first ValidationReport::k_max_messages
  std::optional<DataError> error;   ///< the first problem, under ValidationPolicy::error

  /// The 1-based line number of the chunk's row `row`.
  [[nodiscard]] std::int64_t line_of_row(std::size_t row) const noexcept;
};

/// Parse every line of `chunk.text`. Under ValidationPolicy::error parsing stops at the first
/// problem, which is stored in `chunk.error`; otherwise bad rows are counted and dropped.
void parse_chunk(CsvChunk& chunk, const CsvLayout& layout, const std::string& source,
                 ValidationPolicy policy);

}  // namespace qbt::data::detail
