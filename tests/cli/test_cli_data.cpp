// The `qbt data` commands end to end: every bad input gives its message and exit code 1, usage
// errors exit 1, and the happy paths write what they say.
#include <fstream>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/data/bar_io.hpp"
#include "qbt/testing/run_command.hpp"
#include "qbt/testing/temp_dir.hpp"
#include "qbt/testing/test_paths.hpp"

namespace qbt {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::run_qbt;
using testing::TempDir;

constexpr const char* k_header = "date,open,high,low,close,volume\n";

struct BadInput {
  std::string name;
  std::string content;
  std::string expected_error;  // the whole stderr line after "qbt: error: ", up to " at <path>"
  std::string expected_location;
};

class CliBadCsv : public ::testing::TestWithParam<BadInput> {};

TEST_P(CliBadCsv, ConvertFailsWithMessageAndExitCode1) {
  const BadInput& input = GetParam();
  const TempDir dir;
  const std::string path = dir.write(input.name + ".csv", input.content);
  const auto result = run_qbt({"data", "convert", path, dir.file("out.qbt")});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(result.err, "qbt: error: " + input.expected_error + " at " + path +
                            input.expected_location + "\n");
  EXPECT_TRUE(result.out.empty()) << result.out;
}

INSTANTIATE_TEST_SUITE_P(
    EveryBadInput, CliBadCsv,
    ::testing::Values(
        BadInput{"empty", "", "file is empty", ""},
        BadInput{"header_only", k_header, "no data rows", ":1"},
        BadInput{"non_numeric", std::string(k_header) + "2020-01-01,1,2,0.5,abc,10\n",
                 "close is not a number 'abc'", ":2 col 5"},
        BadInput{"nan", std::string(k_header) + "2020-01-01,1,2,0.5,1.5,10\n2020-01-02,1,2,0.5,nan,10\n",
                 "close is NaN 'nan'", ":3 col 5"},
        BadInput{"non_positive", std::string(k_header) + "2020-01-01,-1,2,0.5,1.5,10\n",
                 "open is not positive (-1)", ":2 col 2"},
        BadInput{"high_below_low", std::string(k_header) + "2020-01-01,0.45,0.4,0.5,0.45,10\n",
                 "high is below low (high 0.4, low 0.5)", ":2 col 3"},
        BadInput{"unsorted",
                 std::string(k_header) + "2020-01-02,1,2,0.5,1.5,10\n2020-01-01,1,2,0.5,1.5,10\n",
                 "timestamp is earlier than the previous row's (2020-01-01 < 2020-01-02)", ":3 col 1"},
        BadInput{"duplicate",
                 std::string(k_header) + "2020-01-02,1,2,0.5,1.5,10\n2020-01-02,1,2,0.5,1.5,10\n",
                 "timestamp duplicates the previous row's (2020-01-02)", ":3 col 1"},
        BadInput{"short_row", std::string(k_header) + "2020-01-02,1,2,0.5\n",
                 "row has 4 fields, expected 6", ":2 col 5"},
        BadInput{"bad_date", std::string(k_header) + "2020-13-02,1,2,0.5,1.5,10\n",
                 "timestamp is invalid '2020-13-02' (month 13 is out of range)", ":2 col 1"},
        BadInput{"missing_columns", "foo,bar\n1,2\n",
                 "missing columns timestamp, open, high, low, close (found: 'foo', 'bar')", ":1"},
        BadInput{"binary", std::string("\x7f" "ELF\x02\x01\x01\x00\x00\x00", 10),
                 "file does not look like CSV text (binary byte 0x7f at offset 0)", ":1"}),
    [](const ::testing::TestParamInfo<BadInput>& call) { return call.param.name; });

TEST(CliData, MissingFileIsIoErrorExit1) {
  const auto result = run_qbt({"data", "info", "/nonexistent/bars.csv"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err,
            "qbt: error: cannot open file: No such file or directory at /nonexistent/bars.csv\n");
}

TEST(CliData, CorruptNativeFileIsDetected) {
  const TempDir dir;
  const std::string native = dir.file("bars.qbt");
  ASSERT_EQ(run_qbt({"data", "convert", testing::source_path("data/backtrader/2006-day-001.txt"),
                     native})
                .exit_code,
            0);
  {
    std::fstream file(native, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(-8, std::ios::end);  // inside the last column (volume)
    file.put('\x55');
  }
  const auto result = run_qbt({"data", "info", native});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, StartsWith("qbt: error: "));
  EXPECT_THAT(result.err, HasSubstr("checksum mismatch in column volume"));
  EXPECT_THAT(result.err, HasSubstr(native));
}

TEST(CliData, WarnPolicyDropsRowsAndReportsThem) {
  const TempDir dir;
  const std::string path = dir.write(
      "bars.csv", std::string(k_header) + "2020-01-01,1,2,0.5,1.5,10\n2020-01-02,1,2,0.5,abc,10\n" +
                      "2020-01-03,1,2,0.5,1.5,10\n");
  const auto result = run_qbt({"data", "convert", path, dir.file("out.csv"), "--policy", "warn"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "qbt: warning: dropped row: close is not a number 'abc' at " + path +
                            ":3 col 5\n");
  EXPECT_THAT(result.out, HasSubstr("converted 2 bars"));
  EXPECT_THAT(result.out, HasSubstr("1 invalid rows dropped"));
}

TEST(CliData, SkipPolicyIsSilent) {
  const TempDir dir;
  const std::string path = dir.write(
      "bars.csv", std::string(k_header) + "2020-01-01,1,2,0.5,1.5,10\n2020-01-01,1,2,0.5,1.5,10\n");
  const auto result = run_qbt({"data", "convert", path, dir.file("out.csv"), "--policy", "skip"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_TRUE(result.err.empty()) << result.err;
}

TEST(CliData, UsageErrorsExit1) {
  EXPECT_EQ(run_qbt({}).exit_code, 1);
  EXPECT_EQ(run_qbt({"frobnicate"}).exit_code, 1);
  EXPECT_EQ(run_qbt({"data", "convert", "only-one-arg.csv"}).exit_code, 1);
  EXPECT_EQ(run_qbt({"data", "info", "x.csv", "--policy", "ignore"}).exit_code, 1);
}

TEST(CliData, BadFlagValuesNameTheFlag) {
  const TempDir dir;
  auto result = run_qbt({"data", "generate", "--bars", "10", "--freq", "1month", "--out",
                         dir.file("x.qbt")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err,
            "qbt: error: --freq must be a duration like 1min, 5min, 1h, 1d or 1w, got '1month'\n");

  result = run_qbt({"data", "resample", testing::source_path("data/backtrader/2006-day-001.txt"),
                    "--to", "1h", "--out", dir.file("x.csv")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, StartsWith("qbt: error: "));
  EXPECT_THAT(result.err, HasSubstr("1h"));

  result = run_qbt({"data", "generate", "--bars", "10", "--volatility", "-0.2", "--out",
                    dir.file("x.qbt")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("volatility"));
}

TEST(CliData, HelpAndVersionExit0) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--help"}, {"--version"}, {"data", "--help"}, {"data", "generate", "--help"},
           {"data", "convert", "--help"}, {"data", "resample", "--help"}, {"data", "info", "--help"}}) {
    const auto result = run_qbt(args);
    EXPECT_EQ(result.exit_code, 0) << args.back();
    EXPECT_FALSE(result.out.empty()) << args.back();
  }
  EXPECT_THAT(run_qbt({"--version"}).out, StartsWith("qbt 0.1.0"));
}

TEST(CliData, GenerateIsDeterministicAndRoundTripsThroughCsv) {
  const TempDir dir;
  const std::vector<std::string> generate{"data", "generate", "--bars", "5000", "--freq",
                                          "1min", "--seed", "11"};
  auto args_a = generate;
  args_a.insert(args_a.end(), {"--out", dir.file("a.qbt")});
  auto args_b = generate;
  args_b.insert(args_b.end(), {"--out", dir.file("b.qbt")});
  ASSERT_EQ(run_qbt(args_a).exit_code, 0);
  ASSERT_EQ(run_qbt(args_b).exit_code, 0);
  const auto a = data::load_bars(dir.file("a.qbt")).frame;
  const auto b = data::load_bars(dir.file("b.qbt")).frame;
  ASSERT_EQ(a.size(), 5000U);
  EXPECT_TRUE(a.same_bars(b));

  ASSERT_EQ(run_qbt({"data", "convert", dir.file("a.qbt"), dir.file("a.csv")}).exit_code, 0);
  ASSERT_EQ(run_qbt({"data", "convert", dir.file("a.csv"), dir.file("c.qbt")}).exit_code, 0);
  EXPECT_TRUE(a.same_bars(data::load_bars(dir.file("c.qbt")).frame));
}

TEST(CliData, InfoJsonReportsRealFile) {
  const auto result =
      run_qbt({"data", "info", testing::source_path("data/backtrader/2006-day-001.txt"), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("\"rows\": 255"));
  EXPECT_THAT(result.out, HasSubstr("\"first\": \"2006-01-02\""));
  EXPECT_THAT(result.out, HasSubstr("\"last\": \"2006-12-29\""));
  EXPECT_THAT(result.out, HasSubstr("\"frequency\": \"1d\""));
  EXPECT_THAT(result.out, HasSubstr("\"rows_rejected\": 0"));
}

}  // namespace
}  // namespace qbt
