#pragma once
/// Flags shared by every command that reads DATA (CSV dialect, column mapping, validation
/// policy), and the one place that loads DATA and reports dropped rows.

#include <string>

#include <CLI/CLI.hpp>

#include "qbt/data/bar_io.hpp"

namespace qbt::cli {

struct InputOptions {
  std::string policy = "error";
  std::string delimiter;
  std::string time_format;
  std::string symbol;
  data::CsvColumnMap columns;
  bool no_verify = false;
  std::size_t threads = 0;
  std::string nulls = "error";
  std::string from;
  std::string until;
};

/// Add `--policy`, `--delimiter`, `--time-format`, `--symbol`, `--col-*`, `--no-verify`,
/// `--nulls`, `--from`, `--until`.
void add_input_options(CLI::App& command, InputOptions& options);

/// Parse an ISO 8601 date or date-time given to `flag` (UTC); UserInputError naming the flag.
[[nodiscard]] Timestamp parse_time_flag(const std::string& flag, const std::string& text);

/// The library's load options for these flags.
[[nodiscard]] data::LoadOptions load_options(const InputOptions& options);

/// Load DATA with the options; under `--policy warn` print each dropped row to stderr.
[[nodiscard]] data::LoadResult load_input(const std::string& path, const InputOptions& options);

}  // namespace qbt::cli
