#include "qbt/monitor/alerts.hpp"

#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "qbt/core/ascii.hpp"
#include "qbt/core/error.hpp"
#include "qbt/core/frequency.hpp"

namespace qbt::monitor {

namespace {

enum class ValueKind : std::uint8_t { bytes, percent, number };

struct MetricSpec {
  Metric metric;
  const char* name;
  ValueKind kind;
};

constexpr std::array<MetricSpec, 8> k_metrics{{
    {Metric::rss, "rss", ValueKind::bytes},
    {Metric::vms, "vms", ValueKind::bytes},
    {Metric::cpu, "cpu", ValueKind::percent},
    {Metric::threads, "threads", ValueKind::number},
    {Metric::files, "files", ValueKind::number},
    {Metric::mem, "mem", ValueKind::bytes},
    {Metric::disk, "disk", ValueKind::bytes},
    {Metric::load, "load", ValueKind::number},
}};

constexpr const char* k_metric_list = "rss, vms, cpu, threads, files, mem, disk, load";

ValueKind kind_of(Metric metric) noexcept {
  for (const MetricSpec& spec : k_metrics) {
    if (spec.metric == metric) {
      return spec.kind;
    }
  }
  return ValueKind::number;
}

struct ByteUnit {
  const char* name;
  double factor;
};

constexpr std::array<ByteUnit, 4> k_byte_units{{
    {"TB", 1024.0 * 1024.0 * 1024.0 * 1024.0},
    {"GB", 1024.0 * 1024.0 * 1024.0},
    {"MB", 1024.0 * 1024.0},
    {"KB", 1024.0},
}};

std::string_view trim(std::string_view text) noexcept {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

/// A leading non-negative finite number of `text`; `rest` receives what follows it.
std::optional<double> leading_number(std::string_view text, std::string_view& rest) noexcept {
  double value = 0.0;
  const auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  if (ec != std::errc{} || !std::isfinite(value) || value < 0.0) {
    return std::nullopt;
  }
  rest = text.substr(static_cast<std::size_t>(end - text.data()));
  return value;
}

/// `64GB`, `64 gb`, `64G`, `64GiB`, `1024` (bytes) -> bytes.
std::optional<double> parse_bytes(std::string_view text) {
  std::string_view rest;
  const auto number = leading_number(text, rest);
  if (!number) {
    return std::nullopt;
  }
  std::string unit = ascii_lower(trim(rest));
  if (unit.empty() || unit == "b") {
    return *number;
  }
  if (unit.size() == 3 && unit[1] == 'i' && unit[2] == 'b') {
    unit.erase(1, 1);  // "gib" -> "gb"
  }
  if (unit.size() == 1) {
    unit += 'b';
  }
  for (const ByteUnit& byte_unit : k_byte_units) {
    if (unit == ascii_lower(byte_unit.name)) {
      return *number * byte_unit.factor;
    }
  }
  return std::nullopt;
}

std::optional<double> parse_percent(std::string_view text) {
  std::string_view rest;
  const auto number = leading_number(text, rest);
  rest = trim(rest);
  if (!number || !(rest.empty() || rest == "%")) {
    return std::nullopt;
  }
  return number;
}

std::optional<double> parse_number(std::string_view text) {
  std::string_view rest;
  const auto number = leading_number(text, rest);
  if (!number || !trim(rest).empty()) {
    return std::nullopt;
  }
  return number;
}

const char* value_hint(ValueKind kind) noexcept {
  switch (kind) {
    case ValueKind::bytes: return "a size such as 64GB, 512MB or 1048576 (bytes)";
    case ValueKind::percent: return "a percentage such as 95%";
    case ValueKind::number: return "a number such as 8";
  }
  return "";
}

std::string format_limit(Metric metric, double limit) {
  switch (kind_of(metric)) {
    case ValueKind::bytes:
      for (const ByteUnit& unit : k_byte_units) {
        const double count = limit / unit.factor;
        if (count >= 1.0 && count == std::floor(count)) {
          return fmt::format("{}{}", count, unit.name);
        }
      }
      return fmt::format("{}", limit);
    case ValueKind::percent: return fmt::format("{}%", limit);
    case ValueKind::number: return fmt::format("{}", limit);
  }
  return fmt::format("{}", limit);
}

double seconds(std::chrono::nanoseconds ns) {
  return std::chrono::duration<double>(ns).count();
}

}  // namespace

const char* to_string(Comparison comparison) noexcept {
  switch (comparison) {
    case Comparison::greater: return ">";
    case Comparison::greater_equal: return ">=";
    case Comparison::less: return "<";
    case Comparison::less_equal: return "<=";
  }
  return "?";
}

bool Threshold::breached_by(double value) const noexcept {
  switch (comparison) {
    case Comparison::greater: return value > limit;
    case Comparison::greater_equal: return value >= limit;
    case Comparison::less: return value < limit;
    case Comparison::less_equal: return value <= limit;
  }
  return false;
}

const char* to_string(AlertTransition transition) noexcept {
  switch (transition) {
    case AlertTransition::none: return "none";
    case AlertTransition::fired: return "fired";
    case AlertTransition::cleared: return "cleared";
  }
  return "?";
}

AlertTransition ThresholdTracker::update(std::optional<double> value,
                                         std::chrono::nanoseconds now) noexcept {
  if (!value || !threshold_.breached_by(*value)) {
    breached_since_.reset();
    if (active_) {
      active_ = false;
      return AlertTransition::cleared;
    }
    return AlertTransition::none;
  }
  if (!breached_since_) {
    breached_since_ = now;
  }
  if (!active_ && now - *breached_since_ >= threshold_.duration) {
    active_ = true;
    return AlertTransition::fired;
  }
  return AlertTransition::none;
}

const char* to_string(Metric metric) noexcept {
  for (const MetricSpec& spec : k_metrics) {
    if (spec.metric == metric) {
      return spec.name;
    }
  }
  return "value";
}

std::optional<double> metric_value(Metric metric, const Sample& sample) noexcept {
  switch (metric) {
    case Metric::rss: return static_cast<double>(sample.process.rss_bytes);
    case Metric::vms: return static_cast<double>(sample.process.vms_bytes);
    case Metric::cpu: return sample.cpu_machine_percent();
    case Metric::threads: return static_cast<double>(sample.process.threads);
    case Metric::files:
      if (sample.process.open_files) {
        return static_cast<double>(*sample.process.open_files);
      }
      return std::nullopt;
    case Metric::mem: return static_cast<double>(sample.system.memory_available_bytes);
    case Metric::disk: return static_cast<double>(sample.system.disk_free_bytes);
    case Metric::load: return sample.system.load_1;
    case Metric::value: return std::nullopt;
  }
  return std::nullopt;
}

std::string format_metric_value(Metric metric, double value) {
  if (std::isnan(value)) {
    return "unknown";
  }
  switch (metric) {
    case Metric::rss:
    case Metric::vms:
    case Metric::mem:
    case Metric::disk:
      for (const ByteUnit& unit : k_byte_units) {
        if (value >= unit.factor) {
          return fmt::format("{:.1f} {}", value / unit.factor, unit.name);
        }
      }
      return fmt::format("{} B", value);
    case Metric::cpu: return fmt::format("{:.1f}%", value);
    case Metric::threads:
    case Metric::files: return fmt::format("{}", value);
    case Metric::load: return fmt::format("{:.2f}", value);
    case Metric::value: return fmt::format("{}", value);
  }
  return fmt::format("{}", value);
}

AlertRule parse_alert_rule(std::string_view text) {
  const std::string_view rule_text = trim(text);
  if (rule_text.empty()) {
    throw UserInputError(
        "alert rule is empty; expected METRIC>VALUE[:DURATION] such as 'rss>64GB' or "
        "'cpu>95%:60s'");
  }
  const std::string quoted = quote_excerpt(rule_text, 60);
  const auto op = rule_text.find_first_of("<>");
  if (op == std::string_view::npos) {
    throw UserInputError(fmt::format(
        "alert rule {} has no comparison; expected METRIC>VALUE or METRIC<VALUE such as "
        "'rss>64GB' or 'disk<10GB'",
        quoted));
  }
  const std::string_view metric_text = trim(rule_text.substr(0, op));
  const MetricSpec* spec = nullptr;
  for (const MetricSpec& candidate : k_metrics) {
    if (metric_text == candidate.name) {
      spec = &candidate;
    }
  }
  if (spec == nullptr) {
    throw UserInputError(fmt::format("alert rule {} has unknown metric {}; expected one of {}",
                                     quoted, quote_excerpt(metric_text), k_metric_list));
  }

  AlertRule rule;
  rule.metric = spec->metric;
  rule.name = spec->name;
  const bool greater = rule_text[op] == '>';
  std::size_t value_start = op + 1;
  const bool or_equal = value_start < rule_text.size() && rule_text[value_start] == '=';
  if (or_equal) {
    ++value_start;
  }
  rule.threshold.comparison = greater ? (or_equal ? Comparison::greater_equal : Comparison::greater)
                                      : (or_equal ? Comparison::less_equal : Comparison::less);

  std::string_view rest = rule_text.substr(value_start);
  const auto colon = rest.find(':');
  const std::string_view value_text = trim(rest.substr(0, colon));
  std::optional<double> limit;
  switch (spec->kind) {
    case ValueKind::bytes: limit = parse_bytes(value_text); break;
    case ValueKind::percent: limit = parse_percent(value_text); break;
    case ValueKind::number: limit = parse_number(value_text); break;
  }
  if (!limit) {
    throw UserInputError(fmt::format("alert rule {} has invalid value {}; {} takes {}", quoted,
                                     quote_excerpt(value_text), spec->name,
                                     value_hint(spec->kind)));
  }
  rule.threshold.limit = *limit;

  if (colon != std::string_view::npos) {
    const std::string_view duration_text = trim(rest.substr(colon + 1));
    const auto duration = Frequency::parse(duration_text);
    if (!duration || !duration->regular()) {
      throw UserInputError(fmt::format(
          "alert rule {} has invalid duration {}; expected a duration such as 30s, 5min or 1h",
          quoted, quote_excerpt(duration_text)));
    }
    rule.threshold.duration = std::chrono::nanoseconds(duration->ns());
  }
  return rule;
}

std::string to_string(const AlertRule& rule) {
  std::string out = fmt::format("{}{}{}", rule.name, to_string(rule.threshold.comparison),
                                format_limit(rule.metric, rule.threshold.limit));
  if (rule.threshold.duration.count() > 0) {
    out += ':';
    out += Frequency(rule.threshold.duration.count()).to_string();
  }
  return out;
}

std::vector<AlertRule> default_alert_rules() {
  return {parse_alert_rule("rss>64GB"), parse_alert_rule("cpu>95%:60s"),
          parse_alert_rule("disk<10GB")};
}

std::string format_alert_event(const AlertEvent& event) {
  const std::string value = format_metric_value(event.metric_kind, event.value);
  if (event.transition == AlertTransition::cleared) {
    return fmt::format("alert: {} cleared at +{:.1f}s ({} {}, held {:.1f}s)", event.rule,
                       seconds(event.at), event.metric, value, seconds(event.held));
  }
  if (event.held.count() > 0) {
    return fmt::format("alert: {} fired at +{:.1f}s ({} {} for {:.1f}s)", event.rule,
                       seconds(event.at), event.metric, value, seconds(event.held));
  }
  return fmt::format("alert: {} fired at +{:.1f}s ({} {})", event.rule, seconds(event.at),
                     event.metric, value);
}

nlohmann::ordered_json to_json(const AlertEvent& event) {
  const auto number = [](double value) {
    return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
  };
  return {{"event", "alert"},
          {"state", to_string(event.transition)},
          {"rule", event.rule},
          {"metric", event.metric},
          {"value", number(event.value)},
          {"limit", number(event.limit)},
          {"at_s", seconds(event.at)},
          {"held_s", seconds(event.held)}};
}

AlertSink stderr_alert_sink(std::string prefix) {
  return [prefix = std::move(prefix)](const AlertEvent& event) {
    fmt::print(stderr, "{}{}\n", prefix, format_alert_event(event));
    std::fflush(stderr);
  };
}

AlertSink json_lines_alert_sink(const std::string& path) {
  std::shared_ptr<std::FILE> file(std::fopen(path.c_str(), "w"), [](std::FILE* f) {
    if (f != nullptr) {
      std::fclose(f);
    }
  });
  if (!file) {
    throw IoError(fmt::format("cannot open file for writing: {}", std::strerror(errno)), {path});
  }
  return [file, path](const AlertEvent& event) {
    const std::string line = to_json(event).dump() + '\n';
    if (std::fwrite(line.data(), 1, line.size(), file.get()) != line.size() ||
        std::fflush(file.get()) != 0) {
      throw IoError(fmt::format("cannot write alert: {}", std::strerror(errno)), {path});
    }
  };
}

AlertMonitor::AlertMonitor(std::vector<AlertRule> rules) : rules_(std::move(rules)) {
  states_.reserve(rules_.size());
  for (const AlertRule& rule : rules_) {
    states_.emplace_back(rule.threshold);
  }
}

void AlertMonitor::add_sink(AlertSink sink) {
  sinks_.push_back(std::move(sink));
}

std::vector<AlertEvent> AlertMonitor::observe(const Sample& sample) {
  std::vector<AlertEvent> events;
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    if (rules_[i].metric == Metric::value) {
      continue;
    }
    if (auto event = update(i, metric_value(rules_[i].metric, sample), sample.elapsed)) {
      events.push_back(std::move(*event));
    }
  }
  for (const AlertEvent& event : events) {
    for (const AlertSink& sink : sinks_) {
      sink(event);
    }
  }
  return events;
}

std::optional<AlertEvent> AlertMonitor::observe_value(std::size_t rule, std::optional<double> value,
                                                      std::chrono::nanoseconds now) {
  if (rule >= rules_.size()) {
    throw InternalError(
        fmt::format("alert rule index {} out of range ({} rules)", rule, rules_.size()));
  }
  auto event = update(rule, value, now);
  if (event) {
    for (const AlertSink& sink : sinks_) {
      sink(*event);
    }
  }
  return event;
}

std::optional<AlertEvent> AlertMonitor::update(std::size_t rule, std::optional<double> value,
                                               std::chrono::nanoseconds now) {
  RuleState& state = states_[rule];
  const Threshold& threshold = rules_[rule].threshold;
  if (value && !std::isnan(*value)) {
    const bool wants_high = threshold.comparison == Comparison::greater ||
                            threshold.comparison == Comparison::greater_equal;
    if (!state.extreme || (wants_high ? *value > *state.extreme : *value < *state.extreme)) {
      state.extreme = *value;
    }
  }
  const auto since = state.tracker.breached_since();
  const AlertTransition transition = state.tracker.update(value, now);
  if (transition == AlertTransition::none) {
    return std::nullopt;
  }
  AlertEvent event;
  event.transition = transition;
  event.rule = to_string(rules_[rule]);
  event.metric = rules_[rule].name;
  event.metric_kind = rules_[rule].metric;
  event.value = value ? *value : std::numeric_limits<double>::quiet_NaN();
  event.limit = threshold.limit;
  event.at = now;
  if (transition == AlertTransition::fired) {
    event.held = now - *state.tracker.breached_since();
    ++state.fired_count;
    if (!state.first_fired_at) {
      state.first_fired_at = now;
    }
  } else {
    event.held = since ? now - *since : std::chrono::nanoseconds{0};
  }
  return event;
}

}  // namespace qbt::monitor
