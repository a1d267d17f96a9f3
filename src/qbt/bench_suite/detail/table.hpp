#pragma once
/// A table of text cells rendered for a terminal, Markdown or HTML: the one layout the suite's
/// results, targets, comparisons and reports share.

#include <string>
#include <string_view>
#include <vector>

namespace qbt::bench_suite::detail {

struct Table {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;  ///< each as many cells as headers
  /// Per column: right-aligned (numbers) or left-aligned; missing entries are left-aligned.
  std::vector<bool> right;
};

/// Columns padded to their widest cell, two spaces apart, the header first.
[[nodiscard]] std::string render_text(const Table& table);
/// A GitHub-flavoured Markdown table (`|` in cells escaped).
[[nodiscard]] std::string render_markdown(const Table& table);
/// An HTML <table> (cells escaped; a cell starting with '<svg' is inserted as is).
[[nodiscard]] std::string render_html(const Table& table);

/// `text` with &, <, >, " escaped for HTML.
[[nodiscard]] std::string escape_html(std::string_view text);

}  // namespace qbt::bench_suite::detail
