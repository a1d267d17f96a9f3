// Properties every registered indicator must have, checked over synthetic OHLCV bars so that
// indicators added later are covered without touching this file:
// - the batch kernel and the streaming state agree (bit for bit, or within 1e-12 relative),
//   on clean data, on data with NaN gaps, for the default and random valid parameters;
// - lookback(params) is exactly the number of leading undefined outputs (max over lines), and
//   leading NaN inputs only shift the warm-up.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/core/frequency.hpp"
#include "qbt/data/bar_frame.hpp"
#include "qbt/data/synthetic.hpp"
#include "qbt/indicators/builtin.hpp"

namespace qbt::indicators {
namespace {

constexpr std::size_t k_rows = 600;
/// The first row of gapped_bars() with a NaN after the leading gap.
constexpr std::size_t k_first_interior_gap = 300;
constexpr std::size_t k_leading_gap = 13;  ///< bars of all-NaN input at the start of gapped data
constexpr int k_random_param_sets = 8;

/// Five OHLCV columns as plain vectors, so tests can punch NaN holes in them.
struct Columns {
  std::array<std::vector<double>, data::k_field_count> fields;

  [[nodiscard]] std::span<const double> field(Field f) const {
    return fields[static_cast<std::size_t>(f)];
  }
};

Columns clean_bars() {
  data::SyntheticOptions options;
  options.bars = static_cast<std::int64_t>(k_rows);
  options.frequency = Frequency::days(1);
  options.volatility = 0.4;
  options.seed = 20240611;
  const data::BarFrame frame = data::generate_bars(options);
  Columns columns;
  for (const Field f : data::k_fields) {
    const auto values = frame.field(f);
    columns.fields[static_cast<std::size_t>(f)].assign(values.begin(), values.end());
  }
  return columns;
}

/// Clean bars with an all-NaN run at the start, NaN in single fields and a NaN run mid-way.
Columns gapped_bars() {
  Columns columns = clean_bars();
  const auto blank = [&](std::size_t row, Field f) {
    columns.fields[static_cast<std::size_t>(f)][row] = std::numeric_limits<double>::quiet_NaN();
  };
  for (const Field f : data::k_fields) {
    for (std::size_t row = 0; row < k_leading_gap; ++row) {
      blank(row, f);
    }
    for (std::size_t row = 450; row < 453; ++row) {
      blank(row, f);
    }
  }
  blank(k_first_interior_gap, Field::close);
  blank(320, Field::high);
  blank(340, Field::low);
  blank(360, Field::open);
  blank(380, Field::volume);
  return columns;
}

bool same(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) {
    return std::isnan(a) && std::isnan(b);
  }
  return a == b || std::fabs(a - b) <= 1e-12 * std::max(std::fabs(a), std::fabs(b));
}

/// A value around the default, inside the spec's range.
double sample(const ParamSpec& spec, std::mt19937_64& rng) {
  if (spec.kind == ParamKind::boolean) {
    return static_cast<double>(rng() & 1U);
  }
  const double reach = std::max(std::fabs(spec.default_value),
                                spec.kind == ParamKind::integer ? 10.0 : 1.0);
  const double lo = std::max(spec.min_value, spec.default_value - reach);
  const double hi = std::min(spec.max_value, spec.default_value + reach);
  const double unit = static_cast<double>(rng() >> 11) * 0x1.0p-53;
  if (spec.kind == ParamKind::integer) {
    const double first = std::ceil(lo);
    const double count = std::floor(hi) - first + 1.0;
    return first + std::min(std::floor(unit * count), count - 1.0);
  }
  return lo + unit * (hi - lo);
}

/// The defaults plus random valid parameter sets (combinations the indicator rejects are skipped).
std::vector<ParamValues> param_sets(const Indicator& indicator) {
  std::vector<ParamValues> sets{indicator.defaults()};
  std::uint64_t seed = 0xcbf29ce484222325ULL;  // FNV-1a of the name: a fixed seed per indicator
  for (const char ch : indicator.name()) {
    seed = (seed ^ static_cast<unsigned char>(ch)) * 0x100000001b3ULL;
  }
  std::mt19937_64 rng(seed);
  for (int attempt = 0; attempt < 4 * k_random_param_sets && indicator.params().size() > 0 &&
                        sets.size() <= k_random_param_sets;
       ++attempt) {
    std::vector<ParamArg> args;
    for (const ParamSpec& spec : indicator.params()) {
      args.push_back({spec.name, sample(spec, rng)});
    }
    try {
      sets.push_back(indicator.resolve(args));
    } catch (const UserInputError&) {
      // an invalid combination, e.g. fast >= slow: try another
    }
  }
  return sets;
}

std::vector<std::span<const double>> inputs_of(const Indicator& indicator, const Columns& bars) {
  std::vector<std::span<const double>> inputs;
  for (const Field f : indicator.inputs()) {
    inputs.push_back(bars.field(f));
  }
  return inputs;
}

void expect_batch_matches_stream(const ParamValues& params, const Columns& bars,
                                 const char* data_name) {
  const Indicator& indicator = params.indicator();
  const auto inputs = inputs_of(indicator, bars);
  const LineColumns lines = indicator.compute(params, inputs);
  const auto stream = indicator.make_stream(params);
  std::vector<double> bar(inputs.size());
  std::vector<double> out(lines.size());
  int failures = 0;
  for (std::size_t row = 0; row < k_rows && failures < 5; ++row) {
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      bar[i] = inputs[i][row];
    }
    std::fill(out.begin(), out.end(), -12345.0);
    stream->update(bar, out);
    for (std::size_t line = 0; line < lines.size(); ++line) {
      if (!same(lines[line][row], out[line])) {
        ADD_FAILURE() << fmt::format("{} on {} data, line '{}', row {}: batch {} != stream {}",
                                     params.to_string(), data_name, indicator.outputs()[line],
                                     row, lines[line][row], out[line]);
        ++failures;
      }
    }
  }
}

/// Leading NaN count of the line that becomes defined last.
std::size_t leading_undefined(const LineColumns& lines, std::size_t* shortest = nullptr) {
  std::size_t longest = 0;
  std::size_t least = k_rows;
  for (const auto& line : lines) {
    const auto first = std::find_if(line.begin(), line.end(),
                                    [](double v) { return !std::isnan(v); });
    const auto count = static_cast<std::size_t>(first - line.begin());
    longest = std::max(longest, count);
    least = std::min(least, count);
  }
  if (shortest != nullptr) {
    *shortest = least;
  }
  return longest;
}

std::vector<std::string> indicator_names() {
  std::vector<std::string> names;
  for (const Indicator* indicator : builtin_indicators().list()) {
    names.push_back(indicator->name());
  }
  return names;
}

class EveryIndicator : public ::testing::TestWithParam<std::string> {
protected:
  [[nodiscard]] const Indicator& indicator() const { return builtin_indicators().at(GetParam()); }
};

TEST_P(EveryIndicator, BatchMatchesStreaming) {
  const Columns clean = clean_bars();
  const Columns gapped = gapped_bars();
  for (const ParamValues& params : param_sets(indicator())) {
    expect_batch_matches_stream(params, clean, "clean");
    expect_batch_matches_stream(params, gapped, "gapped");
  }
}

TEST_P(EveryIndicator, LookbackIsTheNumberOfLeadingUndefinedOutputs) {
  const Columns clean = clean_bars();
  if (indicator().nan_after_warmup()) {
    // Undefined after the warm-up by design (Fractal): the warm-up itself must still be NaN.
    for (const ParamValues& params : param_sets(indicator())) {
      const auto lookback = static_cast<std::size_t>(indicator().lookback(params));
      SCOPED_TRACE(params.to_string());
      std::size_t shortest = 0;
      leading_undefined(indicator().compute(params, inputs_of(indicator(), clean)), &shortest);
      EXPECT_GE(shortest, std::min(lookback, k_rows));
    }
    return;
  }
  const Columns gapped = gapped_bars();
  for (const ParamValues& params : param_sets(indicator())) {
    const auto lookback = static_cast<std::size_t>(indicator().lookback(params));
    if (lookback + k_leading_gap >= k_rows) {
      continue;
    }
    SCOPED_TRACE(params.to_string());
    std::size_t shortest = 0;
    EXPECT_EQ(leading_undefined(indicator().compute(params, inputs_of(indicator(), clean)),
                                &shortest),
              lookback)
        << "leading NaNs on clean data (maximum over lines)";
    // Only meaningful while the warm-up ends before the first interior NaN (row 300): a longer
    // window still holds that NaN when the leading gap would have let it start.
    if (lookback + k_leading_gap < k_first_interior_gap) {
      EXPECT_EQ(leading_undefined(indicator().compute(params, inputs_of(indicator(), gapped))),
                lookback + k_leading_gap)
          << "leading NaN inputs must only delay the warm-up";
    }
    EXPECT_LE(shortest, lookback);
  }
}

INSTANTIATE_TEST_SUITE_P(Builtin, EveryIndicator, ::testing::ValuesIn(indicator_names()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string name = param_info.param;
                           for (char& ch : name) {
                             if (std::isalnum(static_cast<unsigned char>(ch)) == 0) {
                               ch = '_';
                             }
                           }
                           return name;
                         });

}  // namespace
}  // namespace qbt::indicators
