#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "input_options.hpp"
#include "qbt/core/ascii.hpp"
#include "qbt/core/error.hpp"
#include "qbt/core/timestamp_parser.hpp"
#include "qbt/data/bar_io.hpp"
#include "qbt/data/resample.hpp"
#include "qbt/data/summary.hpp"
#include "qbt/data/synthetic.hpp"

namespace qbt::cli {

namespace {

using nlohmann::ordered_json;

void print_json(const ordered_json& value) { fmt::print("{}\n", value.dump(2)); }

Frequency parse_frequency_flag(const std::string& flag, const std::string& text) {
  if (const auto frequency = Frequency::parse(text)) {
    return *frequency;
  }
  throw UserInputError(fmt::format(
      "{} must be a duration like 1min, 5min, 1h, 1d or 1w, got '{}'", flag, text));
}

bool is_date_only(const data::BarFrame& frame) {
  for (const Timestamp ts : frame.timestamps()) {
    if (ts % k_ns_per_day != 0) {
      return false;
    }
  }
  return true;
}

std::string format_time(Timestamp ts, bool date_only) { return format_timestamp(ts, date_only); }

// ---- generate ---------------------------------------------------------------------------------

struct GenerateArgs {
  std::int64_t bars = 0;
  std::string freq = "1min";
  std::uint64_t seed = 42;
  std::string out;
  std::string start = "2024-01-01";
  std::string calendar = "trading";
  std::string symbol = "SYNTH";
  double price = 100.0;
  double drift = 0.05;
  double volatility = 0.2;
  bool json = false;
};

void run_generate(const GenerateArgs& args) {
  data::SyntheticOptions options;
  options.bars = args.bars;
  options.frequency = parse_frequency_flag("--freq", args.freq);
  options.seed = args.seed;
  options.start = parse_time_flag("--start", args.start);
  options.calendar = data::parse_session_calendar(args.calendar).value();
  options.symbol = args.symbol;
  options.start_price = args.price;
  options.drift = args.drift;
  options.volatility = args.volatility;
  const data::BarFrame frame = data::generate_bars(options);
  data::save_bars(frame, args.out);
  if (args.json) {
    print_json({{"output", args.out},
                {"rows", frame.size()},
                {"symbol", frame.symbol()},
                {"frequency", frame.frequency().to_string()},
                {"seed", args.seed},
                {"first", frame.empty() ? "" : format_timestamp(frame.timestamps().front())},
                {"last", frame.empty() ? "" : format_timestamp(frame.timestamps().back())}});
  } else {
    fmt::print("wrote {} {} bars of {} (seed {}) to {}\n", frame.size(),
               frame.frequency().to_string(), frame.symbol(), args.seed, args.out);
  }
}

void add_generate(CLI::App& data) {
  auto args = std::make_shared<GenerateArgs>();
  auto* cmd = data.add_subcommand("generate", "Generate seeded synthetic bars (GBM)");
  cmd->add_option("--bars", args->bars, "Number of bars")->required()->check(CLI::NonNegativeNumber);
  cmd->add_option("--freq", args->freq, "Bar frequency: 1min, 5min, 1h, 1d, ...")
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "Random seed; the same seed gives the same bytes")
      ->capture_default_str();
  cmd->add_option("--out", args->out, "Output file (.qbt native, .parquet, .csv)")->required();
  cmd->add_option("--start", args->start, "First bar at or after this UTC date/time")
      ->capture_default_str();
  cmd->add_option("--calendar", args->calendar,
                  "trading (09:30-16:00 New York on weekdays) or continuous (24/7)")
      ->check(CLI::IsMember({"trading", "continuous"}))
      ->capture_default_str();
  cmd->add_option("--symbol", args->symbol, "Symbol name")->capture_default_str();
  cmd->add_option("--price", args->price, "Starting price")->capture_default_str();
  cmd->add_option("--drift", args->drift, "Annual drift (0.05 = 5%)")->capture_default_str();
  cmd->add_option("--volatility", args->volatility, "Annual volatility (0.2 = 20%)")
      ->capture_default_str();
  cmd->add_flag("--json", args->json, "Print a JSON summary");
  cmd->callback([args] { run_generate(*args); });
}

// ---- convert ----------------------------------------------------------------------------------

struct ConvertArgs {
  std::string in;
  std::string out;
  InputOptions input;
  std::string codec = "snappy";
  int compression_level = 0;
  bool no_dictionary = false;
  std::size_t row_group_rows = data::parquet::ParquetWriteOptions{}.row_group_rows;
  bool float32 = false;
  bool json = false;
};

data::SaveOptions save_options(const ConvertArgs& args) {
  data::SaveOptions save;
  const auto codec = data::parquet::parse_codec(args.codec);
  if (!codec) {
    throw UserInputError(fmt::format(
        "--codec must be one of snappy, zstd, gzip, lz4_raw, none; got '{}'", args.codec));
  }
  save.parquet.codec = *codec;
  save.parquet.compression_level = args.compression_level;
  save.parquet.dictionary = !args.no_dictionary;
  if (args.row_group_rows == 0) {
    throw UserInputError("--row-group-rows must be at least 1");
  }
  save.parquet.row_group_rows = args.row_group_rows;
  save.parquet.float32_prices = args.float32;
  return save;
}

void run_convert(const ConvertArgs& args) {
  const data::SaveOptions save = save_options(args);
  const data::LoadResult loaded = load_input(args.in, args.input);
  data::save_bars(loaded.frame, args.out, save);
  const auto out_format = data::format_from_extension(args.out).value_or(data::BarFormat::csv);
  if (args.json) {
    print_json({{"input", args.in},
                {"input_format", data::to_string(loaded.format)},
                {"output", args.out},
                {"output_format", data::to_string(out_format)},
                {"rows", loaded.frame.size()},
                {"rows_dropped", loaded.report.rows_rejected}});
  } else {
    fmt::print("converted {} bars from {} ({}) to {} ({})", loaded.frame.size(), args.in,
               data::to_string(loaded.format), args.out, data::to_string(out_format));
    if (loaded.report.rows_rejected > 0) {
      fmt::print(", {} invalid rows dropped", loaded.report.rows_rejected);
    }
    fmt::print("\n");
  }
}

void add_convert(CLI::App& data) {
  auto args = std::make_shared<ConvertArgs>();
  auto* cmd = data.add_subcommand("convert",
                                  "Convert bars between CSV, Parquet and the native .qbt format");
  cmd->add_option("IN", args->in, "Input file (.csv, .parquet, .qbt)")->required();
  cmd->add_option("OUT", args->out,
                  "Output file; format from the extension (.qbt, .parquet/.pq, .csv)")
      ->required();
  add_input_options(*cmd, args->input);
  const std::string parquet = "Parquet output";
  cmd->add_option("--codec", args->codec, "Page compression: snappy, zstd, gzip, lz4_raw, none")
      ->capture_default_str()
      ->group(parquet);
  cmd->add_option("--compression-level", args->compression_level,
                  "Codec level (zstd 1-22, gzip 1-9; 0: the codec's default)")
      ->capture_default_str()
      ->group(parquet);
  cmd->add_flag("--no-dictionary", args->no_dictionary,
                "Write values PLAIN (by default columns are dictionary-encoded when it pays)")
      ->group(parquet);
  cmd->add_option("--row-group-rows", args->row_group_rows, "Rows per row group")
      ->capture_default_str()
      ->group(parquet);
  cmd->add_flag("--float32", args->float32,
                "Store open/high/low/close as 32-bit floats (about 7 significant digits: "
                "prices are rounded to the nearest float; volume and time stay exact)")
      ->group(parquet);
  cmd->add_flag("--json", args->json, "Print a JSON summary");
  cmd->callback([args] { run_convert(*args); });
}

// ---- resample ---------------------------------------------------------------------------------

struct ResampleArgs {
  std::string in;
  std::string to;
  std::string out;
  std::string label = "left";
  std::string closed = "left";
  std::string offset = "0s";
  InputOptions input;
  bool json = false;
};

void run_resample(const ResampleArgs& args) {
  const data::LoadResult loaded = load_input(args.in, args.input);
  data::ResampleOptions options;
  options.to = parse_frequency_flag("--to", args.to);
  options.label = data::parse_resample_label(args.label).value();
  options.closed = data::parse_resample_closed(args.closed).value();
  if (args.offset != "0s" && args.offset != "0") {
    options.offset = parse_frequency_flag("--offset", args.offset).ns();
  }
  const data::BarFrame resampled = data::resample(loaded.frame, options);
  data::save_bars(resampled, args.out);
  if (args.json) {
    print_json({{"input", args.in},
                {"output", args.out},
                {"rows_in", loaded.frame.size()},
                {"rows_out", resampled.size()},
                {"to", options.to.to_string()},
                {"label", args.label},
                {"closed", args.closed}});
  } else {
    fmt::print("resampled {} bars to {} {} bars in {}\n", loaded.frame.size(), resampled.size(),
               options.to.to_string(), args.out);
  }
}

void add_resample(CLI::App& data) {
  auto args = std::make_shared<ResampleArgs>();
  auto* cmd = data.add_subcommand("resample", "Aggregate bars to a coarser frequency");
  cmd->add_option("IN", args->in, "Input file")->required();
  cmd->add_option("--to", args->to, "Target frequency: 5min, 1h, 1d, 1w, ...")->required();
  cmd->add_option("--out", args->out, "Output file (.qbt, .parquet, .csv)")->required();
  cmd->add_option("--label", args->label,
                  "Bar timestamp: left (bin start), right (bin end), last (last source bar)")
      ->check(CLI::IsMember({"left", "right", "last"}))
      ->capture_default_str();
  cmd->add_option("--closed", args->closed,
                  "Closed side of each bin: left [start, end) or right (start, end]")
      ->check(CLI::IsMember({"left", "right"}))
      ->capture_default_str();
  cmd->add_option("--offset", args->offset, "Shift bin edges, e.g. 30min to align hours to 09:30")
      ->capture_default_str();
  add_input_options(*cmd, args->input);
  cmd->add_flag("--json", args->json, "Print a JSON summary");
  cmd->callback([args] { run_resample(*args); });
}

// ---- info -------------------------------------------------------------------------------------

struct InfoArgs {
  std::string file;
  InputOptions input;
  bool json = false;
};

ordered_json validation_json(const data::ValidationReport& report) {
  ordered_json issues = ordered_json::object();
  for (std::size_t i = 0; i < data::k_bar_issue_count; ++i) {
    if (report.counts[i] > 0) {
      issues[data::to_string(static_cast<data::BarIssue>(i))] = report.counts[i];
    }
  }
  return {{"rows_checked", report.rows_checked},
          {"rows_rejected", report.rows_rejected},
          {"issues", issues},
          {"messages", report.messages}};
}

bool is_parquet(const std::string& path) {
  return data::parquet::is_parquet_file(path) ||
         data::format_from_extension(path) == data::BarFormat::parquet;
}

/// The file-level facts of a Parquet file: row groups, codec, writer, columns.
ordered_json parquet_json(const data::parquet::ParquetFile& file) {
  ordered_json columns = ordered_json::array();
  for (const data::parquet::ColumnDescriptor& column : file.columns()) {
    ordered_json c = {{"name", column.name},
                      {"physical_type", data::parquet::to_string(column.physical)},
                      {"type", data::parquet::to_string(column.kind)},
                      {"nullable", column.nullable}};
    if (column.time_unit != data::parquet::TimeUnit::none) {
      c["time_unit"] = data::parquet::to_string(column.time_unit);
    }
    c["codec"] = column.codec ? data::parquet::to_string(*column.codec) : "unsupported";
    if (!column.unsupported.empty()) {
      c["unsupported"] = column.unsupported;
    }
    columns.push_back(std::move(c));
  }
  ordered_json row_groups = ordered_json::array();
  for (std::size_t i = 0; i < file.row_group_count(); ++i) {
    row_groups.push_back(file.row_group_rows(i));
  }
  return {{"created_by", file.created_by()},
          {"rows", file.rows()},
          {"row_groups", row_groups},
          {"columns", columns}};
}

void print_parquet(const ordered_json& parquet) {
  const auto& row_groups = parquet["row_groups"];
  fmt::print("parquet     {} row group{}, written by {}\n", row_groups.size(),
             row_groups.size() == 1 ? "" : "s", parquet["created_by"].get<std::string>());
  for (const auto& column : parquet["columns"]) {
    fmt::print("  {:<12} {:<10} {:<12} {}{}\n", column["name"].get<std::string>(),
               column["physical_type"].get<std::string>(), column["type"].get<std::string>(),
               column["codec"].get<std::string>(), column["nullable"].get<bool>() ? ", nullable" : "");
  }
}

/// A long-format Parquet file (several symbols) without --symbol: one line per symbol.
bool info_symbols(const InfoArgs& args, const data::parquet::ParquetFile& file,
                  const ordered_json& parquet) {
  const bool has_symbol_column =
      std::any_of(file.columns().begin(), file.columns().end(), [](const auto& column) {
        return column.kind == data::parquet::ColumnKind::string && ascii_lower(column.name) == "symbol";
      });
  if (!has_symbol_column || !args.input.symbol.empty()) {
    return false;
  }
  data::LoadOptions load = load_options(args.input);
  load.parquet.start = load.from;
  load.parquet.end = load.until;
  const std::vector<data::BarFrame> frames = file.read_symbols(load.parquet);
  if (frames.size() < 2) {
    return false;
  }
  ordered_json symbols = ordered_json::array();
  for (const data::BarFrame& frame : frames) {
    const bool date_only = is_date_only(frame);
    ordered_json s = {{"symbol", frame.symbol()}, {"rows", frame.size()}};
    if (!frame.empty()) {
      s["first"] = format_time(frame.timestamps().front(), date_only);
      s["last"] = format_time(frame.timestamps().back(), date_only);
    }
    symbols.push_back(std::move(s));
  }
  if (args.json) {
    print_json({{"file", args.file}, {"format", "parquet"}, {"symbols", symbols}, {"parquet", parquet}});
    return true;
  }
  fmt::print("file        {} (parquet, long format)\n", args.file);
  fmt::print("symbols     {} (pick one with --symbol)\n", symbols.size());
  for (const auto& s : symbols) {
    fmt::print("  {:<12} {:>10} rows  {} .. {}\n", s["symbol"].get<std::string>(),
               s["rows"].get<std::size_t>(), s.value("first", ""), s.value("last", ""));
  }
  print_parquet(parquet);
  return true;
}

void run_info(const InfoArgs& args) {
  std::optional<ordered_json> parquet;
  if (is_parquet(args.file)) {
    const auto file = data::parquet::ParquetFile::open(args.file);
    parquet = parquet_json(file);
    if (info_symbols(args, file, *parquet)) {
      return;
    }
  }
  const data::LoadResult loaded = load_input(args.file, args.input);
  const data::BarFrame& frame = loaded.frame;
  data::DataSummary summary = data::summarize(frame);
  // Rows the loader dropped by policy are part of the file's validation story.
  data::ValidationReport validation = loaded.report;
  validation.rows_checked = std::max(validation.rows_checked, summary.validation.rows_checked);
  validation.rows_rejected += summary.validation.rows_rejected;
  for (std::size_t i = 0; i < data::k_bar_issue_count; ++i) {
    validation.counts[i] += summary.validation.counts[i];
  }
  const bool date_only = is_date_only(frame);
  if (args.json) {
    ordered_json out = {{"file", args.file},
                        {"format", data::to_string(loaded.format)},
                        {"symbol", frame.symbol()},
                        {"rows", summary.rows}};
    if (summary.rows > 0) {
      out["first"] = format_time(summary.first, date_only);
      out["last"] = format_time(summary.last, date_only);
      out["span"] = format_duration(summary.last - summary.first);
    }
    out["frequency"] = summary.frequency.to_string();
    out["gaps"] = summary.gaps;
    out["largest_gap"] = format_duration(summary.largest_gap_ns);
    if (summary.largest_gap_ns > 0) {
      out["largest_gap_after"] = format_time(summary.largest_gap_start, date_only);
    }
    if (summary.rows > 0) {
      out["min_low"] = summary.min_low;
      out["max_high"] = summary.max_high;
    }
    out["total_volume"] = summary.total_volume;
    out["validation"] = validation_json(validation);
    if (parquet) {
      out["parquet"] = *parquet;
    }
    print_json(out);
    return;
  }
  fmt::print("file        {} ({})\n", args.file, data::to_string(loaded.format));
  fmt::print("symbol      {}\n", frame.symbol());
  fmt::print("rows        {}\n", summary.rows);
  if (summary.rows > 0) {
    fmt::print("first       {}\n", format_time(summary.first, date_only));
    fmt::print("last        {}\n", format_time(summary.last, date_only));
    fmt::print("span        {}\n", format_duration(summary.last - summary.first));
  }
  fmt::print("frequency   {}\n", summary.frequency.to_string());
  if (summary.largest_gap_ns > 0) {
    fmt::print("gaps        {} longer than one bar; largest {} after {}\n", summary.gaps,
               format_duration(summary.largest_gap_ns),
               format_time(summary.largest_gap_start, date_only));
  } else {
    fmt::print("gaps        {}\n", summary.gaps);
  }
  if (summary.rows > 0) {
    fmt::print("price range {} .. {}\n", summary.min_low, summary.max_high);
    fmt::print("volume      {}\n", summary.total_volume);
  }
  if (validation.clean()) {
    fmt::print("validation  ok: {} rows, no problems\n", validation.rows_checked);
  } else {
    fmt::print("validation  {} of {} rows rejected\n", validation.rows_rejected,
               validation.rows_checked);
    for (std::size_t i = 0; i < data::k_bar_issue_count; ++i) {
      if (validation.counts[i] > 0) {
        fmt::print("  {:<22} {}\n", data::to_string(static_cast<data::BarIssue>(i)),
                   validation.counts[i]);
      }
    }
    for (const std::string& message : validation.messages) {
      fmt::print("  - {}\n", message);
    }
  }
  if (parquet) {
    print_parquet(*parquet);
  }
}

void add_info(CLI::App& data) {
  auto args = std::make_shared<InfoArgs>();
  args->input.policy = "skip";
  auto* cmd = data.add_subcommand(
      "info", "Show rows, span, frequency, gaps and a validation summary of a bar file");
  cmd->add_option("FILE", args->file, "Bar file (.csv, .txt, .parquet, .qbt)")->required();
  add_input_options(*cmd, args->input);
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->callback([args] { run_info(*args); });
}

}  // namespace

void register_data_command(CLI::App& app) {
  auto* data = app.add_subcommand("data", "Generate, convert, resample and inspect bar data");
  data->require_subcommand(1);
  add_generate(*data);
  add_convert(*data);
  add_resample(*data);
  add_info(*data);
}

}  // namespace qbt::cli
