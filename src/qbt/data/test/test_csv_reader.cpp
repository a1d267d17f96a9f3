#include "qbt/data/csv_reader.hpp"

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/testing/temp_dir.hpp"

namespace qbt::data {
namespace {

// 2009-02-13T23:31:30Z is 1234567890 s after the epoch; 2006-01-02 is day 13150.
constexpr Timestamp k_1234567890 = 1'234'567'890 * k_ns_per_second;
constexpr Timestamp k_2006_01_02 = 13'150 * k_ns_per_day;

/// The message of the qbt::Error that parsing `text` throws, or "no error".
std::string error_of(std::string_view text, const CsvOptions& options = {},
                     const std::string& source = "bars.csv") {
  try {
    (void)parse_csv(text, source, options);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

CsvReadResult parse(std::string_view text, const CsvOptions& options = {}) {
  return parse_csv(text, "data/bars.csv", options);
}

void expect_bar(const BarFrame& frame, std::size_t row, Timestamp ts, double open, double high,
                double low, double close, double volume) {
  ASSERT_LT(row, frame.size());
  EXPECT_EQ(frame.timestamps()[row], ts) << "row " << row;
  EXPECT_EQ(frame.open()[row], open) << "row " << row;
  EXPECT_EQ(frame.high()[row], high) << "row " << row;
  EXPECT_EQ(frame.low()[row], low) << "row " << row;
  EXPECT_EQ(frame.close()[row], close) << "row " << row;
  EXPECT_EQ(frame.volume()[row], volume) << "row " << row;
}

TEST(CsvReader, ReadsBacktraderLayout) {
  const auto result = parse(
      "Date,Open,High,Low,Close,Volume,OpenInterest\n"
      "2006-01-02,3578.73,3605.95,3578.73,3604.33,0,0\n"
      "2006-01-03,3604.08,3638.42,3601.84,3614.34,10,0\n");
  ASSERT_EQ(result.frame.size(), 2U);
  expect_bar(result.frame, 0, k_2006_01_02, 3578.73, 3605.95, 3578.73, 3604.33, 0);
  expect_bar(result.frame, 1, k_2006_01_02 + k_ns_per_day, 3604.08, 3638.42, 3601.84, 3614.34, 10);
  EXPECT_EQ(result.frame.symbol(), "bars");
  EXPECT_EQ(result.frame.frequency(), Frequency::days(1));
  EXPECT_EQ(result.report.rows_checked, 2);
  EXPECT_TRUE(result.report.clean());
}

TEST(CsvReader, TakesUnnamedFirstColumnAsTimestamp) {
  const auto result = parse(
      ",Open,High,Low,Close,Volume\n"
      "2009-02-13 23:31:30,1.0716,1.0722,1.07083,1.07219,1413\n"
      "2009-02-14 00:31:30,1.07214,1.07296,1.07214,1.0726,1241\n");
  ASSERT_EQ(result.frame.size(), 2U);
  expect_bar(result.frame, 0, k_1234567890, 1.0716, 1.0722, 1.07083, 1.07219, 1413);
  expect_bar(result.frame, 1, k_1234567890 + k_ns_per_hour, 1.07214, 1.07296, 1.07214, 1.0726, 1241);
  EXPECT_EQ(result.frame.frequency(), Frequency(k_ns_per_hour));
}

TEST(CsvReader, MatchesNamesIgnoringCaseAndSpaces) {
  const auto result = parse(" DATE , open ,HIGH,\tLow , CLOSE\n2006-01-02, 10 ,11,9, 10.5\n");
  ASSERT_EQ(result.frame.size(), 1U);
  expect_bar(result.frame, 0, k_2006_01_02, 10, 11, 9, 10.5, 0);
}

TEST(CsvReader, AcceptsNameVariants) {
  const std::string row = "2006-01-02,10,11,9,10.5,7,8,9\n";
  for (const std::string_view header :
       {"datetime,o,h,l,c,vol,adj_close,oi\n", "Timestamp,Open,High,Low,Close,V,AdjClose,open_interest\n",
        "date_time,open,high,low,close,volume,Adj Close,OpenInterest\n"}) {
    const auto result = parse(std::string(header) + row);
    ASSERT_EQ(result.frame.size(), 1U) << header;
    expect_bar(result.frame, 0, k_2006_01_02, 10, 11, 9, 10.5, 7);
  }
}

TEST(CsvReader, IgnoresAdjustedCloseUnlessMapped) {
  const std::string text =
      "Date,Open,High,Low,Close,Adj Close,Volume\n"
      "2014-12-31,51.54,51.68,50.46,50.51,50.6,9305000\n";
  EXPECT_EQ(parse(text).frame.close()[0], 50.51);
  CsvOptions options;
  options.columns.close = "adj close";
  EXPECT_EQ(parse(text, options).frame.close()[0], 50.6);
}

TEST(CsvReader, UsesColumnMapForOtherNames) {
  CsvOptions options;
  options.columns.timestamp = "When";
  options.columns.open = "First";
  options.columns.high = "Max";
  options.columns.low = "Min";
  options.columns.close = "Last";
  options.columns.volume = "Qty";
  const auto result =
      parse("When;First;Max;Min;Last;Qty\n2006-01-02;10;11;9;10.5;3\n", options);
  ASSERT_EQ(result.frame.size(), 1U);
  expect_bar(result.frame, 0, k_2006_01_02, 10, 11, 9, 10.5, 3);
  options.columns.close = "Settle";
  EXPECT_EQ(error_of("When,First,Max,Min,Last\n2006-01-02,10,11,9,10.5\n", options),
            "column 'Settle' given for close is not in the header (found: 'When', 'First', "
            "'Max', 'Min', 'Last') at bars.csv:1");
}

TEST(CsvReader, CombinesDateAndTimeColumns) {
  const auto result = parse(
      "Date,Time,Open,High,Low,Close,Volume\n"
      "2009-02-13,23:31:30,10,11,9,10.5,1\n"
      "2009-02-13,23:32:30.5,10,11,9,10.5,1\n");
  ASSERT_EQ(result.frame.size(), 2U);
  EXPECT_EQ(result.frame.timestamps()[0], k_1234567890);
  EXPECT_EQ(result.frame.timestamps()[1], k_1234567890 + k_ns_per_minute + 500'000'000);
  EXPECT_EQ(error_of("Date,Time,Open,High,Low,Close\n2009-02-13,25:00,10,11,9,10.5\n"),
            "time is invalid '25:00' (hour 25 is out of range) at bars.csv:2 col 2");
  EXPECT_EQ(error_of("Date,Time,Open,High,Low,Close\n2009-02-30,10:00,10,11,9,10.5\n"),
            "date is invalid '2009-02-30' (day 30 is out of range for the month) at bars.csv:2 col 1");
}

TEST(CsvReader, AppliesTimeFormatToJoinedDateAndTime) {
  CsvOptions options;
  options.time_format = "%d/%m/%Y %I:%M:%S %p";
  const auto result = parse("Date,Time,Open,High,Low,Close\n13/02/2009,11:31:30 PM,10,11,9,10.5\n",
                            options);
  ASSERT_EQ(result.frame.size(), 1U);
  EXPECT_EQ(result.frame.timestamps()[0], k_1234567890);
}

TEST(CsvReader, ReadsCompactDates) {
  const auto result = parse("Date,Open,High,Low,Close\n20060102,10,11,9,10.5\n20060103,10,11,9,10.5\n");
  ASSERT_EQ(result.frame.size(), 2U);
  EXPECT_EQ(result.frame.timestamps()[0], k_2006_01_02);
  EXPECT_EQ(result.frame.timestamps()[1], k_2006_01_02 + k_ns_per_day);
}

TEST(CsvReader, InfersEpochUnitFromMagnitude) {
  const std::string rows = ",10,11,9,10.5\n";
  const auto seconds = parse("timestamp,open,high,low,close\n1234567890" + rows);
  EXPECT_EQ(seconds.frame.timestamps()[0], k_1234567890);
  const auto millis = parse("timestamp,open,high,low,close\n1234567890123" + rows);
  EXPECT_EQ(millis.frame.timestamps()[0], k_1234567890 + 123'000'000);
  const auto micros = parse("timestamp,open,high,low,close\n1234567890123456" + rows);
  EXPECT_EQ(micros.frame.timestamps()[0], k_1234567890 + 123'456'000);
  const auto nanos = parse("timestamp,open,high,low,close\n1234567890123456789" + rows);
  EXPECT_EQ(nanos.frame.timestamps()[0], k_1234567890 + 123'456'789);
  EXPECT_EQ(error_of("timestamp,open,high,low,close\n1234567890" + rows + "2009-02-14" + rows),
            "timestamp is invalid '2009-02-14' (expected an integer number of seconds since "
            "1970-01-01) at bars.csv:3 col 1");
}

TEST(CsvReader, UsesExplicitTimeFormat) {
  CsvOptions options;
  options.time_format = "epoch_ms";
  const auto result = parse("timestamp,open,high,low,close\n1234567890,10,11,9,10.5\n", options);
  EXPECT_EQ(result.frame.timestamps()[0], 1'234'567'890 * k_ns_per_ms);
  options.time_format = "%d/%m/%Y";
  EXPECT_EQ(parse("Date,Open,High,Low,Close\n02/01/2006,10,11,9,10.5\n", options).frame.timestamps()[0],
            k_2006_01_02);
  EXPECT_EQ(error_of("Date,Open,High,Low,Close\n2006-01-02,10,11,9,10.5\n", options),
            "timestamp is invalid '2006-01-02' (does not match the time format '%d/%m/%Y') at "
            "bars.csv:2 col 1");
  options.time_format = "%d/%q";
  EXPECT_THROW((void)parse("Date,Open,High,Low,Close\n02/01/2006,10,11,9,10.5\n", options),
               UserInputError);
}

TEST(CsvReader, DetectsDelimiters) {
  const auto semicolon = parse("Date;Open;High;Low;Close\n2006-01-02;10;11;9;10.5\n");
  expect_bar(semicolon.frame, 0, k_2006_01_02, 10, 11, 9, 10.5, 0);
  const auto tab = parse("Date\tOpen\tHigh\tLow\tClose\n2006-01-02\t10\t11\t9\t10.5\n");
  expect_bar(tab.frame, 0, k_2006_01_02, 10, 11, 9, 10.5, 0);
  CsvOptions options;
  options.delimiter = '|';
  const auto pipe = parse("Date|Open|High|Low|Close\n2006-01-02|10|11|9|10.5\n", options);
  expect_bar(pipe.frame, 0, k_2006_01_02, 10, 11, 9, 10.5, 0);
  options.delimiter = '"';
  EXPECT_THROW((void)parse("Date,Open,High,Low,Close\n", options), UserInputError);
}

TEST(CsvReader, ReadsQuotedFields) {
  const auto result = parse(
      "\"Date\",\"Open\",\"High\",\"Low\",\"Close\",\"Note\"\n"
      "\"2006-01-02\",\"10\",11,9,\"10.5\",\"a, \"\"quoted\"\" note\"\n"
      "2006-01-03,10,11,9,10.5, \"b\" \n");
  ASSERT_EQ(result.frame.size(), 2U);
  expect_bar(result.frame, 0, k_2006_01_02, 10, 11, 9, 10.5, 0);
  EXPECT_EQ(error_of("Date,Open,High,Low,Close\n2006-01-02,\"10,11,9,10.5\n"),
            "unterminated quoted field at bars.csv:2 col 2");
  EXPECT_EQ(error_of("Date,Open,High,Low,Close\n2006-01-02,\"10\"x,11,9,10.5\n"),
            "unexpected text after a closing quote 'x' at bars.csv:2 col 2");
}

TEST(CsvReader, SkipsBomBlankAndCommentLinesAndAcceptsCrlf) {
  EXPECT_EQ(error_of(std::string(
                "\xef\xbb\xbf# exported by hand\r\n\r\nDate,Open,High,Low,Close\r\n# c\r\n"
                "2006-01-02,10,11,9,10.5\r\n   \r\n\n2006-01-03,10,11,9,10.5\r\n"
                "2006-01-04,10,11,9,x\r\n")),
            "close is not a number 'x' at bars.csv:9 col 5");
  CsvOptions options;
  options.policy = ValidationPolicy::skip;
  const auto skipped = parse(
      "\xef\xbb\xbf# exported by hand\r\n\r\nDate,Open,High,Low,Close\r\n# c\r\n"
      "2006-01-02,10,11,9,10.5\r\n   \r\n\n2006-01-03,10,11,9,10.5\r\n",
      options);
  ASSERT_EQ(skipped.frame.size(), 2U);
  EXPECT_EQ(skipped.frame.timestamps()[1], k_2006_01_02 + k_ns_per_day);
  EXPECT_EQ(skipped.report.rows_checked, 2);
}

TEST(CsvReader, UsesCustomCommentCharacter) {
  CsvOptions options;
  options.comment = ';';
  const auto result = parse("; header comment\nDate,Open,High,Low,Close\n2006-01-02,10,11,9,10.5\n",
                            options);
  EXPECT_EQ(result.frame.size(), 1U);
}

TEST(CsvReader, ToleratesTrailingDelimiterAndMissingFinalNewline) {
  const auto rows_only = parse("Date,Open,High,Low,Close\n2006-01-02,10,11,9,10.5,\n2006-01-03,10,11,9,10.5");
  EXPECT_EQ(rows_only.frame.size(), 2U);
  const auto both = parse("Date,Open,High,Low,Close,\n2006-01-02,10,11,9,10.5,\n2006-01-03,10,11,9,10.5\n");
  EXPECT_EQ(both.frame.size(), 2U);
}

TEST(CsvReader, ReadsFilesWithoutHeader) {
  const auto result = parse("2006-01-02,10,11,9,10.5,100\n2006-01-03,10,11,9,10.5,200\n");
  ASSERT_EQ(result.frame.size(), 2U);
  expect_bar(result.frame, 1, k_2006_01_02 + k_ns_per_day, 10, 11, 9, 10.5, 200);
  EXPECT_EQ(error_of("2006-01-02,10,11,9,10.5\n2006-01-03,10,11,9,abc\n"),
            "close is not a number 'abc' at bars.csv:2 col 5");
  CsvOptions options;
  options.time_format = "%d/%m/%Y";
  const auto formatted = parse("02/01/2006;10;11;9;10.5\n", options);
  ASSERT_EQ(formatted.frame.size(), 1U);
  EXPECT_EQ(formatted.frame.timestamps()[0], k_2006_01_02);
}

TEST(CsvReader, NamesMissingColumns) {
  EXPECT_EQ(error_of("Date,Open,High,Low,Volume\n2006-01-02,10,11,9,1\n"),
            "missing column close (found: 'Date', 'Open', 'High', 'Low', 'Volume') at bars.csv:1");
  EXPECT_EQ(error_of("Date,Price\n2006-01-02,10\n"),
            "missing columns open, high, low, close (found: 'Date', 'Price') at bars.csv:1");
  EXPECT_EQ(error_of("Open,High,Low,Close\n10,11,9,10.5\n"),
            "missing column timestamp (found: 'Open', 'High', 'Low', 'Close') at bars.csv:1");
  EXPECT_EQ(error_of("# comment\nSymbol,Open,High,Low,Close\nX,10,11,9,10.5\n"),
            "missing column timestamp (found: 'Symbol', 'Open', 'High', 'Low', 'Close') at bars.csv:2");
}

TEST(CsvReader, RejectsTheSameFieldTwice) {
  EXPECT_EQ(error_of("Date,Close,Open,High,Low,close\n2006-01-02,10,10,11,9,10\n"),
            "columns 2 and 6 are both close ('Close' and 'close') at bars.csv:1 col 6");
}

TEST(CsvReader, ReportsBadValuesWithLocation) {
  const std::string header = "Date,Open,High,Low,Close,Volume\n2006-01-02,10,11,9,10.5,1\n";
  EXPECT_EQ(error_of(header + "2006-01-03,10,11,9,abc,1\n", {}, "data/spy.csv"),
            "close is not a number 'abc' at data/spy.csv:3 col 5");
  EXPECT_EQ(error_of(header + "2006-01-03,,11,9,10,1\n"), "open is not a number '' at bars.csv:3 col 2");
  EXPECT_EQ(error_of(header + "2006-01-03,10,11,9,10 5,1\n"),
            "close is not a number '10 5' at bars.csv:3 col 5");
  EXPECT_EQ(error_of(header + "2006-01-03,10,11,9,nan,1\n"), "close is NaN 'nan' at bars.csv:3 col 5");
  EXPECT_EQ(error_of(header + "2006-01-03,10,inf,9,10,1\n"),
            "high is infinite 'inf' at bars.csv:3 col 3");
  EXPECT_EQ(error_of(header + "2006-01-03,10,11,0,10,1\n"), "low is not positive (0) at bars.csv:3 col 4");
  EXPECT_EQ(error_of(header + "2006-01-03,10,11,9,10,-5\n"), "volume is negative (-5) at bars.csv:3 col 6");
  EXPECT_EQ(error_of(header + "2006-01-03,10,11,9.5,10,1\n" + "2006-01-04,10,11,12,10,1\n"),
            "high is below low (high 11, low 12) at bars.csv:4 col 3");
  EXPECT_EQ(error_of(header + "2006-01-03,12,11,9,10,1\n"),
            "open is outside [low, high] (open 12, low 9, high 11) at bars.csv:3 col 2");
  EXPECT_EQ(error_of(header + "2006-01-03,10,11,9,8.99,1\n"),
            "close is outside [low, high] (close 8.99, low 9, high 11) at bars.csv:3 col 5");
}

TEST(CsvReader, ReportsTheSpecExampleForHighBelowLow) {
  std::string text = "Date,Open,High,Low,Close\n";
  for (int day = 2; day <= 11; ++day) {
    text += fmt::format("2006-01-{:02},10,11,9,10\n", day);
  }
  text += "2006-01-12,10,9.5,10,10\n";  // line 12
  EXPECT_EQ(error_of(text), "high is below low (high 9.5, low 10) at bars.csv:12 col 3");
}

TEST(CsvReader, ReportsMalformedRows) {
  const std::string header = "Date,Open,High,Low,Close,Volume\n2006-01-02,10,11,9,10.5,1\n";
  EXPECT_EQ(error_of(header + "2006-01-03,10,11,9\n"), "row has 4 fields, expected 6 at bars.csv:3 col 5");
  EXPECT_EQ(error_of(header + "2006-01-03\n"), "row has 1 field, expected 6 at bars.csv:3 col 2");
  EXPECT_EQ(error_of(header + "2006-01-03,10,11,9,10,1,7,8\n"),
            "row has 8 fields, expected 6 at bars.csv:3 col 7");
}

TEST(CsvReader, ReportsBadTimestamps) {
  const std::string header = "Date,Open,High,Low,Close\n2006-01-02,10,11,9,10.5\n";
  EXPECT_EQ(error_of(header + "2006-13-01,10,11,9,10.5\n"),
            "timestamp is invalid '2006-13-01' (month 13 is out of range) at bars.csv:3 col 1");
  EXPECT_EQ(error_of(header + "2006-02-30,10,11,9,10.5\n"),
            "timestamp is invalid '2006-02-30' (day 30 is out of range for the month) at bars.csv:3 col 1");
  EXPECT_EQ(error_of(header + "2006-01-03 25:00:00,10,11,9,10.5\n"),
            "timestamp is invalid '2006-01-03 25:00:00' (hour 25 is out of range) at bars.csv:3 col 1");
  const std::string intraday = "Date,Open,High,Low,Close\n2006-01-02 09:30:00,10,11,9,10.5\n";
  EXPECT_EQ(error_of(intraday + "2006-01-02 25:00:00,10,11,9,10.5\n"),
            "timestamp is invalid '2006-01-02 25:00:00' (hour 25 is out of range) at bars.csv:3 col 1");
  EXPECT_EQ(error_of(intraday + "2006-01-02 9:30:00x,10,11,9,10.5\n"),
            "timestamp is invalid '2006-01-02 9:30:00x' (expected ISO 8601 like 2006-01-02 or "
            "2006-01-02 09:30:00) at bars.csv:3 col 1");
  const auto same_day = parse(intraday + "2006-01-02T09:31:00,10,11,9,10.5\n2006-01-03 09:30:00,10,11,9,10.5\n");
  ASSERT_EQ(same_day.frame.size(), 3U);
  EXPECT_EQ(same_day.frame.timestamps()[1], k_2006_01_02 + 9 * k_ns_per_hour + 31 * k_ns_per_minute);
  EXPECT_EQ(same_day.frame.timestamps()[2], k_2006_01_02 + k_ns_per_day + 9 * k_ns_per_hour + 30 * k_ns_per_minute);
  EXPECT_EQ(error_of(header + "01/03/2006,10,11,9,10.5\n"),
            "timestamp is invalid '01/03/2006' (expected ISO 8601 like 2006-01-02 or 2006-01-02 "
            "09:30:00) at bars.csv:3 col 1");
}

TEST(CsvReader, RejectsUnsortedAndDuplicateTimestamps) {
  const std::string header =
      "Date,Open,High,Low,Close\n2006-01-02,10,11,9,10.5\n2006-01-03,10,11,9,10.5\n";
  EXPECT_EQ(error_of(header + "2006-01-02,10,11,9,10.5\n"),
            "timestamp is earlier than the previous row's (2006-01-02 < 2006-01-03) at bars.csv:4 col 1");
  EXPECT_EQ(error_of(header + "2006-01-03,10,11,9,10.5\n"),
            "timestamp duplicates the previous row's (2006-01-03) at bars.csv:4 col 1");
  EXPECT_EQ(error_of(header + "\n# note\n2006-01-03 00:00:00,10,11,9,10.5\n"),
            "timestamp duplicates the previous row's (2006-01-03) at bars.csv:6 col 1");
}

TEST(CsvReader, SkipPolicyDropsBadRowsAndReportsThemInLineOrder) {
  const std::string text =
      "Date,Open,High,Low,Close\n"
      "2006-01-02,10,11,9,10.5\n"    // 2 kept
      "2006-01-03,10,11,9,abc\n"     // 3 non-numeric
      "2006-01-03,10,11,9,10.5\n"    // 4 kept
      "2006-01-03,10,11,9,10.5\n"    // 5 duplicate
      "2006-01-06,10,11,9,10.5\n"    // 6 kept
      "2006-01-04,10,11,9,10.5\n"    // 7 unsorted
      "2006-01-05,10,9,11,10.5\n"    // 8 high below low
      "2006-01-05,10,11,9,10.5\n"    // 9 unsorted
      "2006-01-07,10,11,9\n"         // 10 short
      "2006-01-09,10,11,9,10.5\n";   // 11 kept
  for (const ValidationPolicy policy : {ValidationPolicy::skip, ValidationPolicy::warn}) {
    CsvOptions options;
    options.policy = policy;
    const auto result = parse_csv(text, "bars.csv", options);
    ASSERT_EQ(result.frame.size(), 4U);
    EXPECT_EQ(result.frame.timestamps()[0], k_2006_01_02);
    EXPECT_EQ(result.frame.timestamps()[1], k_2006_01_02 + k_ns_per_day);
    EXPECT_EQ(result.frame.timestamps()[2], k_2006_01_02 + 4 * k_ns_per_day);
    EXPECT_EQ(result.frame.timestamps()[3], k_2006_01_02 + 7 * k_ns_per_day);
    const ValidationReport& report = result.report;
    EXPECT_EQ(report.rows_checked, 10);
    EXPECT_EQ(report.rows_rejected, 6);
    EXPECT_EQ(report.count(BarIssue::non_numeric), 1);
    EXPECT_EQ(report.count(BarIssue::duplicate_timestamp), 1);
    EXPECT_EQ(report.count(BarIssue::unsorted_timestamp), 2);
    EXPECT_EQ(report.count(BarIssue::high_below_low), 1);
    EXPECT_EQ(report.count(BarIssue::malformed_row), 1);
    const std::vector<std::string> expected{
        "close is not a number 'abc' at bars.csv:3 col 5",
        "timestamp duplicates the previous row's (2006-01-03) at bars.csv:5 col 1",
        "timestamp is earlier than the previous row's (2006-01-04 < 2006-01-06) at bars.csv:7 col 1",
        "high is below low (high 9, low 11) at bars.csv:8 col 3",
        "timestamp is earlier than the previous row's (2006-01-05 < 2006-01-06) at bars.csv:9 col 1",
        "row has 4 fields, expected 5 at bars.csv:10 col 5",
    };
    EXPECT_EQ(report.messages, expected);
  }
}

TEST(CsvReader, SkipPolicyMayLeaveNoRows) {
  CsvOptions options;
  options.policy = ValidationPolicy::skip;
  const auto result = parse("Date,Open,High,Low,Close\n2006-01-02,10,11,9,x\n", options);
  EXPECT_TRUE(result.frame.empty());
  EXPECT_EQ(result.report.rows_rejected, 1);
}

TEST(CsvReader, RejectsEmptyAndHeaderOnlyInput) {
  EXPECT_EQ(error_of(""), "file is empty at bars.csv");
  EXPECT_EQ(error_of("\xef\xbb\xbf"), "file is empty at bars.csv");
  EXPECT_EQ(error_of("\n  \n# only a comment\n"),
            "file has no header and no data rows (only blank or comment lines) at bars.csv");
  EXPECT_EQ(error_of("Date,Open,High,Low,Close\n"), "no data rows at bars.csv:1");
  EXPECT_EQ(error_of("Date,Open,High,Low,Close"), "no data rows at bars.csv:1");
  EXPECT_EQ(error_of("Date,Open,High,Low,Close\n\n# nothing\n"), "no data rows at bars.csv:1");
}

TEST(CsvReader, ReadsFilesAndNamesEmptyOnes) {
  const testing::TempDir dir;
  const std::string empty = dir.write("empty.csv", "");
  try {
    (void)read_csv(empty);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), "file is empty at " + empty);
  }
  const std::string path = dir.write("SPY.csv", "Date,Open,High,Low,Close\n2006-01-02,10,11,9,10.5\n");
  EXPECT_EQ(read_csv(path).frame.symbol(), "SPY");
  CsvOptions options;
  options.symbol = "spy-daily";
  EXPECT_EQ(read_csv(path, options).frame.symbol(), "spy-daily");
  EXPECT_THROW((void)read_csv(dir.file("missing.csv")), IoError);
}

TEST(CsvReader, RejectsBinaryInput) {
  EXPECT_EQ(error_of(std::string("Date,\0pen\n", 10)),
            "file does not look like CSV text (binary byte 0x00 at offset 5) at bars.csv:1");
  EXPECT_EQ(error_of(std::string("Date,Open,High,Low,Close\n2006-01-02,10,11,9,10\x01\n")),
            "file does not look like CSV text (binary byte 0x01 at offset 46) at bars.csv:2");
  EXPECT_EQ(error_of(std::string("\xff\xfe" "D\0a\0t\0e\0", 10)),
            "file is UTF-16 text; save it as UTF-8 or ASCII at bars.csv");
  std::string garbage;
  for (int i = 0; i < 4096; ++i) {
    garbage += static_cast<char>((i * 7919 + 13) % 256);
  }
  EXPECT_NE(error_of(garbage).find("file does not look like CSV text"), std::string::npos);
}

TEST(CsvReader, SurvivesHugeLinesWithoutNewline) {
  const std::string huge(8 << 20, 'x');
  EXPECT_EQ(error_of(huge),
            "header line is too long (8388608 bytes); the file does not look like CSV text at "
            "bars.csv:1");
  EXPECT_EQ(error_of("Date,Open,High,Low,Close\n" + huge),
            "timestamp is invalid '" + std::string(40, 'x') +
                "...' (expected ISO 8601 like 2006-01-02 or 2006-01-02 09:30:00) at bars.csv:2 col 1");
  const std::string numbers(8 << 20, '7');
  EXPECT_EQ(error_of("Date,Open,High,Low,Close\n2006-01-02," + numbers),
            "row has 2 fields, expected 5 at bars.csv:2 col 3");
}

TEST(CsvReader, ParsesDecimalsExactlyLikeStrtod) {
  // Every digit count from 1 to 19 and every decimal point position, as the plain-decimal
  // fast path and fast_float's general path divide the work between them.
  std::mt19937_64 rng(11);
  std::vector<std::string> numbers;
  for (int digits = 1; digits <= 19; ++digits) {
    for (int point = 0; point <= digits; ++point) {
      for (int k = 0; k < 20; ++k) {
        std::string text;
        for (int d = 0; d < digits; ++d) {
          text += static_cast<char>('0' + (d == 0 ? 1 + rng() % 9 : rng() % 10));
        }
        if (point < digits) {
          text.insert(static_cast<std::size_t>(point == 0 ? 0 : point), point == 0 ? "0." : ".");
        }
        numbers.push_back(text);
      }
    }
  }
  numbers.insert(numbers.end(), {"0.30000000000000004", "9007199254740993", "9007199254740992.5",
                                 "1e3", "2.5E-3", "1.", ".5", "123456789012345678901234"});
  std::string text = "timestamp,open,high,low,close,volume\n";
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    const std::string& n = numbers[i];
    text += fmt::format("{},{},{},{},{},-{}\n", 1'000'000 + i, n, n, n, n, n);
  }
  CsvOptions options;
  options.policy = ValidationPolicy::skip;  // the negative volumes are rejected, and counted
  std::string no_volume = "timestamp,open,high,low,close\n";
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    no_volume += fmt::format("{},{},{},{},{}\n", 1'000'000 + i, numbers[i], numbers[i], numbers[i], numbers[i]);
  }
  const auto result = parse(no_volume);
  ASSERT_EQ(result.frame.size(), numbers.size());
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    const double expected = std::strtod(numbers[i].c_str(), nullptr);
    ASSERT_EQ(result.frame.close()[i], expected) << numbers[i];
  }
  const auto negative = parse_csv(text, "bars.csv", options);
  EXPECT_EQ(negative.report.count(BarIssue::negative_volume), static_cast<std::int64_t>(numbers.size()));
  EXPECT_EQ(negative.report.messages[0], fmt::format("volume is negative ({}) at bars.csv:2 col 6",
                                                     -std::strtod(numbers[0].c_str(), nullptr)));
}

/// `rows` minute bars from 2020-01-02 09:30, in the compact ISO form, with some variety.
std::string minute_bars(std::size_t rows) {
  std::string text = "timestamp,open,high,low,close,volume\n";
  const Timestamp start = days_from_civil(2020, 1, 2) * k_ns_per_day + 9 * k_ns_per_hour +
                          30 * k_ns_per_minute;
  for (std::size_t i = 0; i < rows; ++i) {
    const double base = 100.0 + static_cast<double>(i % 997) * 0.01;
    const std::string ts = format_timestamp(start + static_cast<Timestamp>(i) * k_ns_per_minute);
    text += fmt::format("{},{},{},{},{},{}\n", ts.substr(0, 10) + " " + ts.substr(11, 8), base,
                        base + 0.5, base - 0.25, base + 0.125, 100 + i % 50);
  }
  return text;
}

TEST(CsvReader, GivesIdenticalResultsForAnyThreadCount) {
  std::string text = minute_bars(60'000);  // about 3.5 MB: several chunks
  CsvOptions one;
  one.threads = 1;
  CsvOptions two;
  two.threads = 2;
  const auto a = parse_csv(text, "bars.csv", one);
  const auto b = parse_csv(text, "bars.csv", two);
  ASSERT_EQ(a.frame.size(), 60'000U);
  EXPECT_TRUE(a.frame.same_bars(b.frame));
  EXPECT_EQ(a.frame.frequency(), Frequency::minutes(1));
  expect_bar(a.frame, 59'999, days_from_civil(2020, 1, 2) * k_ns_per_day + 9 * k_ns_per_hour +
                                  30 * k_ns_per_minute + 59'999 * k_ns_per_minute,
             100.0 + 179 * 0.01, 100.0 + 179 * 0.01 + 0.5, 100.0 + 179 * 0.01 - 0.25,
             100.0 + 179 * 0.01 + 0.125, 149);

  // Damage rows spread over the chunks: comment lines shift the line numbers, and bad rows
  // are dropped; every thread count must agree on rows, report and messages.
  std::string damaged;
  std::size_t line = 0;
  std::size_t begin = 0;
  while (begin < text.size()) {
    const std::size_t end = text.find('\n', begin) + 1;
    std::string_view current(text.data() + begin, end - begin);
    ++line;
    if (line % 7001 == 0) {
      damaged += "# comment\n";
    }
    if (line % 9001 == 0) {
      damaged += std::string(current.substr(0, current.size() - 2)) + "x\n";
    } else if (line % 11'001 == 0) {
      damaged += std::string(current);
      damaged += std::string(current);
    } else {
      damaged += std::string(current);
    }
    begin = end;
  }
  one.policy = ValidationPolicy::warn;
  two.policy = ValidationPolicy::warn;
  const auto c = parse_csv(damaged, "bars.csv", one);
  const auto d = parse_csv(damaged, "bars.csv", two);
  EXPECT_TRUE(c.frame.same_bars(d.frame));
  EXPECT_EQ(c.report.messages, d.report.messages);
  EXPECT_EQ(c.report.rows_rejected, 6 + 5);
  EXPECT_EQ(c.frame.size(), 60'000U - 6);
  // Line 9001 of the original is line 9002 of the damaged text (one comment before it).
  EXPECT_EQ(c.report.messages.front(), "volume is not a number '14x' at bars.csv:9002 col 6");

  // Under the error policy the first problem is reported with its exact line.
  one.policy = ValidationPolicy::error;
  two.policy = ValidationPolicy::error;
  EXPECT_EQ(error_of(damaged, one), "volume is not a number '14x' at bars.csv:9002 col 6");
  EXPECT_EQ(error_of(damaged, two), "volume is not a number '14x' at bars.csv:9002 col 6");
}

}  // namespace
}  // namespace qbt::data
