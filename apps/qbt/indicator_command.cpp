#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "input_options.hpp"
#include "qbt/core/error.hpp"
#include "qbt/core/timestamp.hpp"
#include "qbt/features/feature_csv.hpp"
#include "qbt/features/feature_table.hpp"
#include "qbt/indicators/builtin.hpp"

namespace qbt::cli {

namespace {

using indicators::Indicator;
using indicators::ParamArg;
using indicators::ParamKind;
using indicators::ParamSpec;
using nlohmann::ordered_json;

struct IndicatorArgs {
  std::string data;
  bool list = false;
  bool json = false;
  std::string name;
  std::vector<std::string> params;
  std::string format = "csv";
  InputOptions input;
};

/// A parameter value as the user would type it: `30`, `0.015`, `true`.
std::string format_value(const ParamSpec& spec, double value) {
  if (spec.kind == ParamKind::boolean) {
    return value != 0.0 ? "true" : "false";
  }
  return fmt::format("{}", value);
}

ordered_json value_json(const ParamSpec& spec, double value) {
  if (spec.kind == ParamKind::boolean) {
    return value != 0.0;
  }
  if (spec.kind == ParamKind::integer) {
    return static_cast<std::int64_t>(value);
  }
  return value;
}

std::vector<std::string> input_names(const Indicator& indicator) {
  std::vector<std::string> names;
  for (const data::Field field : indicator.inputs()) {
    names.emplace_back(data::to_string(field));
  }
  return names;
}

void print_list(bool json) {
  const auto indicators = indicators::builtin_indicators().list();
  if (json) {
    ordered_json out = ordered_json::array();
    for (const Indicator* indicator : indicators) {
      ordered_json params = ordered_json::array();
      for (const ParamSpec& spec : indicator->params()) {
        params.push_back({{"name", spec.name},
                          {"kind", indicators::to_string(spec.kind)},
                          {"default", value_json(spec, spec.default_value)},
                          {"min", value_json(spec, spec.min_value)},
                          {"max", value_json(spec, spec.max_value)},
                          {"doc", spec.doc}});
      }
      out.push_back({{"name", indicator->name()},
                     {"aliases", indicator->aliases()},
                     {"inputs", input_names(*indicator)},
                     {"outputs", indicator->outputs()},
                     {"params", params},
                     {"lookback", indicator->lookback(indicator->defaults())},
                     {"doc", indicator->doc()},
                     {"reference", indicator->reference()}});
    }
    fmt::print("{}\n", out.dump(2));
    return;
  }
  for (const Indicator* indicator : indicators) {
    fmt::print("{}", indicator->name());
    if (!indicator->aliases().empty()) {
      fmt::print(" ({})", fmt::join(indicator->aliases(), ", "));
    }
    fmt::print("\n  {}\n", indicator->doc());
    fmt::print("  inputs: {}; outputs: {}; lookback at defaults: {}\n",
               fmt::join(input_names(*indicator), ", "), fmt::join(indicator->outputs(), ", "),
               indicator->lookback(indicator->defaults()));
    for (const ParamSpec& spec : indicator->params()) {
      fmt::print("  --param {}={} ({}, {}..{}): {}\n", spec.name,
                 format_value(spec, spec.default_value), indicators::to_string(spec.kind),
                 format_value(spec, spec.min_value), format_value(spec, spec.max_value), spec.doc);
    }
    fmt::print("  reference: {}\n", indicator->reference());
  }
}

/// Split `name=value` and parse the value for `indicator`.
ParamArg parse_param(const Indicator& indicator, const std::string& text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw UserInputError(fmt::format("--param must be name=value, got '{}'", text));
  }
  const std::string_view name(text.data(), equals);
  const std::string_view value(text.data() + equals + 1, text.size() - equals - 1);
  return {name, indicator.parse_param_value(name, value)};
}

void print_json_rows(const Indicator& indicator, const indicators::ParamValues& params,
                     const features::FeatureTable& table) {
  ordered_json param_values = ordered_json::object();
  for (std::size_t i = 0; i < indicator.params().size(); ++i) {
    param_values[indicator.params()[i].name] = value_json(indicator.params()[i], params[i]);
  }
  ordered_json rows = ordered_json::array();
  const auto timestamps = table.timestamps();
  for (std::size_t row = 0; row < table.rows(); ++row) {
    ordered_json entry = {{"timestamp", format_timestamp(timestamps[row], true)}};
    for (std::size_t c = 0; c < table.column_count(); ++c) {
      const double value = table.column(c)[row];
      entry[table.column_names()[c]] = std::isnan(value) ? ordered_json(nullptr) : ordered_json(value);
    }
    rows.push_back(std::move(entry));
  }
  const ordered_json out = {{"indicator", indicator.name()},
                            {"params", param_values},
                            {"symbol", table.symbol()},
                            {"outputs", indicator.outputs()},
                            {"lookback", indicator.lookback(params)},
                            {"rows", rows}};
  fmt::print("{}\n", out.dump(2));
}

void run_indicator(const IndicatorArgs& args) {
  if (args.list) {
    print_list(args.json);
    return;
  }
  if (args.data.empty()) {
    throw UserInputError("DATA is required (or use --list)");
  }
  if (args.name.empty()) {
    throw UserInputError("--name is required (see qbt indicator --list)");
  }
  const Indicator& indicator = indicators::builtin_indicators().at(args.name);
  std::vector<ParamArg> param_args;
  for (const std::string& text : args.params) {
    param_args.push_back(parse_param(indicator, text));
  }
  const indicators::ParamValues params = indicator.resolve(param_args);
  const data::LoadResult loaded = load_input(args.data, args.input);

  auto lines = std::make_shared<indicators::LineColumns>(indicator.compute(params, loaded.frame));
  features::FeatureTable table(loaded.frame);
  for (std::size_t line = 0; line < lines->size(); ++line) {
    table.add_column(indicator.outputs()[line], (*lines)[line].data(), lines);
  }
  if (args.json || args.format == "json") {
    print_json_rows(indicator, params, table);
  } else {
    const std::string text = features::format_feature_csv(table);
    std::fwrite(text.data(), 1, text.size(), stdout);
  }
}

}  // namespace

void register_indicator_command(CLI::App& app) {
  auto args = std::make_shared<IndicatorArgs>();
  auto* cmd = app.add_subcommand(
      "indicator", "List the indicators, or compute one over DATA and print every bar");
  cmd->add_option("DATA", args->data, "Bars to compute on (.csv, .qbt)");
  cmd->add_flag("--list", args->list,
                "List every indicator: aliases, inputs, outputs, parameters, reference");
  cmd->add_flag("--json", args->json, "Print JSON (the list, or the values as with --format json)");
  cmd->add_option("--name", args->name, "Indicator name or alias, any case (sma, MACDHisto)");
  cmd->add_option("--param", args->params, "Parameter as name=value; repeat for several")
      ->allow_extra_args(false);
  cmd->add_option("--format", args->format,
                  "Output: csv (empty field while undefined) or json (null while undefined)")
      ->check(CLI::IsMember({"csv", "json"}))
      ->capture_default_str();
  add_input_options(*cmd, args->input);
  cmd->callback([args] { run_indicator(*args); });
}

}  // namespace qbt::cli
