#include "qbt/core/error.hpp"

namespace qbt {

std::string ErrorLocation::to_string() const {
  std::string out = file;
  if (line > 0) {
    out += fmt::format("{}{}", out.empty() ? "line " : ":", line);
  }
  if (column > 0) {
    out += fmt::format("{}col {}", out.empty() ? "" : " ", column);
  }
  return out;
}

namespace {
std::string compose(const std::string& message, const ErrorLocation& location) {
  if (location.empty()) {
    return message;
  }
  return fmt::format("{} at {}", message, location.to_string());
}
}  // namespace

Error::Error(ErrorCategory category, std::string message, ErrorLocation location)
    : std::runtime_error(compose(message, location)),
      category_(category),
      message_(std::move(message)),
      location_(std::move(location)) {}

int exit_code_for(ErrorCategory category) noexcept {
  return category == ErrorCategory::internal ? 2 : 1;
}

const char* to_string(ErrorCategory category) noexcept {
  switch (category) {
    case ErrorCategory::user_input: return "user input";
    case ErrorCategory::data: return "data";
    case ErrorCategory::io: return "io";
    case ErrorCategory::internal: return "internal";
  }
  return "unknown";
}

std::string quote_excerpt(std::string_view text, std::size_t max_chars) {
  std::string out = "'";
  std::size_t shown = 0;
  for (const char ch : text) {
    if (shown == max_chars) {
      out += "...";
      break;
    }
    const auto byte = static_cast<unsigned char>(ch);
    if (byte >= 0x20 && byte < 0x7f && ch != '\'') {
      out += ch;
    } else {
      out += fmt::format("\\x{:02x}", byte);
    }
    ++shown;
  }
  out += "'";
  return out;
}

}  // namespace qbt
