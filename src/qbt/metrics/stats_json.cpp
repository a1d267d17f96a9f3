#include "qbt/metrics/stats_json.hpp"

#include <cmath>
#include <string>

namespace qbt::metrics {

namespace {

nlohmann::ordered_json json_value(const StatValue& value) {
  switch (value.key->kind) {
    case StatKind::timestamp: return format_timestamp(value.integer);
    case StatKind::count: return value.integer;
    case StatKind::duration:
      if (value.is_integer()) {
        return format_timedelta(value.integer);
      }
      if (std::isfinite(value.real)) {
        return format_timedelta(std::llround(value.real));
      }
      return nullptr;
    case StatKind::real:
      if (std::isfinite(value.real)) {
        return value.real;
      }
      return nullptr;
  }
  return nullptr;
}

}  // namespace

nlohmann::ordered_json to_json(const Stats& stats) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const StatValue& value : stat_values(stats)) {
    out[std::string(value.key->name)] = json_value(value);
  }
  return out;
}

}  // namespace qbt::metrics
