#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "qbt/bench_suite/compare.hpp"
#include "qbt/bench_suite/history.hpp"
#include "qbt/bench_suite/report.hpp"
#include "qbt/bench_suite/run_record.hpp"
#include "qbt/bench_suite/runner.hpp"
#include "qbt/bench_suite/suite.hpp"
#include "qbt/core/error.hpp"

namespace qbt::cli {

namespace {

namespace bs = qbt::bench_suite;

constexpr const char* k_history_help =
    "Benchmark history database (default: $XDG_CACHE_HOME/qbt/bench_history.sqlite, else "
    "~/.cache/qbt/bench_history.sqlite)";

std::filesystem::path history_path(const std::string& flag) {
  return flag.empty() ? bs::default_history_path() : std::filesystem::path(flag);
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.flush();
  if (!out) {
    throw IoError("cannot write the file", ErrorLocation{path});
  }
}

struct RunArgs {
  bool quick = false;
  std::string filter;
  std::string json;
  std::string history;
  bool no_history = false;
  std::string scratch;
};

void run_bench(const RunArgs& args) {
  const bs::SuiteMode mode = args.quick ? bs::SuiteMode::quick : bs::SuiteMode::full;
  const std::vector<bs::Workload> workloads =
      bs::select_workloads(bs::standard_workloads(mode), args.filter);
  // Open the history first, so a bad path fails before minutes of measuring.
  std::optional<bs::History> history;
  if (!args.no_history) {
    history.emplace(history_path(args.history), bs::HistoryAccess::read_write);
  }
  const bool json_to_stdout = args.json == "-";

  bs::SuiteOptions options;
  options.mode = mode;
  options.filter = args.filter;
  options.scratch_root = args.scratch;
  options.on_start = [](const bs::Workload& workload, std::size_t index, std::size_t count) {
    fmt::print(stderr, "[{:>2}/{}] {} ...", index + 1, count, workload.name);
    std::fflush(stderr);
  };
  options.on_done = [](const bs::WorkloadResult& result, std::size_t, std::size_t) {
    if (result.ok()) {
      fmt::print(stderr, " {} ({})\n", bs::format_target_value(result.median_seconds, "s"),
                 bs::format_rate(result.rate, result.rate_unit));
    } else {
      fmt::print(stderr, " {}: {}\n", bs::to_string(result.status), result.note);
    }
  };
  bs::RunRecord run = bs::run_suite(workloads, options);

  if (history) {
    run.id = history->append(run);
  }
  if (json_to_stdout) {
    fmt::print("{}\n", bs::to_json(run));
  } else {
    if (!args.json.empty()) {
      bs::write_run_record(run, args.json);
    }
    fmt::print("qbt bench ({} mode) on {}, {} ({} logical CPUs), {} build, commit {}\n\n",
               bs::to_string(run.mode), run.machine.hostname, run.machine.cpu_model,
               run.machine.logical_cpus, run.machine.build_type, run.machine.git_commit);
    fmt::print("{}\n{}", bs::format_results_table(run), bs::format_targets_table(run.targets));
    if (run.busy()) {
      fmt::print("\nwarning: the machine was busy (load average {:.1f} on {} logical CPUs when the "
                 "run started): timings are noisy\n",
                 run.load_start, run.machine.logical_cpus);
    }
    fmt::print("\n{} workloads in {:.1f} s", run.workloads.size(), run.wall_seconds);
    if (history) {
      fmt::print("; stored as run {} in {}", run.id, history->path().string());
    }
    if (!args.json.empty()) {
      fmt::print("; results in {}", args.json);
    }
    fmt::print("\n");
  }

  std::string failed;
  for (const bs::WorkloadResult& result : run.workloads) {
    if (result.status == bs::WorkloadStatus::failed) {
      failed += fmt::format("{}{} ({})", failed.empty() ? "" : ", ", result.name, result.note);
    }
  }
  if (!failed.empty()) {
    throw InternalError("benchmark workloads failed: " + failed);
  }
}

struct CompareArgs {
  std::string baseline;
  std::string current;
  std::string threshold = "10%";
  std::string history;
  bool fail_on_regression = false;
};

void run_compare(const CompareArgs& args) {
  bs::CompareOptions options;
  options.threshold = bs::parse_threshold(args.threshold);
  const bool needs_history = args.current.empty() || args.baseline == "latest";
  std::optional<bs::History> history;
  if (needs_history) {
    history.emplace(history_path(args.history), bs::HistoryAccess::read);
  }

  bs::RunRecord current;
  if (!args.current.empty()) {
    current = bs::read_run_record(args.current);
  } else {
    std::optional<bs::RunRecord> latest = history->latest();
    if (!latest) {
      throw UserInputError(fmt::format("the benchmark history {} holds no run to compare",
                                       history->path().string()));
    }
    current = std::move(*latest);
  }

  bs::RunRecord baseline;
  if (args.baseline == "latest") {
    std::optional<bs::RunRecord> latest = history->latest(current.mode, current.id);
    if (!latest) {
      throw UserInputError(fmt::format(
          "--baseline latest: the benchmark history {} holds no earlier {} run than {}",
          history->path().string(), bs::to_string(current.mode),
          current.id > 0 ? fmt::format("run {}", current.id) : std::string("the current one")));
    }
    baseline = std::move(*latest);
  } else {
    baseline = bs::read_run_record(args.baseline);
  }

  const auto describe = [](const bs::RunRecord& run, const std::string& file) {
    return fmt::format("{} ({} mode, {}, commit {})",
                       file.empty() ? fmt::format("run {}", run.id) : file,
                       bs::to_string(run.mode), run.timestamp,
                       run.machine.git_commit.substr(0, 12));
  };
  fmt::print("baseline: {}\ncurrent:  {}\n\n",
             describe(baseline, args.baseline == "latest" ? "" : args.baseline),
             describe(current, args.current));
  const bs::Comparison comparison = bs::compare_runs(baseline, current, options);
  fmt::print("{}", bs::format_comparison(comparison, options));

  std::string names;
  for (const bs::MetricComparison& row : comparison.rows) {
    const bool counts = row.verdict == bs::Verdict::alert ||
                        (args.fail_on_regression && row.verdict == bs::Verdict::regression);
    if (counts) {
      names += fmt::format("{}{} ({:.2f}x)", names.empty() ? "" : ", ", row.metric, row.slowdown);
    }
  }
  if (comparison.has_alert()) {
    throw DataError(fmt::format("performance alert: {} metric(s) {:g}x worse than the baseline "
                                "or more: {}",
                                comparison.alerts, options.alert_factor, names));
  }
  if (args.fail_on_regression && comparison.regressions > 0) {
    throw DataError(fmt::format("{} regression(s) over {}: {}", comparison.regressions,
                                args.threshold, names));
  }
}

struct ReportArgs {
  std::string format = "md";
  std::string out;
  std::string history;
  std::string input;
  std::size_t trend = 20;
};

void run_report(const ReportArgs& args) {
  const std::optional<bs::ReportFormat> format = bs::parse_report_format(args.format);
  if (!format) {
    throw UserInputError(fmt::format("--format '{}' must be md or html", args.format));
  }
  const std::filesystem::path path = history_path(args.history);
  std::optional<bs::History> history;
  if (args.input.empty() || std::filesystem::exists(path)) {
    history.emplace(path, bs::HistoryAccess::read);
  }
  bs::RunRecord run;
  if (!args.input.empty()) {
    run = bs::read_run_record(args.input);
  } else {
    std::optional<bs::RunRecord> latest = history->latest();
    if (!latest) {
      throw UserInputError(
          fmt::format("the benchmark history {} holds no run to report", path.string()));
    }
    run = std::move(*latest);
  }
  std::vector<bs::WorkloadTrend> trends;
  if (history) {
    for (const bs::WorkloadResult& result : run.workloads) {
      if (result.ok()) {
        trends.push_back(history->trend(result.name, run.machine.hostname, args.trend));
      }
    }
  }
  const std::string text = bs::render_report(run, trends, *format);
  if (args.out.empty()) {
    fmt::print("{}", text);
  } else {
    write_text(args.out, text);
    fmt::print("wrote the benchmark report to {}\n", args.out);
  }
}

void run_list(bool quick) {
  for (const bs::Workload& workload :
       bs::standard_workloads(quick ? bs::SuiteMode::quick : bs::SuiteMode::full)) {
    fmt::print("{:<32} {}{}\n", workload.name, workload.description,
               workload.pending.empty() ? "" : " (pending: " + workload.pending + ")");
  }
}

void add_run(CLI::App& bench) {
  auto args = std::make_shared<RunArgs>();
  auto* cmd = bench.add_subcommand(
      "run", "Run the benchmark workloads, print timings and the targets table, store the run");
  cmd->add_flag("--quick", args->quick,
                "Smaller sizes and fewer repetitions: under a minute on 2 cores");
  cmd->add_option("--filter", args->filter,
                  "Run only workloads whose name matches this regular expression");
  cmd->add_option("--json", args->json, "Also write the results as JSON to this file ('-': "
                                        "print only the JSON)");
  cmd->add_option("--history", args->history, k_history_help);
  cmd->add_flag("--no-history", args->no_history, "Do not store the run in the history");
  cmd->add_option("--scratch", args->scratch,
                  "Directory for the workloads' temporary files (default: $TMPDIR or /tmp)");
  cmd->callback([args] { run_bench(*args); });
}

void add_compare(CLI::App& bench) {
  auto args = std::make_shared<CompareArgs>();
  auto* cmd = bench.add_subcommand(
      "compare", "Compare a run with a baseline; exit 1 when a metric is 2x worse or more");
  cmd->add_option("--baseline", args->baseline,
                  "Baseline results: a JSON file from `bench run --json`, or 'latest' (the "
                  "newest earlier run of the same mode in the history)")
      ->required();
  cmd->add_option("--current", args->current,
                  "Results to judge: a JSON file (default: the newest run in the history)");
  cmd->add_option("--threshold", args->threshold,
                  "Flag metrics worse than the baseline by more than this")
      ->capture_default_str();
  cmd->add_option("--history", args->history, k_history_help);
  cmd->add_flag("--fail-on-regression", args->fail_on_regression,
                "Exit 1 on any regression over the threshold, not only on alerts");
  cmd->callback([args] { run_compare(*args); });
}

void add_report(CLI::App& bench) {
  auto args = std::make_shared<ReportArgs>();
  auto* cmd = bench.add_subcommand(
      "report", "Render the newest run: targets, machine baselines, workloads, trend");
  cmd->add_option("--format", args->format, "md or html")
      ->check(CLI::IsMember({"md", "markdown", "html"}))
      ->capture_default_str();
  cmd->add_option("--out", args->out, "Write the report to this file (default: print it)");
  cmd->add_option("--history", args->history, k_history_help);
  cmd->add_option("--input", args->input,
                  "Report this JSON results file instead of the newest stored run");
  cmd->add_option("--trend", args->trend, "Stored runs per workload in the trend")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->callback([args] { run_report(*args); });
}

}  // namespace

void register_bench_command(CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "Benchmark suite: run, compare with a baseline, report");
  bench->require_subcommand(1);
  add_run(*bench);
  add_compare(*bench);
  add_report(*bench);
  auto quick = std::make_shared<bool>(false);
  auto* list = bench->add_subcommand("list", "List the benchmark workloads");
  list->add_flag("--quick", *quick, "The workloads of --quick");
  list->callback([quick] { run_list(*quick); });
}

}  // namespace qbt::cli
