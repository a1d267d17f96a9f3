#include "qbt/features/feature_csv.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "qbt/core/error.hpp"

namespace qbt::features {

namespace {

constexpr std::size_t k_rows_per_block = 4096;
constexpr std::size_t k_blocks_per_write = 64;

void append_double(std::string& out, double value) {
  if (std::isnan(value)) {
    return;  // an empty field
  }
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out.append(buffer, result.ptr);
}

std::string header(const FeatureTable& table, bool with_symbol) {
  std::string out = with_symbol ? "symbol,timestamp" : "timestamp";
  for (const std::string& name : table.column_names()) {
    out += ',';
    out += name;
  }
  out += '\n';
  return out;
}

/// Append rows [begin, end) of `table`, each prefixed by `symbol_field` if not empty.
void append_rows(std::string& out, const FeatureTable& table, const std::string& symbol_field,
                 std::size_t begin, std::size_t end) {
  const auto timestamps = table.timestamps();
  for (std::size_t row = begin; row < end; ++row) {
    out += symbol_field;
    out += format_timestamp(timestamps[row], true);
    for (std::size_t c = 0; c < table.column_count(); ++c) {
      out += ',';
      append_double(out, table.column(c)[row]);
    }
    out += '\n';
  }
}

struct FileCloser {
  void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};

class CsvFile {
public:
  explicit CsvFile(const std::string& path) : path_(path), file_(std::fopen(path.c_str(), "wb")) {
    if (!file_) {
      throw IoError(fmt::format("cannot open file for writing: {}", std::strerror(errno)), {path});
    }
  }
  void write(const std::string& text) {
    if (std::fwrite(text.data(), 1, text.size(), file_.get()) != text.size()) {
      throw IoError(fmt::format("cannot write file: {}", std::strerror(errno)), {path_});
    }
  }
  void close() {
    if (std::fclose(file_.release()) != 0) {
      throw IoError(fmt::format("cannot write file: {}", std::strerror(errno)), {path_});
    }
  }

private:
  std::string path_;
  std::unique_ptr<std::FILE, FileCloser> file_;
};

/// Format a table's rows in blocks of k_rows_per_block, in parallel k_blocks_per_write at a
/// time, and write them in order.
void write_rows(CsvFile& file, const FeatureTable& table, const std::string& symbol_field) {
  const std::size_t rows = table.rows();
  const std::size_t blocks = (rows + k_rows_per_block - 1) / k_rows_per_block;
  std::vector<std::string> text(std::min(blocks, k_blocks_per_write));
  for (std::size_t first = 0; first < blocks; first += k_blocks_per_write) {
    const std::size_t count = std::min(k_blocks_per_write, blocks - first);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, 1),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        for (std::size_t i = range.begin(); i != range.end(); ++i) {
                          const std::size_t begin = (first + i) * k_rows_per_block;
                          text[i].clear();
                          append_rows(text[i], table, symbol_field, begin,
                                      std::min(rows, begin + k_rows_per_block));
                        }
                      });
    for (std::size_t i = 0; i < count; ++i) {
      file.write(text[i]);
    }
  }
}

}  // namespace

std::string format_feature_csv(const FeatureTable& table) {
  std::string out = header(table, false);
  append_rows(out, table, {}, 0, table.rows());
  return out;
}

void write_feature_csv(const FeatureTable& table, const std::string& path) {
  CsvFile file(path);
  file.write(header(table, false));
  write_rows(file, table, {});
  file.close();
}

void write_feature_csv(std::span<const FeatureTable> tables, const std::string& path) {
  CsvFile file(path);
  if (!tables.empty()) {
    file.write(header(tables[0], true));
  }
  for (const FeatureTable& table : tables) {
    if (table.column_names() != tables[0].column_names()) {
      throw InternalError("write_feature_csv: tables with different columns");
    }
    write_rows(file, table, table.symbol() + ",");
  }
  file.close();
}

}  // namespace qbt::features
