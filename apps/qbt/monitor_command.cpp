#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "qbt/core/error.hpp"
#include "qbt/core/frequency.hpp"
#include "qbt/monitor/alerts.hpp"
#include "qbt/monitor/continuous_monitor.hpp"
#include "qbt/monitor/performance_monitor.hpp"
#include "qbt/monitor/sample.hpp"

#include "command.hpp"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX leaves it undeclared

namespace qbt::cli {

namespace {

using nlohmann::ordered_json;

constexpr std::chrono::milliseconds k_min_interval{1};

struct MonitorArgs {
  std::string interval = "1s";
  std::vector<std::string> alerts;
  std::string out;
  std::string alert_log;
  std::string disk_path = ".";
  bool json = false;
  std::vector<std::string> command;
};

std::chrono::nanoseconds parse_interval(const std::string& text) {
  const auto frequency = Frequency::parse(text);
  if (!frequency || !frequency->regular()) {
    throw UserInputError(fmt::format(
        "--interval must be a duration such as 1s, 500ms or 1min, got {}", quote_excerpt(text)));
  }
  const std::chrono::nanoseconds interval(frequency->ns());
  if (interval < k_min_interval) {
    throw UserInputError(fmt::format("--interval must be at least 1ms, got {}", text));
  }
  return interval;
}

/// Create (truncate) `path` now, so that an unwritable output fails before the child starts.
void check_writable(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) {
    throw IoError(fmt::format("cannot open file for writing: {}", std::strerror(errno)), {path});
  }
  std::fclose(file);
}

/// SIGINT and SIGQUIT from the terminal reach the whole foreground group: the child decides what
/// they mean, and qbt stays to report on it (as `time` does).
class IgnoreTerminalSignals {
public:
  IgnoreTerminalSignals() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    ::sigaction(SIGINT, &ignore, &old_int_);
    ::sigaction(SIGQUIT, &ignore, &old_quit_);
  }
  ~IgnoreTerminalSignals() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGQUIT, &old_quit_, nullptr);
  }
  IgnoreTerminalSignals(const IgnoreTerminalSignals&) = delete;
  IgnoreTerminalSignals& operator=(const IgnoreTerminalSignals&) = delete;

private:
  struct sigaction old_int_ {};
  struct sigaction old_quit_ {};
};

/// Start `command` (searched in PATH) with default SIGINT/SIGQUIT handling; the errno of a
/// failed start otherwise.
std::optional<pid_t> spawn(const std::vector<std::string>& command, int& error) {
  std::vector<char*> argv;
  argv.reserve(command.size() + 1);
  for (const std::string& arg : command) {
    argv.push_back(const_cast<char*>(arg.c_str()));
  }
  argv.push_back(nullptr);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGQUIT);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
  pid_t pid = 0;
  error = ::posix_spawnp(&pid, argv[0], nullptr, &attributes, argv.data(), environ);
  posix_spawnattr_destroy(&attributes);
  if (error != 0) {
    return std::nullopt;
  }
  return pid;
}

/// Wait until `pid` has exited but leave it a zombie, so that its /proc entry stays readable
/// until the sampler has stopped.
void wait_for_exit(pid_t pid) {
  siginfo_t info{};
  while (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) != 0) {
    if (errno != EINTR) {
      throw InternalError(fmt::format("cannot wait for process {}: {}", pid, std::strerror(errno)));
    }
  }
}

/// What the samples of a living child showed (the ring buffer may have dropped the first ones).
struct Observed {
  std::optional<monitor::ResourceUsage> first;
  std::optional<monitor::ResourceUsage> last;
  std::uint64_t peak_rss_bytes = 0;  ///< the largest VmHWM or VmRSS sampled

  void add(const monitor::ResourceUsage& usage) {
    if (!first) {
      first = usage;
    }
    last = usage;
    peak_rss_bytes = std::max({peak_rss_bytes, usage.peak_rss_bytes, usage.rss_bytes});
  }
};

struct ChildResult {
  int exit_code = 0;          ///< the child's, or 128 + signal
  std::optional<int> signal;  ///< the signal that killed it
  rusage usage{};
};

ChildResult reap(pid_t pid) {
  ChildResult result;
  int status = 0;
  while (::wait4(pid, &status, 0, &result.usage) < 0) {
    if (errno != EINTR) {
      throw InternalError(fmt::format("cannot reap process {}: {}", pid, std::strerror(errno)));
    }
  }
  if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
    result.exit_code = 128 + *result.signal;
  } else {
    result.exit_code = WEXITSTATUS(status);
  }
  return result;
}

double seconds_of(const timeval& tv) {
  return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) * 1e-6;
}

std::string command_line(const std::vector<std::string>& command) {
  std::string out;
  for (const std::string& arg : command) {
    if (!out.empty()) {
      out += ' ';
    }
    const bool plain =
        !arg.empty() && arg.find_first_of(" \t\n'\"\\$`*?;&|<>()") == std::string::npos;
    out += plain ? arg : quote_excerpt(arg, 60);
  }
  return out;
}

std::string describe_exit(const ChildResult& child) {
  if (child.signal) {
    return fmt::format("was killed by signal {} ({})", *child.signal, ::strsignal(*child.signal));
  }
  return fmt::format("exited with status {}", child.exit_code);
}

/// qbt's own peak RSS, in bytes.
std::uint64_t own_peak_rss() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
}

/// The child's peak RSS. The kernel's ru_maxrss of the child is exact for its own memory but
/// also covers the address space it started in before exec, which posix_spawn shares with qbt:
/// when it does not exceed qbt's peak at spawn time (plus 1 MB for the spawn's stack), the
/// child's own high-water mark (VmHWM) sampled from /proc is the better figure.
std::uint64_t child_peak_rss(const ChildResult& child, std::uint64_t parent_peak_at_spawn,
                             std::uint64_t sampled_peak) {
  const std::uint64_t kernel_peak = static_cast<std::uint64_t>(child.usage.ru_maxrss) * 1024;
  constexpr std::uint64_t k_spawn_slack = std::uint64_t{1024} * 1024;
  if (kernel_peak <= parent_peak_at_spawn + k_spawn_slack && sampled_peak > 0) {
    return sampled_peak;
  }
  return std::max(kernel_peak, sampled_peak);
}

monitor::RunReport run_report(const std::string& name, double wall_seconds,
                              const ChildResult& child, std::uint64_t parent_peak_at_spawn,
                              const Observed& observed) {
  monitor::RunReport report;
  report.name = name;
  report.wall_seconds = wall_seconds;
  report.user_cpu_seconds = seconds_of(child.usage.ru_utime);
  report.system_cpu_seconds = seconds_of(child.usage.ru_stime);
  report.cpu_percent =
      wall_seconds > 0.0
          ? 100.0 * (report.user_cpu_seconds + report.system_cpu_seconds) / wall_seconds
          : 0.0;
  if (observed.first && observed.last) {
    report.rss_start_bytes = observed.first->rss_bytes;
    report.rss_end_bytes = observed.last->rss_bytes;
    report.rss_delta_bytes = static_cast<std::int64_t>(report.rss_end_bytes) -
                             static_cast<std::int64_t>(report.rss_start_bytes);
  }
  report.peak_rss_bytes = child_peak_rss(child, parent_peak_at_spawn, observed.peak_rss_bytes);
  report.peak_is_run_peak = true;
  return report;
}

ordered_json alerts_json(const monitor::AlertMonitor& alerts) {
  ordered_json out = ordered_json::array();
  for (std::size_t i = 0; i < alerts.rules().size(); ++i) {
    const auto first = alerts.first_fired_at(i);
    const auto extreme = alerts.extreme_value(i);
    out.push_back(
        {{"rule", monitor::to_string(alerts.rules()[i])},
         {"fired", alerts.fired_count(i)},
         {"first_fired_s", first ? ordered_json(std::chrono::duration<double>(*first).count())
                                 : ordered_json(nullptr)},
         {"active_at_exit", alerts.active(i)},
         {"extreme_value", extreme ? ordered_json(*extreme) : ordered_json(nullptr)}});
  }
  return out;
}

void print_summary(const MonitorArgs& args, const ChildResult& child,
                   const monitor::RunReport& report, std::uint64_t samples,
                   const monitor::AlertMonitor& alerts) {
  std::string text =
      fmt::format("qbt monitor: {} {}\n", command_line(args.command), describe_exit(child));
  text += fmt::format("  wall time   {:.2f}s\n", report.wall_seconds);
  text += fmt::format("  cpu time    {:.2f}s user + {:.2f}s system ({:.1f}% of one core)\n",
                      report.user_cpu_seconds, report.system_cpu_seconds, report.cpu_percent);
  text += fmt::format("  peak rss    {}\n",
                      monitor::format_metric_value(monitor::Metric::rss,
                                                   static_cast<double>(report.peak_rss_bytes)));
  text += fmt::format("  samples     {} (every {})\n", samples, args.interval);
  std::string fired;
  for (std::size_t i = 0; i < alerts.rules().size(); ++i) {
    if (alerts.fired_count(i) == 0) {
      continue;
    }
    const monitor::AlertRule& rule = alerts.rules()[i];
    fired += fmt::format(
        "  alert       {} fired {} time{} (first at +{:.1f}s, {} {})\n", monitor::to_string(rule),
        alerts.fired_count(i), alerts.fired_count(i) == 1 ? "" : "s",
        std::chrono::duration<double>(*alerts.first_fired_at(i)).count(),
        rule.threshold.comparison == monitor::Comparison::less ||
                rule.threshold.comparison == monitor::Comparison::less_equal
            ? "min"
            : "max",
        monitor::format_metric_value(rule.metric, alerts.extreme_value(i).value_or(0.0)));
  }
  if (fired.empty()) {
    std::string rules;
    for (const monitor::AlertRule& rule : alerts.rules()) {
      rules += rules.empty() ? "" : ", ";
      rules += monitor::to_string(rule);
    }
    fired = fmt::format("  alerts      none fired ({})\n", rules);
  }
  text += fired;
  fmt::print(stderr, "{}", text);
}

void run_monitor(const MonitorArgs& args) {
  const std::chrono::nanoseconds interval = parse_interval(args.interval);
  std::vector<monitor::AlertRule> rules;
  for (const std::string& text : args.alerts) {
    rules.push_back(monitor::parse_alert_rule(text));
  }
  if (rules.empty()) {
    rules = monitor::default_alert_rules();
  }
  monitor::AlertMonitor alerts(std::move(rules));
  alerts.add_sink(monitor::stderr_alert_sink("qbt monitor: "));
  if (!args.alert_log.empty()) {
    alerts.add_sink(monitor::json_lines_alert_sink(args.alert_log));
  }
  if (!args.out.empty()) {
    check_writable(args.out);
  }
  static_cast<void>(monitor::system_usage(args.disk_path));  // a bad --disk-path fails here

  const std::uint64_t parent_peak_at_spawn = own_peak_rss();
  const auto started = std::chrono::steady_clock::now();
  int spawn_error = 0;
  const std::optional<pid_t> pid = spawn(args.command, spawn_error);
  if (!pid) {
    // As shells and `time` do: 127 when the command is not found, 126 when it cannot run.
    fmt::print(stderr, "qbt: error: cannot run {}: {}\n", quote_excerpt(args.command.front(), 80),
               std::strerror(spawn_error));
    std::exit(spawn_error == ENOENT ? 127 : 126);
  }
  const IgnoreTerminalSignals ignore_signals;

  Observed observed;  // written by the sampling thread until stop() joins it
  std::optional<monitor::ContinuousMonitor> sampler;
  std::string sampling_error;
  try {
    sampler.emplace(interval, monitor::ProcessSampler(*pid, args.disk_path));
    sampler->set_output(args.out);
    // A sample taken between the child's exit and stop() sees a zombie without memory: it
    // says nothing about the run, so it neither clears alerts nor ends the RSS figures.
    sampler->set_listener([&alerts, &observed](const monitor::Sample& sample) {
      if (!sample.process.zombie()) {
        alerts.observe(sample);
        observed.add(sample.process);
      }
    });
    sampler->start();
  } catch (const Error& e) {
    sampling_error = e.what();
    sampler.reset();
  }
  wait_for_exit(*pid);
  const auto exited = std::chrono::steady_clock::now();
  std::uint64_t sample_count = 0;
  if (sampler) {
    try {
      sampler->stop();
    } catch (const Error& e) {
      sampling_error = e.what();
    }
    sample_count = sampler->sample_count();
  }
  const ChildResult child = reap(*pid);
  if (!sampling_error.empty()) {
    fmt::print(stderr, "qbt monitor: warning: sampling stopped early: {}\n", sampling_error);
  }

  const double wall_seconds = std::chrono::duration<double>(exited - started).count();
  const monitor::RunReport report =
      run_report(command_line(args.command), wall_seconds, child, parent_peak_at_spawn, observed);
  if (args.json) {
    const ordered_json out{
        {"command", args.command},
        {"exit_code", child.exit_code},
        {"signal", child.signal ? ordered_json(*child.signal) : ordered_json(nullptr)},
        {"run", monitor::to_json(report)},
        {"interval_s", std::chrono::duration<double>(interval).count()},
        {"samples", sample_count},
        {"alerts", alerts_json(alerts)},
    };
    fmt::print("{}\n", out.dump(2));
  } else {
    print_summary(args, child, report, sample_count, alerts);
  }
  if (child.exit_code != 0) {
    std::fflush(stdout);
    std::fflush(stderr);
    std::exit(child.exit_code);
  }
}

}  // namespace

void register_monitor_command(CLI::App& app) {
  auto args = std::make_shared<MonitorArgs>();
  auto* cmd = app.add_subcommand(
      "monitor", "Run a command and monitor it: CPU, memory, alerts; exits with its exit code");
  cmd->add_option("--interval", args->interval, "Sampling interval: 1s, 500ms, 1min, ...")
      ->capture_default_str();
  cmd->add_option("--alert", args->alerts,
                  "Alert rule METRIC>VALUE[:DURATION], e.g. 'rss>64GB', 'cpu>95%:60s', "
                  "'disk<10GB' (repeatable; default: those three)")
      ->allow_extra_args(false);
  cmd->add_option("--out", args->out, "Write every sample to this JSON-lines file");
  cmd->add_option("--alert-log", args->alert_log, "Write alert events to this JSON-lines file");
  cmd->add_option("--disk-path", args->disk_path, "Watch the free disk space of this path")
      ->capture_default_str();
  cmd->add_flag("--json", args->json, "Print the summary as JSON on stdout");
  cmd->add_option("COMMAND", args->command, "The command to run, after --")->required();
  cmd->footer(
      "Example: qbt monitor --alert 'rss>8GB' -- qbt data generate --bars 1000000 --out bars.qbt");
  cmd->callback([args] { run_monitor(*args); });
}

}  // namespace qbt::cli
