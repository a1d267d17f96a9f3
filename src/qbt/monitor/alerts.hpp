#pragma once
/// Alert rules: a metric of a Sample compared to a threshold that must hold for a duration
/// ('rss>64GB', 'cpu>95%:60s', 'disk<10GB'), evaluated over samples against a time the caller
/// supplies, so tests make each rule fire and clear deterministically. Fired and cleared events
/// go to sinks: a stderr line, a JSON-lines file, a callback.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "qbt/monitor/sample.hpp"

namespace qbt::monitor {

enum class Comparison : std::uint8_t { greater, greater_equal, less, less_equal };

/// `>`, `>=`, `<`, `<=`.
[[nodiscard]] const char* to_string(Comparison comparison) noexcept;

/// A value compared to a limit that must hold for `duration` before it counts. The generic core
/// of every alert rule, usable for any measured value (a benchmark's time as a multiple of its
/// baseline: `Threshold{Comparison::greater, 2.0}`).
struct Threshold {
  Comparison comparison = Comparison::greater;
  double limit = 0.0;
  std::chrono::nanoseconds duration{0};

  /// Whether `value` is on the alerting side of the limit; never for NaN.
  [[nodiscard]] bool breached_by(double value) const noexcept;
};

enum class AlertTransition : std::uint8_t { none, fired, cleared };

[[nodiscard]] const char* to_string(AlertTransition transition) noexcept;

/// One Threshold followed over time: fires once a breach has lasted its duration (at once when
/// the duration is 0), stays active while the breach lasts, clears on the first observation that
/// does not breach. An unknown value (nullopt) counts as not breaching.
class ThresholdTracker {
public:
  explicit ThresholdTracker(Threshold threshold) noexcept : threshold_(threshold) {}

  /// Observe `value` at `now` (any monotonic time base, e.g. time since monitoring started).
  AlertTransition update(std::optional<double> value, std::chrono::nanoseconds now) noexcept;

  [[nodiscard]] const Threshold& threshold() const noexcept { return threshold_; }
  [[nodiscard]] bool active() const noexcept { return active_; }
  /// When the current breach began; nullopt while not breached.
  [[nodiscard]] std::optional<std::chrono::nanoseconds> breached_since() const noexcept {
    return breached_since_;
  }

private:
  Threshold threshold_;
  std::optional<std::chrono::nanoseconds> breached_since_;
  bool active_ = false;
};

/// What an alert rule watches. `value` is a metric not found in a Sample: the caller feeds it
/// with AlertMonitor::observe_value() (the bench suite's slowdown against a baseline).
enum class Metric : std::uint8_t {
  rss,      ///< process resident memory, bytes
  vms,      ///< process virtual memory, bytes
  cpu,      ///< process CPU use as a share of the machine, percent (100 = every core busy)
  threads,  ///< process threads
  files,    ///< process open file descriptors
  mem,      ///< memory available on the machine, bytes
  disk,     ///< free disk space of the watched path, bytes
  load,     ///< 1-minute load average of the machine
  value,    ///< any value the caller supplies
};

[[nodiscard]] const char* to_string(Metric metric) noexcept;

/// The metric's value in `sample`; nullopt when it was unreadable or is not in a sample (value).
[[nodiscard]] std::optional<double> metric_value(Metric metric, const Sample& sample) noexcept;

/// A value of `metric` for people: `1.5 GB` (binary units), `96.2%`, `12`, `3.25`.
[[nodiscard]] std::string format_metric_value(Metric metric, double value);

struct AlertRule {
  Metric metric = Metric::value;
  /// The name shown in messages: the metric's name, or the caller's for Metric::value.
  std::string name;
  Threshold threshold;
};

/// Parse `METRIC OP VALUE[:DURATION]`: METRIC one of rss, vms, cpu, threads, files, mem, disk,
/// load; OP one of > >= < <=; VALUE a size for rss/vms/mem/disk (`64GB`, `512MB`, binary units,
/// case-insensitive, `GiB` also accepted, no unit = bytes), a percentage for cpu (`95%`, the `%`
/// optional), a number otherwise; DURATION how long the condition must hold (`60s`, `5min`, `1h`,
/// `500ms`). Throws UserInputError with the offending part on anything else.
[[nodiscard]] AlertRule parse_alert_rule(std::string_view text);

/// The rule in canonical text form, parseable by parse_alert_rule: `cpu>95%:1min`, `rss>64GB`.
[[nodiscard]] std::string to_string(const AlertRule& rule);

/// The defaults: process memory over 64 GB, CPU over 95% of the machine for 60 s, free disk
/// under 10 GB.
[[nodiscard]] std::vector<AlertRule> default_alert_rules();

/// A rule firing or clearing.
struct AlertEvent {
  AlertTransition transition = AlertTransition::fired;
  std::string rule;    ///< to_string(rule)
  std::string metric;  ///< the rule's name
  Metric metric_kind = Metric::value;
  double value = 0.0;  ///< the value observed at the event; NaN when unknown
  double limit = 0.0;
  std::chrono::nanoseconds at{0};    ///< when, in the time base of the observations
  std::chrono::nanoseconds held{0};  ///< how long the breach had lasted at the event
};

/// `alert: rss>20MB fired at +1.2s (rss 101.3 MB)`, `alert: rss>20MB cleared at +3.4s (rss
/// 1.2 MB, held 2.2s)`.
[[nodiscard]] std::string format_alert_event(const AlertEvent& event);

/// {"event":"alert","state":"fired","rule":..,"metric":..,"value":..,"limit":..,"at_s":..,"held_s":..}
[[nodiscard]] nlohmann::ordered_json to_json(const AlertEvent& event);

using AlertSink = std::function<void(const AlertEvent&)>;

/// Print each event as one line `<prefix>format_alert_event(event)` to stderr.
[[nodiscard]] AlertSink stderr_alert_sink(std::string prefix = "qbt: ");
/// Append each event to `path` as one JSON line (the file is truncated first). Throws IoError
/// if the file cannot be opened; the sink throws IoError if a line cannot be written.
[[nodiscard]] AlertSink json_lines_alert_sink(const std::string& path);

/// A set of rules followed over time, sending transitions to its sinks.
class AlertMonitor {
public:
  explicit AlertMonitor(std::vector<AlertRule> rules);

  void add_sink(AlertSink sink);

  /// Evaluate every rule but the Metric::value ones on `sample` at time `sample.elapsed`; send
  /// each transition to the sinks and return them, in rule order.
  std::vector<AlertEvent> observe(const Sample& sample);
  /// Evaluate rule `rule` (an index into rules()) on `value` at `now`.
  std::optional<AlertEvent> observe_value(std::size_t rule, std::optional<double> value,
                                          std::chrono::nanoseconds now);

  [[nodiscard]] const std::vector<AlertRule>& rules() const noexcept { return rules_; }
  [[nodiscard]] bool active(std::size_t rule) const noexcept {
    return states_[rule].tracker.active();
  }
  /// How often rule `rule` fired so far.
  [[nodiscard]] std::uint64_t fired_count(std::size_t rule) const noexcept {
    return states_[rule].fired_count;
  }
  /// When rule `rule` first fired, if it did.
  [[nodiscard]] std::optional<std::chrono::nanoseconds> first_fired_at(
      std::size_t rule) const noexcept {
    return states_[rule].first_fired_at;
  }
  /// The largest (for > and >=) or smallest (for < and <=) value rule `rule` has seen.
  [[nodiscard]] std::optional<double> extreme_value(std::size_t rule) const noexcept {
    return states_[rule].extreme;
  }

private:
  struct RuleState {
    explicit RuleState(const Threshold& threshold) noexcept : tracker(threshold) {}
    ThresholdTracker tracker;
    std::uint64_t fired_count = 0;
    std::optional<std::chrono::nanoseconds> first_fired_at;
    std::optional<double> extreme;
  };

  std::optional<AlertEvent> update(std::size_t rule, std::optional<double> value,
                                   std::chrono::nanoseconds now);

  std::vector<AlertRule> rules_;
  std::vector<RuleState> states_;
  std::vector<AlertSink> sinks_;
};

}  // namespace qbt::monitor
