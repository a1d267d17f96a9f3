#include "qbt/bench_suite/feature_workloads.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include <fmt/format.h>

#include "qbt/bench_suite/checksum.hpp"
#include "qbt/data/synthetic.hpp"
#include "qbt/features/feature_matrix.hpp"

namespace qbt::bench_suite {

namespace {

std::vector<features::FeatureSpec> twenty_indicators() {
  using features::FeatureSpec;
  return {
      {.indicator = "SMA", .params = {{"period", 10}}},
      {.indicator = "SMA", .params = {{"period", 50}}},
      {.indicator = "EMA", .params = {{"period", 12}}},
      {.indicator = "EMA", .params = {{"period", 26}}},
      {.indicator = "WMA", .params = {{"period", 30}}},
      {.indicator = "SMMA", .params = {{"period", 14}}},
      {.indicator = "DEMA", .params = {{"period", 30}}},
      {.indicator = "TEMA", .params = {{"period", 30}}},
      {.indicator = "Highest", .params = {{"period", 20}}, .input = data::Field::high},
      {.indicator = "Lowest", .params = {{"period", 20}}, .input = data::Field::low},
      {.indicator = "ATR", .params = {{"period", 14}}},
      {.indicator = "TR"},
      {.indicator = "DM", .params = {{"period", 14}}},
      {.indicator = "AroonUpDown", .params = {{"period", 14}}},
      {.indicator = "Vortex", .params = {{"period", 14}}},
      {.indicator = "Ichimoku"},
      {.indicator = "OBV"},
      {.indicator = "VWAP", .params = {{"period", 20}}},
      {.indicator = "MFI", .params = {{"period", 14}}},
      {.indicator = "SMA", .params = {{"period", 20}}, .input = data::Field::volume},
  };
}

struct FeatureState {
  data::BarFrame bars;
  std::optional<features::FeaturePlan> plan;
  features::FeatureTable table;
};

}  // namespace

void add_feature_workloads(SuiteMode mode, std::vector<Workload>& out) {
  const bool quick = mode == SuiteMode::quick;
  const std::int64_t rows = quick ? 100'000 : 1'000'000;
  Workload w;
  w.name = fmt::format("features.matrix_20_{}", rows);
  w.description = fmt::format(
      "compute_features: 20 indicators (29 columns) over {} 1-minute bars, every core", rows);
  w.item_unit = "rows";
  w.rate_unit = "M rows/s";
  w.rate_scale = 1e6;
  w.repetitions = quick ? 3 : 7;
  w.warmups = 1;
  w.prepare = [rows](const WorkloadContext&) {
    auto state = std::make_shared<FeatureState>();
    data::SyntheticOptions options;
    options.bars = rows;
    options.seed = 42;
    state->bars = data::generate_bars(options);
    const std::vector<features::FeatureSpec> specs = twenty_indicators();
    state->plan.emplace(specs);
    Body body;
    body.run = [state] {
      state->table = features::compute_features(state->bars, *state->plan);
      return static_cast<double>(state->table.rows());
    };
    body.finish = [state] {
      Checksum checksum;
      for (std::size_t i = 0; i < state->table.column_count(); ++i) {
        checksum.add(state->table.column_names()[i]).add(state->table.column(i));
      }
      state->table = features::FeatureTable();
      return checksum.hex();
    };
    return body;
  };
  out.push_back(std::move(w));
}

}  // namespace qbt::bench_suite
