#include "qbt/bench_suite/detail/table.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace qbt::bench_suite::detail {

namespace {

bool right_aligned(const Table& table, std::size_t column) {
  return column < table.right.size() && table.right[column];
}

/// Display width: counts UTF-8 code points, not bytes.
std::size_t width_of(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

std::string render_text(const Table& table) {
  std::vector<std::size_t> width(table.headers.size(), 0);
  const auto measure = [&width](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size() && i < width.size(); ++i) {
      width[i] = std::max(width[i], width_of(cells[i]));
    }
  };
  measure(table.headers);
  for (const auto& row : table.rows) {
    measure(row);
  }
  std::string out;
  const auto emit = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t i = 0; i < width.size(); ++i) {
      const std::string& cell = i < cells.size() ? cells[i] : std::string();
      const std::string pad(width[i] - width_of(cell), ' ');
      if (i > 0) {
        line += "  ";
      }
      line += right_aligned(table, i) ? pad + cell : cell + pad;
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + '\n';
  };
  emit(table.headers);
  for (const auto& row : table.rows) {
    emit(row);
  }
  return out;
}

std::string render_markdown(const Table& table) {
  const auto escape = [](const std::string& cell) {
    std::string out;
    for (const char c : cell) {
      if (c == '|') {
        out += '\\';
      }
      out += c;
    }
    return out;
  };
  std::string out = "|";
  for (const std::string& header : table.headers) {
    // Appended piece by piece: `" " + text` trips GCC 12's -Wrestrict false positive.
    out += ' ';
    out += escape(header);
    out += " |";
  }
  out += "\n|";
  for (std::size_t i = 0; i < table.headers.size(); ++i) {
    out += right_aligned(table, i) ? "---:|" : "---|";
  }
  out += '\n';
  for (const auto& row : table.rows) {
    out += "|";
    for (std::size_t i = 0; i < table.headers.size(); ++i) {
      out += ' ';
      out += i < row.size() ? escape(row[i]) : std::string();
      out += " |";
    }
    out += '\n';
  }
  return out;
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_html(const Table& table) {
  std::string out = "<table>\n<thead><tr>";
  for (const std::string& header : table.headers) {
    out += "<th>" + escape_html(header) + "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : table.rows) {
    out += "<tr>";
    for (std::size_t i = 0; i < table.headers.size(); ++i) {
      const std::string& cell = i < row.size() ? row[i] : std::string();
      out += right_aligned(table, i) ? "<td class=\"num\">" : "<td>";
      out += cell.rfind("<svg", 0) == 0 ? cell : escape_html(cell);
      out += "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  return out;
}

}  // namespace qbt::bench_suite::detail
