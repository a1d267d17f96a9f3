// qbt's indicators against the values backtrader's own test suite asserts (README.md here):
// for every entry of backtrader_indicators.json whose indicator is registered, compute it on the
// same data with the same parameters and compare printf("%f") at the check indexes, line by line,
// plus the minimum period (lookback + 1). Entries whose indicator is not registered yet are
// skipped and listed, so the list shows what is left to implement.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "qbt/data/bar_frame.hpp"
#include "qbt/data/csv_reader.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/trend/sma.hpp"
#include "qbt/testing/test_paths.hpp"

namespace qbt {
namespace {

using indicators::builtin_indicators;
using indicators::Indicator;
using indicators::ParamArg;
using indicators::ParamValues;
using nlohmann::json;

const json& reference() {
  static const json document = [] {
    std::ifstream file(testing::source_path("tests/reference/backtrader_indicators.json"));
    return json::parse(file);
  }();
  return document;
}

const json& entry(const std::string& id) {
  for (const json& test : reference().at("indicator_tests")) {
    if (test.at("id") == id) {
      return test;
    }
  }
  throw std::runtime_error("no entry " + id);
}

std::vector<std::string> entry_ids() {
  std::vector<std::string> ids;
  for (const json& test : reference().at("indicator_tests")) {
    ids.push_back(test.at("id").get<std::string>());
  }
  return ids;
}

/// The class names an entry constructs: one for most, several for ind_minperiod.
std::vector<std::string> constructed(const json& test) {
  const json& value = test.at("constructed_as");
  if (value.is_array()) {
    return value.get<std::vector<std::string>>();
  }
  return {value.get<std::string>()};
}

/// The registered indicator for a backtrader class name, trying the names the entry gives.
const Indicator* find_indicator(const json& test, const std::string& constructed_as) {
  std::vector<std::string> names{constructed_as};
  if (constructed(test).size() == 1) {
    const json& info = test.at("indicator");
    names.push_back(info.at("alias_used").get<std::string>());
    names.push_back(info.at("cls").get<std::string>());
    for (const json& alias : info.at("aliases")) {
      names.push_back(alias.get<std::string>());
    }
  }
  for (const std::string& name : names) {
    if (const Indicator* indicator = builtin_indicators().find(name)) {
      return indicator;
    }
  }
  return nullptr;
}

/// The entry's parameters that the indicator declares (by backtrader's names); the others, such
/// as `movav` class names or plotting bands, are backtrader implementation details.
ParamValues params_for(const Indicator& indicator, const json& test) {
  std::vector<std::string> names;
  std::vector<double> values;
  for (const auto& [name, value] : test.at("params").items()) {
    if (indicator.param_index(name) < 0 || !(value.is_number() || value.is_boolean())) {
      continue;
    }
    names.push_back(name);
    values.push_back(value.is_boolean() ? (value.get<bool>() ? 1.0 : 0.0) : value.get<double>());
  }
  std::vector<ParamArg> args;
  for (std::size_t i = 0; i < names.size(); ++i) {
    args.push_back({names[i], values[i]});
  }
  return indicator.resolve(args);
}

const data::BarFrame& load(const std::string& relative) {
  static std::map<std::string, data::BarFrame> cache;
  auto it = cache.find(relative);
  if (it == cache.end()) {
    it = cache.emplace(relative, data::read_csv(testing::source_path(relative)).frame).first;
  }
  return it->second;
}

/// The bars an entry runs on. backtrader's weekly resample of the daily file is byte for byte
/// 2006-week-001.txt (README.md), so that file stands in for it.
// TODO(lead): also derive the weekly bars with data::resample (qbt/data/resample.hpp, weeks,
// label = last) from the daily file once that module has settled.
const data::BarFrame& bars_for(const json& test) {
  if (test.contains("data_transform")) {
    const json& transform = test.at("data_transform");
    EXPECT_EQ(transform.at("kind"), "resample");
    EXPECT_EQ(transform.at("timeframe"), "Weeks");
    return load("data/backtrader/2006-week-001.txt");
  }
  return load("data/backtrader/2006-day-001.txt");
}

/// The period of an `SMA(n)` input (SMAEnvelope/Oscillator entries feed an SMA of close).
std::optional<std::int32_t> sma_input_period(const json& test) {
  for (const json& input : test.at("input")) {
    const std::string text = input.get<std::string>();
    const std::size_t open = text.find("SMA(");
    if (open == std::string::npos) {
      continue;
    }
    std::int32_t period = 0;
    const char* first = text.data() + open + 4;
    const char* last = text.data() + text.size();
    const auto [end, error] = std::from_chars(first, last, period);
    if (error == std::errc() && end != last && *end == ')') {
      return period;
    }
  }
  return std::nullopt;
}

std::string format_like_backtrader(double value) {
  if (std::isnan(value)) {
    return "nan";  // glibc may print "-nan"; Python always prints "nan"
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%f", value);
  return buffer;
}

class BacktraderIndicator : public ::testing::TestWithParam<std::string> {};

TEST_P(BacktraderIndicator, MatchesUpstreamValuesAndMinimumPeriod) {
  const json& test = entry(GetParam());
  const auto names = constructed(test);
  std::vector<const Indicator*> found;
  std::vector<std::string> missing;
  for (const std::string& name : names) {
    const Indicator* indicator = find_indicator(test, name);
    if (indicator == nullptr) {
      missing.push_back(name);
    }
    found.push_back(indicator);
  }
  if (!missing.empty()) {
    FAIL() << "not registered: " << fmt::format("{}", fmt::join(missing, ", "));
  }

  const data::BarFrame& bars = bars_for(test);
  ASSERT_EQ(bars.size(), test.at("n_bars").get<std::size_t>());

  // Every indicator the entry constructs counts towards the minimum period; the first one gets
  // the entry's parameters, any others (ind_minperiod) their defaults.
  std::int32_t min_period = 0;
  for (std::size_t i = 0; i < found.size(); ++i) {
    const ParamValues params = i == 0 ? params_for(*found[i], test) : found[i]->defaults();
    min_period = std::max(min_period, found[i]->lookback(params) + 1);
  }
  EXPECT_EQ(min_period, test.at("expected_min_period").get<std::int32_t>());

  const Indicator& indicator = *found[0];
  const ParamValues params = params_for(indicator, test);
  SCOPED_TRACE(params.to_string());
  std::vector<AlignedVector<double>> sources;
  std::vector<std::span<const double>> inputs;
  if (const auto period = sma_input_period(test)) {
    ASSERT_EQ(indicator.inputs().size(), 1U) << "an SMA input feeds single-input indicators";
    sources.emplace_back(bars.size());
    indicators::sma(bars.close(), *period, sources.back());
    inputs.emplace_back(sources.back());
  } else {
    for (const indicators::Field field : indicator.inputs()) {
      inputs.push_back(bars.field(field));
    }
  }
  const indicators::LineColumns lines = indicator.compute(params, inputs);

  const auto check_indexes = test.at("check_indexes").get<std::vector<std::size_t>>();
  for (const json& line : test.at("lines_expected")) {
    if (line.at("expected").is_null()) {
      continue;  // not checked upstream (ind_minperiod)
    }
    const auto name = line.at("name").get<std::string>();
    const std::int32_t index = indicator.output_index(name);
    ASSERT_GE(index, 0) << indicator.name() << " has no output line '" << name << "'";
    const auto expected = line.at("expected").get<std::vector<std::string>>();
    ASSERT_EQ(expected.size(), check_indexes.size());
    for (std::size_t k = 0; k < check_indexes.size(); ++k) {
      const double value = lines[static_cast<std::size_t>(index)][check_indexes[k]];
      EXPECT_EQ(format_like_backtrader(value), expected[k])
          << "line '" << name << "' at bar " << check_indexes[k] << " ("
          << test.at("check_dates")[k].get<std::string>() << "), exact value "
          << fmt::format("{}", value);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Upstream, BacktraderIndicator, ::testing::ValuesIn(entry_ids()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           return param_info.param;
                         });

TEST(BacktraderIndicators, EveryReferencedIndicatorIsRegistered) {
  std::vector<std::string> missing;
  for (const json& test : reference().at("indicator_tests")) {
    for (const std::string& name : constructed(test)) {
      if (find_indicator(test, name) == nullptr &&
          std::find(missing.begin(), missing.end(), name) == missing.end()) {
        missing.push_back(name);
      }
    }
  }
  EXPECT_TRUE(missing.empty()) << missing.size() << " backtrader indicators not registered: "
                               << fmt::format("{}", fmt::join(missing, ", "));
}

}  // namespace
}  // namespace qbt
