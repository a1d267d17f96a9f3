#include "qbt/data/bar_io.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>

#include "qbt/core/error.hpp"

namespace qbt::data {

namespace {
std::string lower_extension(std::string_view path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

void reject_parquet(std::string_view path) {
  const std::string ext = lower_extension(path);
  if (ext == ".parquet" || ext == ".pq") {
    throw UserInputError("Parquet files are not supported yet; convert to CSV or .qbt first",
                         {std::string(path)});
  }
}
}  // namespace

const char* to_string(BarFormat format) noexcept {
  switch (format) {
    case BarFormat::csv: return "csv";
    case BarFormat::native: return "qbt";
  }
  return "?";
}

std::optional<BarFormat> format_from_extension(std::string_view path) {
  const std::string ext = lower_extension(path);
  if (ext == ".qbt") return BarFormat::native;
  if (ext == ".csv" || ext == ".txt" || ext == ".tsv") return BarFormat::csv;
  return std::nullopt;
}

LoadResult load_bars(const std::string& path, const LoadOptions& options) {
  reject_parquet(path);
  LoadResult result;
  if (is_native_file(path)) {
    result.format = BarFormat::native;
    result.frame = read_native(path, options.native);
    result.report.rows_checked = static_cast<std::int64_t>(result.frame.size());
    return result;
  }
  if (format_from_extension(path) == BarFormat::native) {
    // Named .qbt but without the magic: let the native reader explain what is wrong.
    result.frame = read_native(path, options.native);
    return result;
  }
  CsvReadResult csv = read_csv(path, options.csv);
  result.format = BarFormat::csv;
  result.frame = std::move(csv.frame);
  result.report = std::move(csv.report);
  return result;
}

void save_bars(const BarFrame& frame, const std::string& path) {
  reject_parquet(path);
  if (format_from_extension(path) == BarFormat::native) {
    write_native(frame, path);
  } else {
    write_csv(frame, path);
  }
}

}  // namespace qbt::data
