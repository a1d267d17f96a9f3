#include "qbt/features/feature_matrix.hpp"

#include <algorithm>
#include <memory>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "qbt/core/ascii.hpp"
#include "qbt/core/aligned_allocator.hpp"
#include "qbt/core/error.hpp"

namespace qbt::features {

namespace {

using indicators::Indicator;
using indicators::ParamArg;
using indicators::ParamValues;

/// Rethrow a planning error of entry `number` with the entry named first.
[[noreturn]] void fail(std::size_t number, const std::string& what) {
  throw UserInputError(fmt::format("feature {}: {}", number, what));
}

bool same_computation(const FeatureComputation& a, const Indicator& indicator,
                      const ParamValues& params, const std::vector<data::Field>& inputs) {
  return a.indicator == &indicator && a.params == params && a.inputs == inputs;
}

/// Values per column block: each line starts on a 64-byte boundary.
constexpr std::size_t k_doubles_per_line = k_column_alignment / sizeof(double);

std::size_t padded(std::size_t rows) {
  return (rows + k_doubles_per_line - 1) / k_doubles_per_line * k_doubles_per_line;
}

}  // namespace

std::string default_prefix(const ParamValues& params, std::span<const data::Field> inputs) {
  const Indicator& indicator = params.indicator();
  std::string out = ascii_lower(indicator.name());
  for (const double value : params.values()) {
    out += fmt::format("_{}", value);
  }
  if (inputs.size() == 1 && indicator.inputs().size() == 1 && inputs[0] != indicator.inputs()[0]) {
    out += '_';
    out += data::to_string(inputs[0]);
  }
  return out;
}

FeaturePlan::FeaturePlan(std::span<const FeatureSpec> specs,
                         const indicators::IndicatorRegistry& registry) {
  if (specs.empty()) {
    throw UserInputError("no features requested");
  }
  std::vector<std::size_t> column_owner;  // spec number that introduced each column
  for (std::size_t number = 1; number <= specs.size(); ++number) {
    const FeatureSpec& spec = specs[number - 1];
    const Indicator* indicator = nullptr;
    std::optional<ParamValues> params;
    try {
      indicator = &registry.at(spec.indicator);
      std::vector<ParamArg> args;
      args.reserve(spec.params.size());
      for (const FeatureParam& param : spec.params) {
        args.push_back({param.name, param.value});
      }
      params.emplace(indicator->resolve(args));
    } catch (const UserInputError& e) {
      fail(number, e.message());
    }
    std::vector<data::Field> inputs = indicator->inputs();
    if (spec.input) {
      if (inputs.size() != 1) {
        std::string fields;
        for (const data::Field field : inputs) {
          fields += (fields.empty() ? "" : ", ") + std::string(data::to_string(field));
        }
        fail(number, fmt::format("\"input\" applies to single-input indicators only; {} reads {}",
                                 indicator->name(), fields));
      }
      inputs[0] = *spec.input;
    }

    std::size_t computation = computations_.size();
    for (std::size_t i = 0; i < computations_.size(); ++i) {
      if (same_computation(computations_[i], *indicator, *params, inputs)) {
        computation = i;
        break;
      }
    }
    if (computation == computations_.size()) {
      computations_.push_back({indicator, *params, inputs});
    }

    const std::string prefix = spec.prefix.empty() ? default_prefix(*params, inputs) : spec.prefix;
    const auto& outputs = indicator->outputs();
    for (std::size_t line = 0; line < outputs.size(); ++line) {
      std::string name = outputs.size() == 1 ? prefix : prefix + "." + outputs[line];
      const auto existing = std::find_if(columns_.begin(), columns_.end(),
                                         [&](const FeatureColumn& c) { return c.name == name; });
      if (existing != columns_.end()) {
        if (existing->computation == computation && existing->line == line) {
          continue;  // the same column again: nothing to add
        }
        fail(number, fmt::format("column '{}' is already produced by feature {}", name,
                                 column_owner[static_cast<std::size_t>(existing - columns_.begin())]));
      }
      columns_.push_back({std::move(name), computation, line});
      column_owner.push_back(number);
    }
  }
}

std::vector<std::string> FeaturePlan::column_names() const {
  std::vector<std::string> names;
  names.reserve(columns_.size());
  for (const FeatureColumn& column : columns_) {
    names.push_back(column.name);
  }
  return names;
}

std::int32_t FeaturePlan::lookback() const {
  std::int32_t longest = 0;
  for (const FeatureComputation& c : computations_) {
    longest = std::max(longest, c.indicator->lookback(c.params));
  }
  return longest;
}

std::vector<FeatureTable> compute_features(std::span<const data::BarFrame> symbols,
                                           const FeaturePlan& plan,
                                           const FeatureOptions& options) {
  const auto& computations = plan.computations();
  const std::size_t per_symbol = computations.size();
  std::vector<std::shared_ptr<void>> blocks(symbols.size() * per_symbol);

  // One task per (symbol, computation); each allocates and first touches its own block.
  const auto run = [&](std::size_t task) {
    const data::BarFrame& bars = symbols[task / per_symbol];
    const FeatureComputation& c = computations[task % per_symbol];
    const std::size_t rows = bars.size();
    const std::size_t lines = c.indicator->outputs().size();
    const std::size_t stride = padded(rows);
    std::shared_ptr<void> block = allocate_uninitialized(lines * stride * sizeof(double));
    auto* base = static_cast<double*>(block.get());
    std::vector<std::span<const double>> inputs;
    inputs.reserve(c.inputs.size());
    for (const data::Field field : c.inputs) {
      inputs.push_back(bars.field(field));
    }
    std::vector<std::span<double>> outputs;
    outputs.reserve(lines);
    for (std::size_t line = 0; line < lines; ++line) {
      outputs.emplace_back(base + line * stride, rows);
    }
    c.indicator->compute(c.params, inputs, outputs);
    blocks[task] = std::move(block);
  };
  const auto run_all = [&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, blocks.size(), 1),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        for (std::size_t task = range.begin(); task != range.end(); ++task) {
                          run(task);
                        }
                      });
  };
  if (options.threads == 0) {
    run_all();
  } else {
    tbb::task_arena arena(static_cast<int>(options.threads));
    arena.execute(run_all);
  }

  std::vector<FeatureTable> tables;
  tables.reserve(symbols.size());
  for (std::size_t s = 0; s < symbols.size(); ++s) {
    FeatureTable table(symbols[s]);
    const std::size_t stride = padded(symbols[s].size());
    for (const FeatureColumn& column : plan.columns()) {
      const std::shared_ptr<void>& block = blocks[s * per_symbol + column.computation];
      table.add_column(column.name, static_cast<const double*>(block.get()) + column.line * stride,
                       block);
    }
    tables.push_back(std::move(table));
  }
  return tables;
}

FeatureTable compute_features(const data::BarFrame& bars, const FeaturePlan& plan,
                              const FeatureOptions& options) {
  return std::move(compute_features(std::span<const data::BarFrame>(&bars, 1), plan, options)[0]);
}

FeatureTable compute_features(const data::BarFrame& bars, std::span<const FeatureSpec> specs,
                              const FeatureOptions& options) {
  return compute_features(bars, FeaturePlan(specs), options);
}

}  // namespace qbt::features
