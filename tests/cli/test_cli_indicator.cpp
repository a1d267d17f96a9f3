// The `qbt indicator` and `qbt features` commands end to end: bad names, parameters and values
// give their message and exit code 1; SMA(30) on backtrader's daily sample prints the value
// backtrader's own test asserts (tests/reference/backtrader_indicators.json, ind_sma: 3644.444667
// at bar 29, 2006-02-10), in CSV and in JSON.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "qbt/testing/run_command.hpp"
#include "qbt/testing/temp_dir.hpp"
#include "qbt/testing/test_paths.hpp"

namespace qbt {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::run_qbt;
using testing::TempDir;

std::string daily() { return testing::source_path("data/backtrader/2006-day-001.txt"); }

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

std::string printf_f(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%f", value);
  return buffer;
}

struct BadCall {
  std::string name;
  std::vector<std::string> args;
  std::string expected_error;
};

class CliIndicatorErrors : public ::testing::TestWithParam<BadCall> {};

TEST_P(CliIndicatorErrors, MessageAndExitCode1) {
  std::vector<std::string> args{"indicator"};
  for (const std::string& arg : GetParam().args) {
    args.push_back(arg == "DATA" ? daily() : arg);
  }
  const auto result = run_qbt(args);
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(result.err, "qbt: error: " + GetParam().expected_error + "\n");
  EXPECT_TRUE(result.out.empty()) << result.out;
}

INSTANTIATE_TEST_SUITE_P(
    Every, CliIndicatorErrors,
    ::testing::Values(
        BadCall{"unknown_indicator", {"DATA", "--name", "SMAA"},
                "unknown indicator 'SMAA' (did you mean 'SMA'?)"},
        BadCall{"unknown_param", {"DATA", "--name", "sma", "--param", "periodd=3"},
                "SMA: unknown parameter 'periodd' (known: period)"},
        BadCall{"not_a_number", {"DATA", "--name", "sma", "--param", "period=abc"},
                "SMA: parameter 'period' must be a number, got 'abc'"},
        BadCall{"out_of_range", {"DATA", "--name", "sma", "--param", "period=0"},
                "SMA: parameter 'period' must be >= 1, got 0"},
        BadCall{"not_an_integer", {"DATA", "--name", "sma", "--param", "period=2.5"},
                "SMA: parameter 'period' must be an integer, got 2.5"},
        BadCall{"given_twice", {"DATA", "--name", "sma", "--param", "period=2", "--param",
                                "period=3"},
                "SMA: parameter 'period' given twice"},
        BadCall{"no_equals", {"DATA", "--name", "sma", "--param", "period"},
                "--param must be name=value, got 'period'"},
        BadCall{"no_data", {"--name", "sma"}, "DATA is required (or use --list)"},
        BadCall{"no_name", {"DATA"}, "--name is required (see qbt indicator --list)"},
        BadCall{"missing_file", {"/nonexistent/bars.csv", "--name", "sma"},
                "cannot open file: No such file or directory at /nonexistent/bars.csv"}),
    [](const ::testing::TestParamInfo<BadCall>& param_info) { return param_info.param.name; });

TEST(CliIndicator, SmaCsvHasEmptyWarmupAndBacktradersValue) {
  const auto result = run_qbt({"indicator", daily(), "--name", "sma", "--param", "period=30"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto lines = lines_of(result.out);
  ASSERT_EQ(lines.size(), 256U);  // header + 255 bars
  EXPECT_EQ(lines[0], "timestamp,sma");
  EXPECT_EQ(lines[1], "2006-01-02,");
  EXPECT_EQ(lines[29], "2006-02-09,");  // bar 28: still warming up
  ASSERT_THAT(lines[30], StartsWith("2006-02-10,"));
  EXPECT_EQ(printf_f(std::stod(lines[30].substr(11))), "3644.444667");
  ASSERT_THAT(lines[255], StartsWith("2006-12-29,"));
  EXPECT_EQ(printf_f(std::stod(lines[255].substr(11))), "4063.463000");
}

TEST(CliIndicator, SmaJsonHasNullWarmupAndBacktradersValue) {
  const auto result = run_qbt(
      {"indicator", daily(), "--name", "SimpleMovingAverage", "--param", "period=30", "--format",
       "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto out = nlohmann::json::parse(result.out);
  EXPECT_EQ(out.at("indicator"), "SMA");
  EXPECT_EQ(out.at("params").at("period"), 30);
  EXPECT_EQ(out.at("lookback"), 29);
  const auto& rows = out.at("rows");
  ASSERT_EQ(rows.size(), 255U);
  EXPECT_EQ(rows[28].at("timestamp"), "2006-02-09");
  EXPECT_TRUE(rows[28].at("sma").is_null());
  EXPECT_EQ(rows[29].at("timestamp"), "2006-02-10");
  EXPECT_EQ(printf_f(rows[29].at("sma").get<double>()), "3644.444667");
}

TEST(CliIndicator, MultiLineIndicatorPrintsEveryLine) {
  const auto result = run_qbt({"indicator", daily(), "--name", "DM"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto lines = lines_of(result.out);
  EXPECT_EQ(lines[0], "timestamp,adx,adxr,plusDI,minusDI");
  EXPECT_EQ(lines[1], "2006-01-02,,,,");
}

TEST(CliIndicator, ListsEveryIndicatorWithItsParameters) {
  const auto text = run_qbt({"indicator", "--list"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("SMA (SimpleMovingAverage, MovingAverageSimple)\n"));
  EXPECT_THAT(text.out, HasSubstr("  --param period=30 (integer, 1..10000000): "));

  const auto json = run_qbt({"indicator", "--list", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto list = nlohmann::json::parse(json.out);
  ASSERT_TRUE(list.is_array());
  bool found = false;
  for (const auto& entry : list) {
    if (entry.at("name") == "SMA") {
      found = true;
      EXPECT_EQ(entry.at("inputs"), nlohmann::json::array({"close"}));
      EXPECT_EQ(entry.at("outputs"), nlohmann::json::array({"sma"}));
      EXPECT_EQ(entry.at("params")[0].at("name"), "period");
      EXPECT_EQ(entry.at("params")[0].at("default"), 30);
      EXPECT_EQ(entry.at("params")[0].at("min"), 1);
      EXPECT_EQ(entry.at("lookback"), 29);
    }
  }
  EXPECT_TRUE(found);
}

TEST(CliFeatures, WritesTheFeatureTable) {
  const TempDir dir;
  const std::string spec = dir.write(
      "spec.json", R"({"features": [{"indicator": "SMA", "params": {"period": 30}}, "DM"]})");
  const std::string out = dir.file("features.csv");
  const auto result = run_qbt({"features", daily(), "--spec", spec, "--out", out});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "wrote 255 rows x 5 feature columns (2 indicators) of 2006-day-001 to " +
                            out + "\n");
  std::ifstream file(out);
  std::ostringstream text;
  text << file.rdbuf();
  const auto lines = lines_of(text.str());
  ASSERT_EQ(lines.size(), 256U);
  EXPECT_EQ(lines[0], "timestamp,sma_30,dm_14.adx,dm_14.adxr,dm_14.plusDI,dm_14.minusDI");
  ASSERT_THAT(lines[30], StartsWith("2006-02-10,"));
  EXPECT_EQ(printf_f(std::stod(lines[30].substr(11))), "3644.444667");
}

TEST(CliFeatures, BadSpecAndNativeOutputAreErrors) {
  const TempDir dir;
  const std::string spec = dir.write("spec.json", R"({"features": [{"indicator": "SMAA"}]})");
  auto result = run_qbt({"features", daily(), "--spec", spec, "--out", dir.file("f.csv")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "qbt: error: feature 1: unknown indicator 'SMAA' (did you mean 'SMA'?)\n");

  const std::string typo = dir.write("typo.json", R"({"features": [{"indicatr": "SMA"}]})");
  result = run_qbt({"features", daily(), "--spec", typo, "--out", dir.file("f.csv")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "qbt: error: feature 1: unknown key 'indicatr' (known: indicator, params, "
                        "input, prefix) at " + typo + "\n");

  result = run_qbt({"features", daily(), "--spec", spec, "--out", dir.file("f.qbt")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("the native .qbt format holds bars only"));
}

}  // namespace
}  // namespace qbt
