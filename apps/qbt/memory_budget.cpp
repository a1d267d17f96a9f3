#include "memory_budget.hpp"

#include <cstdio>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "qbt/core/byte_size.hpp"
#include "qbt/core/error.hpp"
#include "qbt/data/bar_chunks.hpp"
#include "qbt/data/native_store.hpp"
#include "qbt/data/parquet/parquet_reader.hpp"
#include "qbt/vector/streaming_backtest.hpp"

namespace qbt::cli {

namespace {

/// Bars in the native or Parquet file `path`, from its header or footer alone.
std::uint64_t stored_rows(const std::string& path) {
  if (data::parquet::is_parquet_file(path)) {
    return data::parquet::ParquetFile::open(path).rows();
  }
  data::NativeReadOptions header_only;
  header_only.verify_checksums = false;  // maps the file, touches only the header
  return data::read_native(path, header_only).size();
}

}  // namespace

void add_memory_budget_option(CLI::App& command, std::string& text) {
  command
      .add_option("--memory-budget", text,
                  "Bound the memory the run's data takes, e.g. 512MB, 2GB, 1.5GiB: data that "
                  "would not fit is read in chunks (.qbt and Parquet files; same results)")
      ->group("Input");
}

MemoryPlan plan_memory(const std::string& budget_text, const std::string& path,
                       std::size_t bytes_per_bar) {
  MemoryPlan plan;
  if (budget_text.empty()) {
    return plan;
  }
  plan.budget = parse_byte_size_flag(budget_text, "--memory-budget");
  if (plan.budget == 0) {
    throw UserInputError("--memory-budget must be more than 0 bytes");
  }
  if (!data::is_chunkable(path)) {
    std::error_code error;
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    if (!error && size > plan.budget) {
      const std::string stem = std::filesystem::path(path).replace_extension().string();
      throw UserInputError(fmt::format(
          "{} is a CSV file of {}, more than --memory-budget {}, and CSV cannot be read in "
          "chunks; convert it once with `qbt data convert {} {}.qbt` (or .parquet) and run on "
          "that file",
          path, format_byte_size(size), format_byte_size(plan.budget), path, stem));
    }
    return plan;  // fits: loaded whole (a missing file fails there, with the loader's message)
  }
  const std::uint64_t rows = stored_rows(path);
  plan.in_memory = rows * (vector::k_chunk_bar_bytes + bytes_per_bar);
  plan.stream = plan.in_memory > plan.budget;
  if (plan.stream) {
    fmt::print(stderr,
               "qbt: note: {} holds {} bars, about {} in memory, more than --memory-budget {}: "
               "reading it in chunks\n",
               path, rows, format_byte_size(plan.in_memory), format_byte_size(plan.budget));
  }
  return plan;
}

}  // namespace qbt::cli
