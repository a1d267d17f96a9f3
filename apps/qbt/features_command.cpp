#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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
};

void run_features(const FeaturesArgs& args) {
  // The native .qbt format stores exactly the six bar columns, so feature tables go to CSV.
  if (data::format_from_extension(args.out) == data::BarFormat::native) {
    throw UserInputError(fmt::format(
        "--out: the native .qbt format holds bars only, not feature columns; use .csv, got '{}'",
        args.out));
  }
  const features::FeaturePlan plan(features::read_feature_specs(args.spec));
  const data::LoadResult loaded = load_input(args.data, args.input);
  const features::FeatureTable table =
      features::compute_features(loaded.frame, plan, {.threads = args.input.threads});
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
  cmd->callback([args] { run_features(*args); });
}

}  // namespace qbt::cli
