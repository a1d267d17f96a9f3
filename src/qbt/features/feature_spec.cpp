#include "qbt/features/feature_spec.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "qbt/core/ascii.hpp"
#include "qbt/core/error.hpp"

namespace qbt::features {

namespace {

using nlohmann::json;

const char* json_type(const json& value) { return value.type_name(); }

FeatureSpec parse_entry(const json& entry, std::size_t number, const std::string& source) {
  const auto fail = [&](const std::string& what) -> UserInputError {
    return UserInputError(fmt::format("feature {}: {}", number, what), {source});
  };
  FeatureSpec spec;
  if (entry.is_string()) {
    spec.indicator = entry.get<std::string>();
    if (spec.indicator.empty()) {
      throw fail("the indicator name is empty");
    }
    return spec;
  }
  if (!entry.is_object()) {
    throw fail(fmt::format("must be an object or an indicator name, got {}", json_type(entry)));
  }
  for (const auto& [key, value] : entry.items()) {
    if (key == "indicator") {
      if (!value.is_string() || value.get<std::string>().empty()) {
        throw fail("\"indicator\" must be a non-empty string");
      }
      spec.indicator = value.get<std::string>();
    } else if (key == "params") {
      if (!value.is_object()) {
        throw fail(fmt::format("\"params\" must be an object, got {}", json_type(value)));
      }
      for (const auto& [name, param] : value.items()) {
        if (param.is_boolean()) {
          spec.params.push_back({name, param.get<bool>() ? 1.0 : 0.0});
        } else if (param.is_number()) {
          spec.params.push_back({name, param.get<double>()});
        } else {
          throw fail(fmt::format("parameter '{}' must be a number or a boolean, got {}", name,
                                 json_type(param)));
        }
      }
    } else if (key == "input") {
      const auto field = value.is_string() ? parse_field(value.get<std::string>()) : std::nullopt;
      if (!field) {
        throw fail(fmt::format("\"input\" must be one of open, high, low, close, volume, got {}",
                               value.dump()));
      }
      spec.input = field;
    } else if (key == "prefix") {
      if (!value.is_string() || value.get<std::string>().empty()) {
        throw fail("\"prefix\" must be a non-empty string");
      }
      spec.prefix = value.get<std::string>();
    } else {
      throw fail(fmt::format("unknown key '{}' (known: indicator, params, input, prefix)", key));
    }
  }
  if (spec.indicator.empty()) {
    throw fail("missing \"indicator\"");
  }
  return spec;
}

}  // namespace

std::optional<data::Field> parse_field(std::string_view name) noexcept {
  const std::string key = ascii_lower(name);
  for (const data::Field field : data::k_fields) {
    if (key == data::to_string(field)) {
      return field;
    }
  }
  return std::nullopt;
}

std::vector<FeatureSpec> parse_feature_specs(std::string_view json_text, const std::string& source) {
  json document;
  try {
    document = json::parse(json_text.begin(), json_text.end());
  } catch (const json::parse_error& e) {
    // nlohmann's message reads "[json.exception.parse_error.101] parse error at line 3, ...".
    std::string what = e.what();
    const std::size_t start = what.find("] ");
    throw UserInputError(
        fmt::format("invalid JSON in feature spec: {}",
                    start == std::string::npos ? what : what.substr(start + 2)),
        {source});
  }
  const json* entries = &document;
  if (document.is_object()) {
    for (const auto& [key, value] : document.items()) {
      if (key != "features") {
        throw UserInputError(
            fmt::format("feature spec: unknown key '{}' (expected \"features\")", key), {source});
      }
    }
    if (!document.contains("features")) {
      throw UserInputError("feature spec: missing \"features\"", {source});
    }
    entries = &document.at("features");
  }
  if (!entries->is_array()) {
    throw UserInputError(fmt::format("feature spec: \"features\" must be an array, got {}",
                                     json_type(*entries)),
                         {source});
  }
  if (entries->empty()) {
    throw UserInputError("feature spec: no features", {source});
  }
  std::vector<FeatureSpec> specs;
  specs.reserve(entries->size());
  for (std::size_t i = 0; i < entries->size(); ++i) {
    specs.push_back(parse_entry((*entries)[i], i + 1, source));
  }
  return specs;
}

std::vector<FeatureSpec> read_feature_specs(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw IoError(fmt::format("cannot open file: {}", std::strerror(errno)), {path});
  }
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) {
    throw IoError(fmt::format("cannot read file: {}", std::strerror(errno)), {path});
  }
  return parse_feature_specs(text.str(), path);
}

}  // namespace qbt::features
