#pragma once
/// Read and write bars in any supported file format, chosen by content and extension, so every
/// command that takes DATA accepts every format.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "qbt/data/bar_frame.hpp"
#include "qbt/data/csv_reader.hpp"
#include "qbt/data/csv_writer.hpp"
#include "qbt/data/native_store.hpp"
#include "qbt/data/parquet/parquet_reader.hpp"
#include "qbt/data/parquet/parquet_writer.hpp"
#include "qbt/data/validate.hpp"

namespace qbt::data {

enum class BarFormat : std::uint8_t { csv, native, parquet };

[[nodiscard]] const char* to_string(BarFormat format) noexcept;

/// Format implied by a path's extension: `.qbt` native; `.parquet`, `.pq` Parquet; `.csv`,
/// `.txt`, `.tsv` CSV.
[[nodiscard]] std::optional<BarFormat> format_from_extension(std::string_view path);

struct LoadOptions {
  CsvOptions csv;
  NativeReadOptions native;
  parquet::ParquetReadOptions parquet;
  /// Keep only bars in [from, until) (ns UTC). Parquet files skip whole row groups outside the
  /// range by their column statistics; other formats are sliced after loading.
  std::optional<Timestamp> from;
  std::optional<Timestamp> until;
};

struct LoadResult {
  BarFrame frame;
  ValidationReport report;  ///< rows dropped under the skip/warn policies (CSV)
  BarFormat format = BarFormat::csv;
};

/// Load bars from `path`: native and Parquet files are recognised by their magic bytes whatever
/// their name; anything else is read as CSV.
[[nodiscard]] LoadResult load_bars(const std::string& path, const LoadOptions& options = {});

struct SaveOptions {
  parquet::ParquetWriteOptions parquet;
};

/// Save bars to `path` in the format its extension names (CSV when the extension is unknown).
void save_bars(const BarFrame& frame, const std::string& path, const SaveOptions& options = {});

}  // namespace qbt::data
