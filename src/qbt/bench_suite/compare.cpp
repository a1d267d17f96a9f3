#include "qbt/bench_suite/compare.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "qbt/bench_suite/detail/table.hpp"
#include "qbt/core/error.hpp"

namespace qbt::bench_suite {

namespace {

std::string format_metric_value(double value, std::string_view unit) {
  if (std::isnan(value)) {
    return "-";
  }
  if (unit == "bytes") {
    return fmt::format("{:.1f} MB", value / 1e6);
  }
  return format_target_value(value, unit);
}

std::string format_change(double ratio) {
  if (std::isnan(ratio)) {
    return "-";
  }
  return fmt::format("{:+.1f}%", (ratio - 1.0) * 100.0);
}

}  // namespace

const char* to_string(Verdict verdict) noexcept {
  switch (verdict) {
    case Verdict::ok: return "ok";
    case Verdict::improved: return "improved";
    case Verdict::regression: return "REGRESSION";
    case Verdict::alert: return "ALERT";
    case Verdict::info: return "info";
    case Verdict::added: return "new";
    case Verdict::missing: return "missing";
  }
  return "ok";
}

double slowdown(Better better, double baseline, double current) {
  if (!(baseline > 0.0) || !(current > 0.0) || std::isinf(baseline) || std::isinf(current)) {
    return k_not_measured;
  }
  return better == Better::lower ? current / baseline : baseline / current;
}

Verdict classify(double factor, const CompareOptions& options) {
  if (std::isnan(factor)) {
    return Verdict::ok;
  }
  if (factor >= options.alert_factor) {
    return Verdict::alert;
  }
  if (factor > 1.0 + options.threshold) {
    return Verdict::regression;
  }
  if (factor < 1.0 / (1.0 + options.threshold)) {
    return Verdict::improved;
  }
  return Verdict::ok;
}

std::vector<Metric> comparable_metrics(const RunRecord& run) {
  std::vector<Metric> out;
  for (const WorkloadResult& result : run.workloads) {
    if (!result.ok()) {
      continue;
    }
    const bool machine = group_of(result.name) == "machine";
    out.push_back({result.name + ".time", "s", Better::lower, result.median_seconds, machine});
    if (!machine && result.peak_rss_bytes > 0) {
      out.push_back({result.name + ".peak_rss", "bytes", Better::lower,
                     static_cast<double>(result.peak_rss_bytes), false});
    }
  }
  return out;
}

Comparison compare_runs(const RunRecord& baseline, const RunRecord& current,
                        const CompareOptions& options) {
  Comparison out;
  for (std::string& difference : machine_differences(baseline.machine, current.machine)) {
    out.warnings.push_back("not the same machine or build: " + difference);
  }
  if (baseline.mode != current.mode) {
    out.warnings.push_back(fmt::format("baseline is a {} run, current a {} run",
                                       to_string(baseline.mode), to_string(current.mode)));
  }
  for (const auto& [what, run] : {std::pair{"baseline", &baseline}, std::pair{"current", &current}}) {
    if (run->busy()) {
      out.warnings.push_back(fmt::format(
          "the machine was busy during the {} run (load average {:.1f} on {} logical CPUs when "
          "it started): its timings are noisy",
          what, run->load_start, run->machine.logical_cpus));
    }
  }
  for (const WorkloadResult& now : current.workloads) {
    const WorkloadResult* before = baseline.find(now.name);
    if (before != nullptr && now.ok() && before->ok() && !now.checksum.empty() &&
        !before->checksum.empty() && now.checksum != before->checksum) {
      out.warnings.push_back(fmt::format("{}: checksum changed ({} -> {}): the results differ",
                                         now.name, before->checksum, now.checksum));
    }
  }

  const std::vector<Metric> old_metrics = comparable_metrics(baseline);
  std::map<std::string, const Metric*, std::less<>> old_by_name;
  for (const Metric& metric : old_metrics) {
    old_by_name.emplace(metric.name, &metric);
  }
  std::map<std::string, bool, std::less<>> seen;
  for (const Metric& metric : comparable_metrics(current)) {
    MetricComparison row;
    row.metric = metric.name;
    row.unit = metric.unit;
    row.better = metric.better;
    row.current = metric.value;
    seen[metric.name] = true;
    const auto it = old_by_name.find(metric.name);
    if (it == old_by_name.end()) {
      row.verdict = Verdict::added;
      out.rows.push_back(std::move(row));
      continue;
    }
    row.baseline = it->second->value;
    row.ratio = row.baseline > 0.0 ? row.current / row.baseline : k_not_measured;
    row.slowdown = slowdown(metric.better, row.baseline, row.current);
    row.verdict = classify(row.slowdown, options);
    if (metric.unit == "bytes" &&
        std::abs(row.current - row.baseline) < static_cast<double>(options.memory_floor_bytes)) {
      row.verdict = Verdict::ok;
    }
    if (metric.informational) {
      row.verdict = Verdict::info;
    }
    out.regressions += row.verdict == Verdict::regression || row.verdict == Verdict::alert;
    out.alerts += row.verdict == Verdict::alert;
    out.improvements += row.verdict == Verdict::improved;
    out.rows.push_back(std::move(row));
  }
  for (const Metric& metric : old_metrics) {
    if (!seen.contains(metric.name)) {
      MetricComparison row;
      row.metric = metric.name;
      row.unit = metric.unit;
      row.better = metric.better;
      row.baseline = metric.value;
      row.verdict = Verdict::missing;
      out.rows.push_back(std::move(row));
    }
  }
  return out;
}

std::string format_comparison(const Comparison& comparison, const CompareOptions& options) {
  detail::Table table;
  table.headers = {"metric", "baseline", "current", "ratio", "change", "verdict"};
  table.right = {false, true, true, true, true, false};
  for (const MetricComparison& row : comparison.rows) {
    table.rows.push_back({row.metric, format_metric_value(row.baseline, row.unit),
                          format_metric_value(row.current, row.unit),
                          std::isnan(row.ratio) ? "-" : fmt::format("{:.3f}x", row.ratio),
                          format_change(row.ratio), to_string(row.verdict)});
  }
  std::string out = detail::render_text(table);
  for (const std::string& warning : comparison.warnings) {
    out += "warning: " + warning + '\n';
  }
  std::size_t compared = 0;
  for (const MetricComparison& row : comparison.rows) {
    compared += row.verdict != Verdict::added && row.verdict != Verdict::missing &&
                row.verdict != Verdict::info;
  }
  out += fmt::format(
      "{} metrics compared: {} regressions (worse by > {:g}%), {} alerts (>= {:g}x), {} "
      "improvements\n",
      compared, comparison.regressions, options.threshold * 100.0, comparison.alerts,
      options.alert_factor, comparison.improvements);
  return out;
}

double parse_threshold(std::string_view text) {
  std::string_view number = text;
  if (!number.empty() && number.back() == '%') {
    number.remove_suffix(1);
  }
  double percent = 0.0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), percent);
  if (number.empty() || error != std::errc() || end != number.data() + number.size() ||
      !(percent > 0.0) || !(percent < 1000.0)) {
    throw UserInputError(fmt::format(
        "--threshold '{}' must be a percentage above 0 and below 1000, like 10%", text));
  }
  return percent / 100.0;
}

}  // namespace qbt::bench_suite
