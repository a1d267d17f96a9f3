#include "qbt/bench_suite/report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "qbt/bench_suite/detail/table.hpp"

namespace qbt::bench_suite {

namespace {

std::string seconds_text(double seconds) { return format_target_value(seconds, "s"); }


std::string megabytes(std::int64_t bytes) {
  return bytes > 0 ? fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6) : "-";
}

std::string short_commit(const std::string& commit) {
  return commit.size() == 40 ? commit.substr(0, 12) : commit;
}

detail::Table targets_table(std::span<const TargetRow> rows) {
  detail::Table table;
  table.headers = {"metric", "seed target", "critical", "qbt target", "measured", "status",
                   "note"};
  table.right = {false, true, true, true, true, false, false};
  for (const TargetRow& r : rows) {
    const bool lower = r.better == Better::lower;
    table.rows.push_back({r.metric, format_threshold(r.seed_target, r.unit, lower),
                          format_threshold(r.critical, r.unit, !lower),
                          format_threshold(r.qbt_target, r.unit, lower),
                          format_target_value(r.measured, r.unit), to_string(r.status), r.note});
  }
  return table;
}

detail::Table results_table(const RunRecord& run, bool machine_only) {
  detail::Table table;
  table.headers = {"workload", "median", "min", "rate", "CPU/wall", "peak RSS", "checksum",
                   "status"};
  table.right = {false, true, true, true, true, true, false, false};
  for (const WorkloadResult& r : run.workloads) {
    if ((group_of(r.name) == "machine") != machine_only) {
      continue;
    }
    const double parallelism = r.cpu_seconds / r.median_seconds;
    std::string status = to_string(r.status);
    if (!r.note.empty()) {
      status += ": " + r.note;
    }
    table.rows.push_back({r.name, seconds_text(r.median_seconds), seconds_text(r.min_seconds),
                          format_rate(r.rate, r.rate_unit),
                          std::isnan(parallelism) ? "-" : fmt::format("{:.2f}", parallelism),
                          megabytes(r.peak_rss_bytes), r.checksum, status});
  }
  return table;
}

detail::Table baselines_table(const RunRecord& run) {
  detail::Table table;
  table.headers = {"baseline", "measured", "what"};
  table.right = {false, true, false};
  for (const WorkloadResult& r : run.workloads) {
    if (group_of(r.name) == "machine") {
      table.rows.push_back({r.name.substr(r.name.find('.') + 1),
                            r.ok() ? format_rate(r.rate, r.rate_unit) : to_string(r.status),
                            r.description});
    }
  }
  return table;
}

detail::Table machine_table(const RunRecord& run) {
  const MachineInfo& m = run.machine;
  detail::Table table;
  table.headers = {"", ""};
  table.rows = {
      {"CPU", m.cpu_model},
      {"cores", fmt::format("{} physical, {} logical", m.physical_cores, m.logical_cpus)},
      {"memory", fmt::format("{:.1f} GiB", static_cast<double>(m.memory_bytes) / (1 << 30))},
      {"OS", m.os},
      {"host", m.hostname},
      {"compiler", m.compiler},
      {"build type", m.build_type},
      {"qbt", m.qbt_version},
      {"git commit", m.git_commit},
  };
  return table;
}

std::string svg_sparkline(std::span<const double> values) {
  constexpr double k_width = 120.0;
  constexpr double k_height = 24.0;
  std::vector<std::pair<std::size_t, double>> points;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isnan(values[i])) {
      points.emplace_back(i, values[i]);
    }
  }
  if (points.empty()) {
    return "-";
  }
  double low = points.front().second;
  double high = low;
  for (const auto& [i, v] : points) {
    low = std::min(low, v);
    high = std::max(high, v);
  }
  std::string coordinates;
  const double step = values.size() > 1 ? k_width / static_cast<double>(values.size() - 1) : 0.0;
  for (const auto& [i, v] : points) {
    const double y = high > low ? (high - v) / (high - low) * (k_height - 4.0) + 2.0
                                : k_height / 2.0;
    coordinates += fmt::format("{}{:.1f},{:.1f}", coordinates.empty() ? "" : " ",
                               static_cast<double>(i) * step, y);
  }
  return fmt::format(
      "<svg width=\"{0}\" height=\"{1}\" viewBox=\"-2 0 {2} {1}\"><polyline fill=\"none\" "
      "stroke=\"#36c\" stroke-width=\"1.5\" points=\"{3}\"/></svg>",
      k_width, k_height, k_width + 4.0, coordinates);
}

detail::Table trend_table(std::span<const WorkloadTrend> trends, ReportFormat format) {
  detail::Table table;
  table.headers = {"workload", "runs", "first", "best", "last", "last vs first",
                   "median time, oldest to newest"};
  table.right = {false, true, true, true, true, true, false};
  for (const WorkloadTrend& trend : trends) {
    if (trend.points.empty()) {
      continue;
    }
    std::vector<double> seconds;
    for (const TrendPoint& point : trend.points) {
      seconds.push_back(point.median_seconds);
    }
    const double first = seconds.front();
    const double last = seconds.back();
    const double best = *std::min_element(seconds.begin(), seconds.end(), [](double a, double b) {
      return std::isnan(b) || (!std::isnan(a) && a < b);
    });
    table.rows.push_back(
        {trend.workload, fmt::format("{}", trend.points.size()), seconds_text(first),
         seconds_text(best), seconds_text(last),
         first > 0.0 ? fmt::format("{:+.1f}%", (last / first - 1.0) * 100.0) : "-",
         format == ReportFormat::html ? svg_sparkline(seconds) : sparkline(seconds)});
  }
  return table;
}

std::string run_heading(const RunRecord& run) {
  return fmt::format("{} run{} of {} on {}, commit {}, {:.0f} s, load average {:.1f} to {:.1f}{}{}",
                     to_string(run.mode), run.id > 0 ? fmt::format(" {}", run.id) : "",
                     run.timestamp, run.machine.hostname, short_commit(run.machine.git_commit),
                     run.wall_seconds, run.load_start, run.load_end,
                     run.busy() ? " (busy machine: timings are noisy)" : "",
                     run.filter.empty() ? "" : fmt::format(", filter '{}'", run.filter));
}

constexpr const char* k_trend_note =
    "Median time per run of each workload in the stored runs on this host (lower is better).";

std::string render_markdown(const RunRecord& run, std::span<const WorkloadTrend> trends) {
  std::string out = "# qbt benchmark report\n\n";
  out += run_heading(run) + ".\n\n";
  out += "## Targets\n\n" + detail::render_markdown(targets_table(run.targets)) + "\n";
  out += "PASS meets the seed's target and qbt's own; WARN misses one of them; FAIL is beyond "
         "the critical threshold.\n\n";
  out += "## Machine\n\n" + detail::render_markdown(machine_table(run)) + "\n";
  out += "## Machine baselines\n\n" + detail::render_markdown(baselines_table(run)) + "\n";
  out += "## Workloads\n\n" + detail::render_markdown(results_table(run, false)) + "\n";
  out += "## Trend\n\n";
  const detail::Table trend = trend_table(trends, ReportFormat::markdown);
  out += trend.rows.empty() ? "No stored runs to show a trend.\n"
                            : std::string(k_trend_note) + "\n\n" + detail::render_markdown(trend);
  return out;
}

std::string render_html(const RunRecord& run, std::span<const WorkloadTrend> trends) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>qbt benchmark report</title>\n<style>\n"
      "body{font-family:system-ui,sans-serif;margin:2em;color:#222}\n"
      "table{border-collapse:collapse;margin-bottom:1.5em}\n"
      "th,td{border:1px solid #ccc;padding:0.25em 0.6em;text-align:left}\n"
      "th{background:#f3f3f3}\ntd.num{text-align:right;font-variant-numeric:tabular-nums}\n"
      "</style>\n</head>\n<body>\n<h1>qbt benchmark report</h1>\n";
  out += "<p>" + detail::escape_html(run_heading(run)) + ".</p>\n";
  out += "<h2>Targets</h2>\n" + detail::render_html(targets_table(run.targets));
  out += "<p>PASS meets the seed's target and qbt's own; WARN misses one of them; FAIL is beyond "
         "the critical threshold.</p>\n";
  out += "<h2>Machine</h2>\n" + detail::render_html(machine_table(run));
  out += "<h2>Machine baselines</h2>\n" + detail::render_html(baselines_table(run));
  out += "<h2>Workloads</h2>\n" + detail::render_html(results_table(run, false));
  out += "<h2>Trend</h2>\n";
  const detail::Table trend = trend_table(trends, ReportFormat::html);
  out += trend.rows.empty() ? "<p>No stored runs to show a trend.</p>\n"
                            : "<p>" + std::string(k_trend_note) + "</p>\n" +
                                  detail::render_html(trend);
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace

std::optional<ReportFormat> parse_report_format(std::string_view text) noexcept {
  if (text == "md" || text == "markdown") {
    return ReportFormat::markdown;
  }
  if (text == "html") {
    return ReportFormat::html;
  }
  return std::nullopt;
}

std::string format_results_table(const RunRecord& run) {
  std::string out = detail::render_text(results_table(run, false));
  const detail::Table machine = results_table(run, true);
  if (!machine.rows.empty()) {
    out += '\n' + detail::render_text(machine);
  }
  return out;
}

std::string format_targets_table(std::span<const TargetRow> rows) {
  return detail::render_text(targets_table(rows));
}

std::string render_report(const RunRecord& run, std::span<const WorkloadTrend> trends,
                          ReportFormat format) {
  return format == ReportFormat::html ? render_html(run, trends) : render_markdown(run, trends);
}

std::string format_rate(double rate, std::string_view unit) {
  if (std::isnan(rate)) {
    return "-";
  }
  return std::abs(rate) >= 1e4 ? fmt::format("{:.0f} {}", rate, unit)
                               : fmt::format("{:.4g} {}", rate, unit);
}

std::string sparkline(std::span<const double> values) {
  static constexpr std::array<const char*, 8> k_blocks = {"▁", "▂", "▃", "▄",
                                                          "▅", "▆", "▇", "█"};
  double low = std::numeric_limits<double>::infinity();
  double high = -low;
  for (const double v : values) {
    if (!std::isnan(v)) {
      low = std::min(low, v);
      high = std::max(high, v);
    }
  }
  std::string out;
  for (const double v : values) {
    if (std::isnan(v)) {
      out += ' ';
    } else if (!(high > low)) {
      out += k_blocks[3];
    } else {
      const auto level = static_cast<std::size_t>(std::lround((v - low) / (high - low) * 7.0));
      out += k_blocks[std::min<std::size_t>(level, 7)];
    }
  }
  return out;
}

}  // namespace qbt::bench_suite
