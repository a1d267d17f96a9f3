#include "qbt/data/csv_writer.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "qbt/core/error.hpp"

namespace qbt::data {

namespace {

constexpr std::size_t k_flush_bytes = 1 << 20;

void append_double(std::string& out, double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out.append(buffer, result.ptr);
}

/// Append the CSV lines of rows [begin, end) to `out`.
void append_rows(std::string& out, const BarFrame& frame, std::size_t begin, std::size_t end,
                 const CsvWriteOptions& options) {
  const auto ts = frame.timestamps();
  for (std::size_t i = begin; i < end; ++i) {
    out += format_timestamp(ts[i], options.date_only_when_midnight);
    for (const Field field : k_fields) {
      out += options.delimiter;
      append_double(out, frame.field(field)[i]);
    }
    out += '\n';
  }
}

std::string header(const CsvWriteOptions& options) {
  std::string out = "timestamp";
  for (const Field field : k_fields) {
    out += options.delimiter;
    out += to_string(field);
  }
  out += '\n';
  return out;
}

struct FileCloser {
  void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};

}  // namespace

std::string format_csv(const BarFrame& frame, const CsvWriteOptions& options) {
  std::string out = header(options);
  append_rows(out, frame, 0, frame.size(), options);
  return out;
}

void write_csv(const BarFrame& frame, const std::string& path, const CsvWriteOptions& options) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "wb"));
  if (!file) {
    throw IoError(fmt::format("cannot open file for writing: {}", std::strerror(errno)), {path});
  }
  auto write = [&](const std::string& text) {
    if (std::fwrite(text.data(), 1, text.size(), file.get()) != text.size()) {
      throw IoError(fmt::format("cannot write file: {}", std::strerror(errno)), {path});
    }
  };
  std::string buffer = header(options);
  buffer.reserve(k_flush_bytes + 256);
  constexpr std::size_t k_rows_per_batch = 4096;
  for (std::size_t begin = 0; begin < frame.size(); begin += k_rows_per_batch) {
    append_rows(buffer, frame, begin, std::min(frame.size(), begin + k_rows_per_batch), options);
    if (buffer.size() >= k_flush_bytes) {
      write(buffer);
      buffer.clear();
    }
  }
  write(buffer);
  if (std::fclose(file.release()) != 0) {
    throw IoError(fmt::format("cannot write file: {}", std::strerror(errno)), {path});
  }
}

}  // namespace qbt::data
