#include "qbt/features/feature_spec.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/testing/temp_dir.hpp"

namespace qbt::features {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

TEST(FeatureSpec, ParsesEveryKeyAndTheShorthand) {
  const auto specs = parse_feature_specs(R"({"features": [
      {"indicator": "SMA", "params": {"period": 20}, "input": "Volume", "prefix": "vol_sma"},
      {"indicator": "MACDHisto", "params": {"period_me1": 10, "period_me2": 30}},
      "rsi",
      {"indicator": "Fractal", "params": {"bardist": 0.02}}]})");
  ASSERT_EQ(specs.size(), 4U);
  EXPECT_EQ(specs[0].indicator, "SMA");
  ASSERT_EQ(specs[0].params.size(), 1U);
  EXPECT_EQ(specs[0].params[0].name, "period");
  EXPECT_EQ(specs[0].params[0].value, 20.0);
  EXPECT_EQ(specs[0].input, data::Field::volume);
  EXPECT_EQ(specs[0].prefix, "vol_sma");
  EXPECT_EQ(specs[1].params.size(), 2U);
  EXPECT_EQ(specs[2].indicator, "rsi");
  EXPECT_TRUE(specs[2].params.empty());
  EXPECT_FALSE(specs[2].input.has_value());
  EXPECT_EQ(specs[3].params[0].value, 0.02);
}

TEST(FeatureSpec, AcceptsABareArrayAndBooleans) {
  const auto specs = parse_feature_specs(R"([{"indicator": "RSI", "params": {"safediv": true}}])");
  ASSERT_EQ(specs.size(), 1U);
  EXPECT_EQ(specs[0].params[0].value, 1.0);
}

struct BadSpec {
  const char* name;
  const char* json;
  const char* message;
};

class FeatureSpecErrors : public ::testing::TestWithParam<BadSpec> {};

TEST_P(FeatureSpecErrors, NameTheEntryAndTheProblem) {
  const BadSpec& bad = GetParam();
  EXPECT_THAT([&] { (void)parse_feature_specs(bad.json, "spec.json"); },
              ThrowsMessage<UserInputError>(std::string(bad.message) + " at spec.json"));
}

INSTANTIATE_TEST_SUITE_P(
    Every, FeatureSpecErrors,
    ::testing::Values(
        BadSpec{"not_json", "{", "invalid JSON in feature spec: parse error at line 1, column 2: "
                                 "syntax error while parsing object key - unexpected end of "
                                 "input; expected string literal"},
        BadSpec{"unknown_top_key", R"({"feature": []})",
                "feature spec: unknown key 'feature' (expected \"features\")"},
        BadSpec{"not_array", R"({"features": 3})",
                "feature spec: \"features\" must be an array, got number"},
        BadSpec{"empty", R"({"features": []})", "feature spec: no features"},
        BadSpec{"entry_type", R"([3])", "feature 1: must be an object or an indicator name, got number"},
        BadSpec{"missing_indicator", R"([{"params": {}}])", "feature 1: missing \"indicator\""},
        BadSpec{"unknown_key", R"(["sma", {"indicator": "SMA", "perid": 3}])",
                "feature 2: unknown key 'perid' (known: indicator, params, input, prefix)"},
        BadSpec{"param_type", R"([{"indicator": "SMA", "params": {"period": "30"}}])",
                "feature 1: parameter 'period' must be a number or a boolean, got string"},
        BadSpec{"params_type", R"([{"indicator": "SMA", "params": [30]}])",
                "feature 1: \"params\" must be an object, got array"},
        BadSpec{"bad_input", R"([{"indicator": "SMA", "input": "adj_close"}])",
                "feature 1: \"input\" must be one of open, high, low, close, volume, got "
                "\"adj_close\""},
        BadSpec{"empty_prefix", R"([{"indicator": "SMA", "prefix": ""}])",
                "feature 1: \"prefix\" must be a non-empty string"}),
    [](const ::testing::TestParamInfo<BadSpec>& param_info) { return std::string(param_info.param.name); });

TEST(FeatureSpec, ReadsAFileAndReportsAMissingOne) {
  const qbt::testing::TempDir dir;
  const std::string path = dir.write("f.json", R"({"features": ["SMA"]})");
  EXPECT_EQ(read_feature_specs(path).size(), 1U);
  EXPECT_THAT([] { (void)read_feature_specs("/nonexistent/f.json"); },
              ThrowsMessage<IoError>(HasSubstr("cannot open file")));
}

TEST(FeatureSpec, ParsesFieldNames) {
  EXPECT_EQ(parse_field("high"), data::Field::high);
  EXPECT_EQ(parse_field("CLOSE"), data::Field::close);
  EXPECT_FALSE(parse_field("adj").has_value());
}

}  // namespace
}  // namespace qbt::features
