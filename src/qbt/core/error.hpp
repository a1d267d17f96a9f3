#pragma once
/// Error types of qbt: every failure a user can cause is a qbt::Error with a category and a
/// location, so the CLI and the bindings can turn it into one clear message and exit code.

#include <cstdint>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace qbt {

/// What kind of failure an Error reports; decides the CLI exit code and the Python exception.
enum class ErrorCategory : std::uint8_t {
  user_input,  ///< bad flags, parameters or configuration
  data,        ///< the content of a data file is invalid
  io,          ///< a file cannot be opened, read, mapped or written
  internal,    ///< a bug in qbt
};

/// Where in an input the problem is. Empty fields are omitted from the message.
struct ErrorLocation {
  std::string file;
  std::int64_t line = 0;    ///< 1-based line (or row) number; 0 when unknown
  std::int32_t column = 0;  ///< 1-based column number; 0 when unknown

  [[nodiscard]] bool empty() const noexcept { return file.empty() && line == 0 && column == 0; }
  [[nodiscard]] std::string to_string() const;
};

/// Base of every exception qbt throws on purpose.
class Error : public std::runtime_error {
public:
  Error(ErrorCategory category, std::string message, ErrorLocation location = {});

  [[nodiscard]] ErrorCategory category() const noexcept { return category_; }
  [[nodiscard]] const ErrorLocation& location() const noexcept { return location_; }
  /// The message without the location suffix.
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

private:
  ErrorCategory category_;
  std::string message_;
  ErrorLocation location_;
};

class UserInputError : public Error {
public:
  explicit UserInputError(std::string message, ErrorLocation location = {})
      : Error(ErrorCategory::user_input, std::move(message), std::move(location)) {}
};

class DataError : public Error {
public:
  explicit DataError(std::string message, ErrorLocation location = {})
      : Error(ErrorCategory::data, std::move(message), std::move(location)) {}
};

class IoError : public Error {
public:
  explicit IoError(std::string message, ErrorLocation location = {})
      : Error(ErrorCategory::io, std::move(message), std::move(location)) {}
};

class InternalError : public Error {
public:
  explicit InternalError(std::string message, ErrorLocation location = {})
      : Error(ErrorCategory::internal, std::move(message), std::move(location)) {}
};

/// Process exit code for an error category: 1 for anything the user can fix, 2 for bugs.
[[nodiscard]] int exit_code_for(ErrorCategory category) noexcept;

[[nodiscard]] const char* to_string(ErrorCategory category) noexcept;

/// Quote a piece of offending input for an error message: printable, at most `max_chars` long.
[[nodiscard]] std::string quote_excerpt(std::string_view text, std::size_t max_chars = 40);

}  // namespace qbt
