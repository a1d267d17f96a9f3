#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cache_flags.hpp"
#include "command.hpp"
#include "input_options.hpp"
#include "qbt/core/error.hpp"
#include "qbt/data/bar_io.hpp"
#include "qbt/features/feature_csv.hpp"
#include "qbt/features/feature_matrix.hpp"
#include "qbt/features/feature_spec.hpp"

namespace qbt::cli {

namespace {

struct FeaturesArgs {
  std::string data;
  std::string spec;
  std::string out;
  InputOptions input;
  bool json = false;
  CacheFlags cache;
};

/// The cache key of one line of one computation: the bars' content, the indicator with every
/// parameter (defaults included) and the fields it reads (docs/cache.md). The column's name is
/// not part of it, so a renamed prefix still hits.
std::string column_key(const std::string& data_checksum, const features::FeatureComputation& c,
                       std::size_t line) {
  const indicators::Indicator& indicator = *c.indicator;
  cache::KeyBuilder key("features.column");
  key.add_text("data", data_checksum).add_text("indicator", indicator.name());
  for (std::size_t i = 0; i < c.params.size(); ++i) {
    key.add_real(indicator.params()[i].name, c.params[i]);
  }
  for (const data::Field field : c.inputs) {
    key.add_text("input", data::to_string(field));
  }
  return key.add_int("line", static_cast<std::int64_t>(line))
      .add_text("line.name", indicator.outputs()[line])
      .finish();
}

/// Compute `plan` over `bars`, taking every computation whose lines are all cached from the
/// cache and storing the lines of the others. The table is the same, bit for bit.
features::FeatureTable compute_with_cache(const data::BarFrame& bars,
                                          const features::FeaturePlan& plan,
                                          const features::FeatureOptions& options,
                                          cache::ResultCache& result_cache) {
  if (!result_cache.enabled()) {
    return features::compute_features(bars, plan, options);
  }
  const auto& computations = plan.computations();
  const std::string checksum = cache::data_checksum(bars);
  // lines[c][l]: the column of line l of computation c, once known.
  std::vector<std::vector<cache::CachedColumn>> lines(computations.size());
  std::vector<features::FeatureSpec> missing;
  std::vector<std::size_t> missing_index;
  for (std::size_t c = 0; c < computations.size(); ++c) {
    const std::size_t count = computations[c].indicator->outputs().size();
    for (std::size_t l = 0; l < count; ++l) {
      std::optional<cache::CachedColumn> column =
          result_cache.get_column(column_key(checksum, computations[c], l));
      if (!column || column->values.size() != bars.size()) {
        break;
      }
      lines[c].push_back(std::move(*column));
    }
    if (lines[c].size() == count) {
      continue;
    }
    lines[c].clear();
    // The same computation as a spec of its own, under a prefix naming its position.
    const indicators::Indicator& indicator = *computations[c].indicator;
    features::FeatureSpec spec{.indicator = indicator.name(),
                               .prefix = fmt::format("c{}", missing.size())};
    for (std::size_t i = 0; i < computations[c].params.size(); ++i) {
      spec.params.push_back({indicator.params()[i].name, computations[c].params[i]});
    }
    if (computations[c].inputs.size() == 1) {
      spec.input = computations[c].inputs[0];
    }
    missing.push_back(std::move(spec));
    missing_index.push_back(c);
  }
  if (!missing.empty()) {
    const features::FeaturePlan rest(missing);
    const auto computed =
        std::make_shared<const features::FeatureTable>(features::compute_features(bars, rest, options));
    for (std::size_t k = 0; k < missing.size(); ++k) {
      const std::size_t c = missing_index[k];
      const auto& outputs = computations[c].indicator->outputs();
      for (std::size_t l = 0; l < outputs.size(); ++l) {
        const std::string name = outputs.size() == 1 ? missing[k].prefix
                                                     : missing[k].prefix + "." + outputs[l];
        const std::span<const double> values = computed->column(name);
        result_cache.put_column(column_key(checksum, computations[c], l), values);
        lines[c].push_back({computed, values});
      }
    }
  }
  features::FeatureTable table(bars);
  for (const features::FeatureColumn& column : plan.columns()) {
    const cache::CachedColumn& values = lines[column.computation][column.line];
    table.add_column(column.name, values.values.data(), values.owner);
  }
  return table;
}

void run_features(const FeaturesArgs& args) {
  // The native .qbt format stores exactly the six bar columns, so feature tables go to CSV.
  if (data::format_from_extension(args.out) == data::BarFormat::native) {
    throw UserInputError(fmt::format(
        "--out: the native .qbt format holds bars only, not feature columns; use .csv, got '{}'",
        args.out));
  }
  const features::FeaturePlan plan(features::read_feature_specs(args.spec));
  const data::LoadResult loaded = load_input(args.data, args.input);
  cache::ResultCache result_cache = open_cache(args.cache);
  const features::FeatureTable table = compute_with_cache(
      loaded.frame, plan, {.threads = args.input.threads}, result_cache);
  features::write_feature_csv(table, args.out);
  if (args.json) {
    const nlohmann::ordered_json out = {{"input", args.data},
                                        {"spec", args.spec},
                                        {"output", args.out},
                                        {"symbol", table.symbol()},
                                        {"rows", table.rows()},
                                        {"indicators", plan.computations().size()},
                                        {"columns", plan.column_names()},
                                        {"lookback", plan.lookback()}};
    fmt::print("{}\n", out.dump(2));
  } else {
    fmt::print("wrote {} rows x {} feature columns ({} indicators) of {} to {}\n", table.rows(),
               table.column_count(), plan.computations().size(), table.symbol(), args.out);
  }
}

}  // namespace

void register_features_command(CLI::App& app) {
  auto args = std::make_shared<FeaturesArgs>();
  auto* cmd = app.add_subcommand(
      "features", "Compute a feature matrix (many indicators) over DATA and write it as CSV");
  cmd->add_option("DATA", args->data, "Bars to compute on (.csv, .qbt)")->required();
  cmd->add_option("--spec", args->spec, "Feature spec JSON (docs/features.md)")->required();
  cmd->add_option("--out", args->out, "Output CSV file")->required();
  add_input_options(*cmd, args->input);
  cmd->add_flag("--json", args->json, "Print a JSON summary");
  add_cache_flags(*cmd, args->cache);
  cmd->callback([args] { run_features(*args); });
}

}  // namespace qbt::cli
