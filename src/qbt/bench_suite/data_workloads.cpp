#include "qbt/bench_suite/data_workloads.hpp"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>

#include <fmt/format.h>

#include "qbt/bench_suite/checksum.hpp"
#include "qbt/data/csv_reader.hpp"
#include "qbt/data/csv_writer.hpp"
#include "qbt/data/native_store.hpp"
#include "qbt/data/parquet/parquet_reader.hpp"
#include "qbt/data/parquet/parquet_writer.hpp"
#include "qbt/data/synthetic.hpp"

namespace qbt::bench_suite {

namespace {

enum class Format : std::uint8_t { csv, native, parquet };

const char* format_name(Format format) noexcept {
  switch (format) {
    case Format::csv: return "csv";
    case Format::native: return "native";
    case Format::parquet: return "parquet";
  }
  return "?";
}

data::BarFrame minute_bars(std::int64_t rows) {
  data::SyntheticOptions options;
  options.bars = rows;
  options.seed = 7;
  options.calendar = data::SessionCalendar::continuous;
  return data::generate_bars(options);
}

/// Rows whose file in `format` takes about `bytes`: 48 bytes a row for the native columns;
/// measured on a sample for CSV, whose row length depends on the digits printed, and for
/// Parquet, whose size depends on what snappy and the dictionaries make of the values.
std::int64_t rows_for(Format format, double bytes, const std::filesystem::path& scratch) {
  if (format == Format::native) {
    return static_cast<std::int64_t>(std::ceil(bytes / 48.0));
  }
  constexpr std::int64_t k_sample = 200'000;
  double sample_bytes = 0.0;
  if (format == Format::csv) {
    sample_bytes = static_cast<double>(data::format_csv(minute_bars(k_sample)).size());
  } else {
    const std::string path = (scratch / "sample.parquet").string();
    data::parquet::write_parquet(minute_bars(k_sample), path);
    sample_bytes = static_cast<double>(std::filesystem::file_size(path));
    std::filesystem::remove(path);
  }
  return static_cast<std::int64_t>(
      std::ceil(bytes * static_cast<double>(k_sample) / sample_bytes));
}

void add_frame(Checksum& checksum, const data::BarFrame& frame) {
  const auto timestamps = frame.timestamps();
  checksum.add(std::span<const std::int64_t>(timestamps.data(), timestamps.size()));
  for (const data::Field field : data::k_fields) {
    checksum.add(frame.field(field));
  }
}

struct LoadState {
  std::string path;
  double file_bytes = 0.0;
  data::BarFrame frame;
};

Workload load(SuiteMode mode, Format format) {
  const bool quick = mode == SuiteMode::quick;
  const double megabytes = quick ? 10.0 : 100.0;
  Workload w;
  w.name = fmt::format("data.{}_load_{:.0f}mb", format_name(format), megabytes);
  switch (format) {
    case Format::csv:
      w.description = fmt::format(
          "read_csv of a {:.0f} MB file of 1-minute bars (warm page cache, every core), validated",
          megabytes);
      break;
    case Format::native:
      w.description = fmt::format(
          "read_native of a {:.0f} MB .qbt file of 1-minute bars (warm page cache), XXH3 "
          "checksums verified",
          megabytes);
      break;
    case Format::parquet:
      w.description = fmt::format(
          "read_parquet_bars of a {:.0f} MB snappy Parquet file of 1-minute bars as qbt writes "
          "it (dictionary pages, 1M-row row groups; warm page cache, every core), validated",
          megabytes);
      break;
  }
  w.item_unit = "bytes";
  w.rate_unit = "MB/s";
  w.rate_scale = 1e6;
  w.repetitions = quick ? 3 : 7;
  w.warmups = 1;
  w.prepare = [format, megabytes](const WorkloadContext& context) {
    auto state = std::make_shared<LoadState>();
    const data::BarFrame bars = minute_bars(rows_for(format, megabytes * 1e6, context.scratch_dir));
    switch (format) {
      case Format::csv:
        state->path = (context.scratch_dir / "bars.csv").string();
        data::write_csv(bars, state->path);
        break;
      case Format::native:
        state->path = (context.scratch_dir / "bars.qbt").string();
        data::write_native(bars, state->path);
        break;
      case Format::parquet:
        state->path = (context.scratch_dir / "bars.parquet").string();
        data::parquet::write_parquet(bars, state->path);
        break;
    }
    state->file_bytes = static_cast<double>(std::filesystem::file_size(state->path));
    Body body;
    body.run = [state, format] {
      switch (format) {
        case Format::csv: state->frame = data::read_csv(state->path).frame; break;
        case Format::native: state->frame = data::read_native(state->path); break;
        case Format::parquet: state->frame = data::parquet::read_parquet_bars(state->path).frame; break;
      }
      return state->file_bytes;
    };
    body.finish = [state] {
      Checksum checksum;
      add_frame(checksum, state->frame);
      state->frame = data::BarFrame();
      return checksum.hex();
    };
    return body;
  };
  return w;
}

}  // namespace

void add_data_workloads(SuiteMode mode, std::vector<Workload>& out) {
  out.push_back(load(mode, Format::csv));
  out.push_back(load(mode, Format::native));
  out.push_back(load(mode, Format::parquet));
}

}  // namespace qbt::bench_suite
