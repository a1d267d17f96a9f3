#include "input_options.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "qbt/core/error.hpp"
#include "qbt/core/timestamp_parser.hpp"

namespace qbt::cli {

void add_input_options(CLI::App& command, InputOptions& options) {
  const std::string group = "Input";
  command.add_option("--policy", options.policy,
                     "What to do with invalid rows: error (stop), skip (drop), warn (drop and report)")
      ->check(CLI::IsMember({"error", "skip", "warn"}))
      ->group(group);
  command.add_option("--delimiter", options.delimiter,
                     "CSV field delimiter: ',', ';', 'tab' (default: detected from the header)")
      ->group(group);
  command.add_option("--time-format", options.time_format,
                     "Timestamp format: strptime-like (%Y-%m-%d %H:%M:%S) or epoch_s|epoch_ms|epoch_us|epoch_ns "
                     "(default: ISO 8601 or epoch, detected)")
      ->group(group);
  command.add_option("--symbol", options.symbol, "Symbol name (default: the file name's stem)")
      ->group(group);
  command.add_option("--col-timestamp", options.columns.timestamp, "Name of the timestamp column")
      ->group(group);
  command.add_option("--col-date", options.columns.date, "Name of the date column")->group(group);
  command.add_option("--col-time", options.columns.time, "Name of the time-of-day column")->group(group);
  command.add_option("--col-open", options.columns.open, "Name of the open column")->group(group);
  command.add_option("--col-high", options.columns.high, "Name of the high column")->group(group);
  command.add_option("--col-low", options.columns.low, "Name of the low column")->group(group);
  command.add_option("--col-close", options.columns.close, "Name of the close column")->group(group);
  command.add_option("--col-volume", options.columns.volume, "Name of the volume column")->group(group);
  command.add_option("--threads", options.threads, "Parser threads (default: all cores)")
      ->group(group);
  command.add_flag("--no-verify", options.no_verify,
                   "Skip checksum verification when loading .qbt files")
      ->group(group);
  command.add_option("--nulls", options.nulls,
                     "Null cells in Parquet files: error (stop, naming the row), skip (drop the "
                     "row), nan (keep as NaN)")
      ->check(CLI::IsMember({"error", "skip", "nan"}))
      ->group(group);
  command.add_option("--from", options.from,
                     "Only bars at or after this UTC date/time (Parquet skips row groups by "
                     "their statistics)")
      ->group(group);
  command.add_option("--until", options.until, "Only bars before this UTC date/time")
      ->group(group);
}

Timestamp parse_time_flag(const std::string& flag, const std::string& text) {
  const TimestampParser parser;
  const TimestampResult result = parser.parse(text);
  if (!result.ok()) {
    throw UserInputError(fmt::format("{} must be an ISO 8601 date or date-time, got '{}': {}", flag,
                                     text, parser.explain(result)));
  }
  return result.value;
}

namespace {
char parse_delimiter(const std::string& text) {
  if (text == "tab" || text == "\\t" || text == "\t") return '\t';
  if (text.size() == 1) return text[0];
  throw UserInputError(fmt::format("--delimiter must be one character or 'tab', got '{}'", text));
}
}  // namespace

data::LoadOptions load_options(const InputOptions& options) {
  data::LoadOptions load;
  load.csv.policy = data::parse_validation_policy(options.policy).value_or(data::ValidationPolicy::error);
  if (!options.delimiter.empty()) {
    load.csv.delimiter = parse_delimiter(options.delimiter);
  }
  load.csv.time_format = options.time_format;
  load.csv.columns = options.columns;
  load.csv.symbol = options.symbol;
  load.csv.threads = options.threads;
  load.native.verify_checksums = !options.no_verify;
  load.parquet.nulls = options.nulls == "skip"  ? data::parquet::NullPolicy::skip_row
                       : options.nulls == "nan" ? data::parquet::NullPolicy::nan
                                                : data::parquet::NullPolicy::error;
  load.parquet.symbol = options.symbol;
  load.parquet.threads = options.threads;
  if (!options.from.empty()) {
    load.from = parse_time_flag("--from", options.from);
  }
  if (!options.until.empty()) {
    load.until = parse_time_flag("--until", options.until);
  }
  return load;
}

data::LoadResult load_input(const std::string& path, const InputOptions& options) {
  const data::LoadOptions load = load_options(options);
  data::LoadResult result = data::load_bars(path, load);
  if (!options.symbol.empty()) {
    result.frame.set_symbol(options.symbol);
  }
  if (load.csv.policy == data::ValidationPolicy::warn && !result.report.clean()) {
    for (const std::string& message : result.report.messages) {
      fmt::print(stderr, "qbt: warning: dropped row: {}\n", message);
    }
    const auto unshown = result.report.rows_rejected -
                         static_cast<std::int64_t>(result.report.messages.size());
    if (unshown > 0) {
      fmt::print(stderr, "qbt: warning: {} more rows dropped\n", unshown);
    }
  }
  return result;
}

}  // namespace qbt::cli
