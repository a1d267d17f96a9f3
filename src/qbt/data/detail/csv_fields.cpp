#include "qbt/data/detail/csv_fields.hpp"

#include <array>
#include <cstring>

#include "qbt/core/error.hpp"

namespace qbt::data::detail {

std::string_view trim(std::string_view text) noexcept {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) {
    ++begin;
  }
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) {
    --end;
  }
  return text.substr(begin, end - begin);
}

namespace {
/// Spaces (and tabs, unless tab is the delimiter) that may surround a field.
inline bool is_padding(char ch, char delimiter) noexcept {
  return ch == ' ' || (ch == '\t' && delimiter != '\t');
}
}  // namespace

const char* read_field(const char* p, const char* end, char delimiter, std::string& scratch,
                       std::string_view& field, std::string& error) {
  while (p < end && is_padding(*p, delimiter)) {
    ++p;
  }
  if (p == end || *p != '"') {
    const auto* stop = static_cast<const char*>(
        std::memchr(p, delimiter, static_cast<std::size_t>(end - p)));
    if (stop == nullptr) {
      stop = end;
    }
    field = trim(std::string_view(p, static_cast<std::size_t>(stop - p)));
    return stop;
  }
  ++p;
  const char* const content = p;
  bool copied = false;
  for (;;) {
    const auto* quote =
        static_cast<const char*>(std::memchr(p, '"', static_cast<std::size_t>(end - p)));
    if (quote == nullptr) {
      error = "unterminated quoted field";
      return nullptr;
    }
    if (quote + 1 < end && quote[1] == '"') {
      if (!copied) {
        scratch.clear();
        copied = true;
      }
      scratch.append(p, quote + 1);
      p = quote + 2;
      continue;
    }
    if (copied) {
      scratch.append(p, quote);
      field = scratch;
    } else {
      field = std::string_view(content, static_cast<std::size_t>(quote - content));
    }
    p = quote + 1;
    break;
  }
  while (p < end && is_padding(*p, delimiter)) {
    ++p;
  }
  if (p != end && *p != delimiter) {
    const auto* stop = static_cast<const char*>(
        std::memchr(p, delimiter, static_cast<std::size_t>(end - p)));
    error = "unexpected text after a closing quote " +
            quote_excerpt(std::string_view(p, static_cast<std::size_t>((stop ? stop : end) - p)));
    return nullptr;
  }
  return p;
}

std::optional<CsvFieldError> split_fields(std::string_view line, char delimiter,
                                          std::vector<std::string>& fields,
                                          std::size_t max_fields) {
  fields.clear();
  const char* p = line.data();
  const char* const end = p + line.size();
  std::string scratch;
  std::string error;
  while (fields.size() < max_fields) {
    std::string_view field;
    const char* next = read_field(p, end, delimiter, scratch, field, error);
    if (next == nullptr) {
      return CsvFieldError{static_cast<std::int32_t>(fields.size() + 1), error};
    }
    fields.emplace_back(field);
    if (next == end) {
      break;
    }
    p = next + 1;
  }
  return std::nullopt;
}

char detect_delimiter(std::string_view line) noexcept {
  constexpr std::array<char, 3> k_candidates{',', ';', '\t'};
  std::array<std::size_t, 3> counts{};
  bool quoted = false;
  for (const char ch : line) {
    if (ch == '"') {
      quoted = !quoted;
    } else if (!quoted) {
      for (std::size_t i = 0; i < k_candidates.size(); ++i) {
        counts[i] += ch == k_candidates[i] ? 1 : 0;
      }
    }
  }
  std::size_t best = 0;
  for (std::size_t i = 1; i < k_candidates.size(); ++i) {
    if (counts[i] > counts[best]) {
      best = i;
    }
  }
  return k_candidates[best];
}

}  // namespace qbt::data::detail
