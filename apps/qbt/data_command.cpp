#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "input_options.hpp"
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

Timestamp parse_time_flag(const std::string& flag, const std::string& text) {
  const TimestampParser parser;
  const TimestampResult result = parser.parse(text);
  if (!result.ok()) {
    throw UserInputError(fmt::format("{} must be an ISO 8601 date or date-time, got '{}': {}", flag,
                                     text, parser.explain(result)));
  }
  return result.value;
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
  cmd->add_option("--out", args->out, "Output file (.qbt native, .csv)")->required();
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
  bool json = false;
};

void run_convert(const ConvertArgs& args) {
  const data::LoadResult loaded = load_input(args.in, args.input);
  data::save_bars(loaded.frame, args.out);
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
  auto* cmd = data.add_subcommand("convert", "Convert bars between CSV and the native .qbt format");
  cmd->add_option("IN", args->in, "Input file")->required();
  cmd->add_option("OUT", args->out, "Output file; format from the extension (.qbt, .csv)")
      ->required();
  add_input_options(*cmd, args->input);
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
  cmd->add_option("--out", args->out, "Output file (.qbt, .csv)")->required();
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

void run_info(const InfoArgs& args) {
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
}

void add_info(CLI::App& data) {
  auto args = std::make_shared<InfoArgs>();
  args->input.policy = "skip";
  auto* cmd = data.add_subcommand(
      "info", "Show rows, span, frequency, gaps and a validation summary of a bar file");
  cmd->add_option("FILE", args->file, "Bar file (.csv, .txt, .qbt)")->required();
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
