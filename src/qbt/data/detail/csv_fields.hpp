#pragma once
/// Splitting one CSV line into fields: unquoting, trimming, delimiter detection. Shared by
/// the header reader and the slow (quoted) path of the row parser.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qbt::data::detail {

/// A line whose quoting is broken: which field (1-based) and what is wrong.
struct CsvFieldError {
  std::int32_t column = 0;
  std::string message;
};

/// Remove spaces and tabs around `text`.
[[nodiscard]] std::string_view trim(std::string_view text) noexcept;

/// Read the field starting at `p` (before a delimiter or `end`). Surrounding spaces are
/// dropped; a quoted field is unquoted, into `scratch` when it contains doubled quotes.
/// Returns the position after the field (at the delimiter or `end`), or nullptr with
/// `error` set when the quoting is broken.
[[nodiscard]] const char* read_field(const char* p, const char* end, char delimiter,
                                     std::string& scratch, std::string_view& field,
                                     std::string& error);

/// Split `line` (without its line break) into unquoted, trimmed fields, stopping after
/// `max_fields`. Returns the problem when the quoting is broken.
[[nodiscard]] std::optional<CsvFieldError> split_fields(std::string_view line, char delimiter,
                                                        std::vector<std::string>& fields,
                                                        std::size_t max_fields = SIZE_MAX);

/// The delimiter among `,` `;` and tab that occurs most often outside quotes in `line`;
/// `,` when none occurs.
[[nodiscard]] char detect_delimiter(std::string_view line) noexcept;

}  // namespace qbt::data::detail
