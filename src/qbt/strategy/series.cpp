#include "qbt/strategy/series.hpp"

#include <oneapi/tbb/parallel_for.h>

#include <array>
#include <utility>

#include <fmt/format.h>

#include "qbt/core/check.hpp"
#include "qbt/core/error.hpp"
#include "qbt/indicators/builtin.hpp"

namespace qbt::strategy {

using indicators::Indicator;
using indicators::ParamArg;

SeriesKey series_key(std::string_view indicator, std::initializer_list<ParamArg> args,
                     std::string_view line, std::vector<data::Field> inputs) {
  const Indicator* found = indicators::builtin_indicators().find(indicator);
  if (found == nullptr) {
    throw InternalError(fmt::format("series_key: no indicator '{}'", indicator));
  }
  const std::int32_t line_index = found->output_index(line);
  if (line_index < 0) {
    throw InternalError(fmt::format("series_key: {} has no line '{}'", found->name(), line));
  }
  if (inputs == found->inputs()) {
    inputs.clear();
  }
  const indicators::ParamValues params = found->resolve(args);
  return {found->name(), std::vector<double>(params.values().begin(), params.values().end()),
          line_index, std::move(inputs)};
}

namespace {

/// What a series key names: its indicator, parameters and input fields, checked.
struct ResolvedKey {
  const Indicator& indicator;
  indicators::ParamValues params;
  const std::vector<data::Field>& fields;
};

ResolvedKey resolve_key(const SeriesKey& key) {
  const Indicator& indicator = indicators::builtin_indicators().at(key.indicator);
  const std::vector<ParamSpec>& specs = indicator.params();
  const std::vector<data::Field>& fields = key.inputs.empty() ? indicator.inputs() : key.inputs;
  const std::size_t lines = indicator.outputs().size();
  if (key.params.size() != specs.size() || fields.size() != indicator.inputs().size() ||
      key.line < 0 || static_cast<std::size_t>(key.line) >= lines) {
    throw InternalError(fmt::format(
        "series key of {} has {} parameters (needs {}), {} inputs (needs {}) and line {} (of {})",
        indicator.name(), key.params.size(), specs.size(), fields.size(),
        indicator.inputs().size(), key.line, lines));
  }
  std::array<ParamArg, indicators::k_max_params> args{};
  for (std::size_t i = 0; i < specs.size(); ++i) {
    args[i] = {specs[i].name, key.params[i]};
  }
  return {indicator, indicator.resolve(std::span<const ParamArg>(args.data(), specs.size())),
          fields};
}

}  // namespace

void compute_series(const SeriesKey& key, const data::BarFrame& bars, std::span<double> out) {
  const ResolvedKey resolved = resolve_key(key);
  const Indicator& indicator = resolved.indicator;
  const indicators::ParamValues& params = resolved.params;
  const std::vector<data::Field>& fields = resolved.fields;
  const std::size_t lines = indicator.outputs().size();
  QBT_CHECK_OP(out.size(), ==, bars.size());

  std::vector<std::span<const double>> inputs;
  inputs.reserve(fields.size());
  for (const data::Field field : fields) {
    inputs.push_back(bars.field(field));
  }
  const std::size_t rows = bars.size();
  AlignedVector<double> scratch((lines - 1) * rows);
  std::vector<std::span<double>> outputs;
  outputs.reserve(lines);
  for (std::size_t j = 0, spare = 0; j < lines; ++j) {
    if (j == static_cast<std::size_t>(key.line)) {
      outputs.push_back(out);
    } else {
      outputs.emplace_back(scratch.data() + spare * rows, rows);
      ++spare;
    }
  }
  indicator.compute(params, inputs, outputs);
}

SeriesStream::SeriesStream(const SeriesKey& key) {
  const ResolvedKey resolved = resolve_key(key);
  stream_ = resolved.indicator.make_stream(resolved.params);
  fields_ = resolved.fields;
  lines_.assign(resolved.indicator.outputs().size(), 0.0);
  line_ = static_cast<std::size_t>(key.line);
  // Windows and rings hold about lookback values (a value and a position for extremes).
  const auto lookback = static_cast<std::size_t>(resolved.indicator.lookback(resolved.params));
  state_bytes_ = 256 + 16 * (lookback + 1);
}

void SeriesStream::next(const data::BarFrame& bars, std::span<double> out) {
  QBT_CHECK_OP(out.size(), ==, bars.size());
  std::array<std::span<const double>, 8> inputs{};
  QBT_CHECK_OP(fields_.size(), <=, inputs.size());
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    inputs[i] = bars.field(fields_[i]);
  }
  std::array<double, 8> bar{};
  const std::span<const double> bar_view(bar.data(), fields_.size());
  const std::span<double> lines(lines_);
  for (std::size_t row = 0; row < out.size(); ++row) {
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      bar[i] = inputs[i][row];
    }
    stream_->update(bar_view, lines);
    out[row] = lines[line_];
  }
}

std::size_t series_bytes(std::size_t n_bars) noexcept {
  const std::size_t bytes = n_bars * sizeof(double);
  return (bytes + k_column_alignment - 1) / k_column_alignment * k_column_alignment;
}

std::vector<AlignedVector<double>> compute_all_series(const SignalStrategy& strategy,
                                                      const ParamSet& params,
                                                      const data::BarFrame& bars) {
  std::vector<SeriesKey> keys;
  strategy.series(params, keys);
  std::vector<AlignedVector<double>> columns(keys.size());
  // The series are independent: compute them side by side (each is sequential inside, so the
  // values do not depend on the thread count).
  tbb::parallel_for(std::size_t{0}, keys.size(), [&](std::size_t k) {
    columns[k].resize(bars.size());
    compute_series(keys[k], bars, columns[k]);
  });
  return columns;
}

}  // namespace qbt::strategy
