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

/// The bars of `frame` in [from, until).
BarFrame clip(const BarFrame& frame, std::optional<Timestamp> from, std::optional<Timestamp> until) {
  const auto ts = frame.timestamps();
  const auto begin = from ? std::lower_bound(ts.begin(), ts.end(), *from) : ts.begin();
  const auto end = until ? std::lower_bound(begin, ts.end(), *until) : ts.end();
  return frame.slice(static_cast<std::size_t>(begin - ts.begin()),
                     static_cast<std::size_t>(end - ts.begin()));
}

LoadResult load_unclipped(const std::string& path, const LoadOptions& options) {
  LoadResult result;
  if (is_native_file(path)) {
    result.format = BarFormat::native;
    result.frame = read_native(path, options.native);
    result.report.rows_checked = static_cast<std::int64_t>(result.frame.size());
    return result;
  }
  const std::optional<BarFormat> named = format_from_extension(path);
  if (parquet::is_parquet_file(path) || named == BarFormat::parquet) {
    // A file named .parquet without the magic: the reader explains what is wrong.
    parquet::ParquetReadOptions read = options.parquet;
    read.start = options.from;
    read.end = options.until;
    read.policy = options.csv.policy;
    if (read.symbol.empty()) {
      read.symbol = options.csv.symbol;
    }
    parquet::ParquetBarsResult bars = parquet::read_parquet_bars(path, read);
    result.format = BarFormat::parquet;
    result.frame = std::move(bars.frame);
    result.report = std::move(bars.report);
    return result;
  }
  if (named == BarFormat::native) {
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
}  // namespace

const char* to_string(BarFormat format) noexcept {
  switch (format) {
    case BarFormat::csv: return "csv";
    case BarFormat::native: return "qbt";
    case BarFormat::parquet: return "parquet";
  }
  return "?";
}

std::optional<BarFormat> format_from_extension(std::string_view path) {
  const std::string ext = lower_extension(path);
  if (ext == ".qbt") return BarFormat::native;
  if (ext == ".parquet" || ext == ".pq") return BarFormat::parquet;
  if (ext == ".csv" || ext == ".txt" || ext == ".tsv") return BarFormat::csv;
  return std::nullopt;
}

LoadResult load_bars(const std::string& path, const LoadOptions& options) {
  if (options.from && options.until && *options.until <= *options.from) {
    throw UserInputError("the time range is empty: 'until' must be after 'from'", {path});
  }
  LoadResult result = load_unclipped(path, options);
  if (options.from || options.until) {
    result.frame = clip(result.frame, options.from, options.until);
  }
  return result;
}

void save_bars(const BarFrame& frame, const std::string& path, const SaveOptions& options) {
  switch (format_from_extension(path).value_or(BarFormat::csv)) {
    case BarFormat::native: write_native(frame, path); return;
    case BarFormat::parquet: parquet::write_parquet(frame, path, options.parquet); return;
    case BarFormat::csv: write_csv(frame, path); return;
  }
}

}  // namespace qbt::data
