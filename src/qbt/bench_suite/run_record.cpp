#include "qbt/bench_suite/run_record.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "qbt/core/error.hpp"

namespace qbt::bench_suite {

namespace {

using Json = nlohmann::ordered_json;

Json number(double value) { return std::isnan(value) ? Json(nullptr) : Json(value); }

/// Reads fields of one JSON object, naming the source and the path of a bad field.
class Reader {
public:
  Reader(const Json& object, const std::string& source, std::string path)
      : object_(object), source_(source), path_(std::move(path)) {
    if (!object_.is_object()) {
      fail("", "an object");
    }
  }

  [[nodiscard]] std::string text(const char* key, bool required = true) const {
    const Json* value = get(key, required);
    if (value == nullptr) {
      return {};
    }
    if (!value->is_string()) {
      fail(key, "a string");
    }
    return value->get<std::string>();
  }
  [[nodiscard]] double real(const char* key) const {
    const Json* value = get(key, false);
    if (value == nullptr || value->is_null()) {
      return k_not_measured;
    }
    if (!value->is_number()) {
      fail(key, "a number or null");
    }
    return value->get<double>();
  }
  [[nodiscard]] std::int64_t integer(const char* key) const {
    const Json* value = get(key, false);
    if (value == nullptr) {
      return 0;
    }
    if (!value->is_number_integer()) {
      fail(key, "an integer");
    }
    return value->get<std::int64_t>();
  }
  [[nodiscard]] bool boolean(const char* key, bool fallback) const {
    const Json* value = get(key, false);
    if (value == nullptr) {
      return fallback;
    }
    if (!value->is_boolean()) {
      fail(key, "true or false");
    }
    return value->get<bool>();
  }
  [[nodiscard]] const Json& array(const char* key) const {
    const Json* value = get(key, true);
    if (!value->is_array()) {
      fail(key, "an array");
    }
    return *value;
  }
  [[nodiscard]] const Json& object(const char* key) const {
    const Json* value = get(key, true);
    if (!value->is_object()) {
      fail(key, "an object");
    }
    return *value;
  }
  [[nodiscard]] std::string path(const char* key) const {
    return path_.empty() ? key : path_ + "." + key;
  }
  [[noreturn]] void fail(const char* key, const char* expected) const {
    throw DataError(fmt::format("benchmark results: '{}' must be {}",
                                *key != '\0' ? path(key) : (path_.empty() ? "document" : path_),
                                expected),
                    ErrorLocation{source_});
  }

private:
  const Json* get(const char* key, bool required) const {
    const auto it = object_.find(key);
    if (it == object_.end()) {
      if (required) {
        throw DataError(fmt::format("benchmark results: '{}' is missing", path(key)),
                        ErrorLocation{source_});
      }
      return nullptr;
    }
    return &*it;
  }

  const Json& object_;
  const std::string& source_;
  std::string path_;
};

Json workload_json(const WorkloadResult& r) {
  Json seconds = Json::array();
  for (const double s : r.seconds) {
    seconds.push_back(number(s));
  }
  return Json{{"name", r.name},
              {"description", r.description},
              {"status", to_string(r.status)},
              {"note", r.note},
              {"item_unit", r.item_unit},
              {"items", r.items},
              {"rate_unit", r.rate_unit},
              {"rate_scale", r.rate_scale},
              {"repetitions", r.repetitions},
              {"warmups", r.warmups},
              {"inner_loops", r.inner_loops},
              {"seconds", std::move(seconds)},
              {"median_seconds", number(r.median_seconds)},
              {"min_seconds", number(r.min_seconds)},
              {"rate", number(r.rate)},
              {"checksum", r.checksum},
              {"checksum_stable", r.checksum_stable},
              {"setup_seconds", number(r.setup_seconds)},
              {"cpu_seconds", number(r.cpu_seconds)},
              {"rss_after_setup_bytes", r.rss_after_setup_bytes},
              {"peak_rss_bytes", r.peak_rss_bytes},
              {"peak_includes_setup", r.peak_includes_setup}};
}

WorkloadResult workload_from(const Reader& in) {
  WorkloadResult r;
  r.name = in.text("name");
  r.description = in.text("description", false);
  const std::string status = in.text("status");
  const auto parsed = parse_workload_status(status);
  if (!parsed) {
    in.fail("status", "ok, pending or failed");
  }
  r.status = *parsed;
  r.note = in.text("note", false);
  r.item_unit = in.text("item_unit", false);
  r.items = in.real("items");
  r.rate_unit = in.text("rate_unit", false);
  r.rate_scale = in.real("rate_scale");
  if (std::isnan(r.rate_scale)) {
    r.rate_scale = 1.0;
  }
  r.repetitions = static_cast<std::int32_t>(in.integer("repetitions"));
  r.warmups = static_cast<std::int32_t>(in.integer("warmups"));
  r.inner_loops = static_cast<std::int32_t>(in.integer("inner_loops"));
  std::size_t i = 0;
  for (const Json& s : in.array("seconds")) {
    if (!s.is_number() && !s.is_null()) {
      in.fail(fmt::format("seconds[{}]", i).c_str(), "a number");
    }
    r.seconds.push_back(s.is_null() ? k_not_measured : s.get<double>());
    ++i;
  }
  r.median_seconds = in.real("median_seconds");
  r.min_seconds = in.real("min_seconds");
  r.rate = in.real("rate");
  r.checksum = in.text("checksum", false);
  r.checksum_stable = in.boolean("checksum_stable", true);
  r.setup_seconds = in.real("setup_seconds");
  r.cpu_seconds = in.real("cpu_seconds");
  r.rss_after_setup_bytes = in.integer("rss_after_setup_bytes");
  r.peak_rss_bytes = in.integer("peak_rss_bytes");
  r.peak_includes_setup = in.boolean("peak_includes_setup", false);
  return r;
}

Json machine_json(const MachineInfo& m) {
  return Json{{"hostname", m.hostname},       {"os", m.os},
              {"cpu_model", m.cpu_model},     {"physical_cores", m.physical_cores},
              {"logical_cpus", m.logical_cpus}, {"memory_bytes", m.memory_bytes},
              {"compiler", m.compiler},       {"build_type", m.build_type},
              {"qbt_version", m.qbt_version}, {"git_commit", m.git_commit}};
}

MachineInfo machine_from(const Reader& in) {
  MachineInfo m;
  m.hostname = in.text("hostname", false);
  m.os = in.text("os", false);
  m.cpu_model = in.text("cpu_model", false);
  m.physical_cores = static_cast<std::int32_t>(in.integer("physical_cores"));
  m.logical_cpus = static_cast<std::int32_t>(in.integer("logical_cpus"));
  m.memory_bytes = in.integer("memory_bytes");
  m.compiler = in.text("compiler", false);
  m.build_type = in.text("build_type", false);
  m.qbt_version = in.text("qbt_version", false);
  m.git_commit = in.text("git_commit", false);
  return m;
}

Json target_json(const TargetRow& t) {
  return Json{{"key", t.key},
              {"metric", t.metric},
              {"unit", t.unit},
              {"better", to_string(t.better)},
              {"seed_target", number(t.seed_target)},
              {"critical", number(t.critical)},
              {"qbt_target", number(t.qbt_target)},
              {"measured", number(t.measured)},
              {"status", to_string(t.status)},
              {"note", t.note}};
}

TargetRow target_from(const Reader& in) {
  TargetRow t;
  t.key = in.text("key");
  t.metric = in.text("metric");
  t.unit = in.text("unit", false);
  const auto better = parse_better(in.text("better"));
  if (!better) {
    in.fail("better", "lower or higher");
  }
  t.better = *better;
  t.seed_target = in.real("seed_target");
  t.critical = in.real("critical");
  t.qbt_target = in.real("qbt_target");
  t.measured = in.real("measured");
  const auto status = parse_target_status(in.text("status"));
  if (!status) {
    in.fail("status", "PASS, WARN, FAIL, PENDING or NOT RUN");
  }
  t.status = *status;
  t.note = in.text("note", false);
  return t;
}

Json parse_json(std::string_view text, const std::string& source) {
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw DataError(fmt::format("benchmark results are not valid JSON: {}", e.what()),
                    ErrorLocation{source});
  }
}

}  // namespace

const WorkloadResult* RunRecord::find(std::string_view name) const noexcept {
  for (const WorkloadResult& result : workloads) {
    if (result.name == name) {
      return &result;
    }
  }
  return nullptr;
}

bool RunRecord::busy() const noexcept {
  const double limit = 0.5 * static_cast<double>(std::max(machine.logical_cpus, 1));
  return load_start > limit;
}

std::string to_json(const RunRecord& run, int indent) {
  Json workloads = Json::array();
  for (const WorkloadResult& result : run.workloads) {
    workloads.push_back(workload_json(result));
  }
  Json targets = Json::array();
  for (const TargetRow& target : run.targets) {
    targets.push_back(target_json(target));
  }
  const Json out{{"schema", k_run_schema},
                 {"timestamp", run.timestamp},
                 {"mode", to_string(run.mode)},
                 {"filter", run.filter},
                 {"wall_seconds", number(run.wall_seconds)},
                 {"load_start", number(run.load_start)},
                 {"load_end", number(run.load_end)},
                 {"machine", machine_json(run.machine)},
                 {"workloads", std::move(workloads)},
                 {"targets", std::move(targets)}};
  return out.dump(indent);
}

RunRecord parse_run_record(std::string_view text, const std::string& source) {
  const Json document = parse_json(text, source);
  const Reader in(document, source, "");
  const std::string schema = in.text("schema");
  if (schema != k_run_schema) {
    throw DataError(fmt::format("benchmark results have schema '{}'; this qbt reads '{}'", schema,
                                k_run_schema),
                    ErrorLocation{source});
  }
  RunRecord run;
  run.timestamp = in.text("timestamp");
  const std::string mode = in.text("mode");
  if (mode != "full" && mode != "quick") {
    in.fail("mode", "full or quick");
  }
  run.mode = mode == "quick" ? SuiteMode::quick : SuiteMode::full;
  run.filter = in.text("filter", false);
  run.wall_seconds = in.real("wall_seconds");
  run.load_start = in.real("load_start");
  run.load_end = in.real("load_end");
  run.machine = machine_from(Reader(in.object("machine"), source, "machine"));
  std::size_t i = 0;
  for (const Json& w : in.array("workloads")) {
    run.workloads.push_back(
        workload_from(Reader(w, source, fmt::format("workloads[{}]", i++))));
  }
  i = 0;
  for (const Json& t : in.array("targets")) {
    run.targets.push_back(target_from(Reader(t, source, fmt::format("targets[{}]", i++))));
  }
  return run;
}

RunRecord read_run_record(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw IoError("cannot open benchmark results", ErrorLocation{path});
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_run_record(text.str(), path);
}

void write_run_record(const RunRecord& run, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << to_json(run) << '\n';
  out.flush();
  if (!out) {
    throw IoError("cannot write benchmark results", ErrorLocation{path});
  }
}

std::string to_json(const WorkloadResult& result) { return workload_json(result).dump(); }

WorkloadResult parse_workload_result(std::string_view text, const std::string& source) {
  const Json document = parse_json(text, source);
  return workload_from(Reader(document, source, ""));
}

}  // namespace qbt::bench_suite
