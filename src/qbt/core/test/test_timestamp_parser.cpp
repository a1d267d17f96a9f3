#include "qbt/core/timestamp_parser.hpp"

#include <gtest/gtest.h>

#include "qbt/core/error.hpp"

namespace qbt {
namespace {

// Well-known instants: 2000-01-01T00:00:00Z = 946684800 s, 2001-09-09T01:46:40Z = 1e9 s,
// 2009-02-13T23:31:30Z = 1234567890 s.
constexpr Timestamp k_y2k = 946'684'800 * k_ns_per_second;
constexpr Timestamp k_billion = 1'000'000'000 * k_ns_per_second;
constexpr Timestamp k_1234567890 = 1'234'567'890 * k_ns_per_second;

Timestamp iso(std::string_view text) {
  const TimestampResult result = parse_iso_timestamp(text);
  EXPECT_TRUE(result.ok()) << text << ": " << describe(result);
  return result.value;
}

TimestampResult iso_fault(std::string_view text) { return parse_iso_timestamp(text); }

TEST(ParseIsoTimestamp, ReadsDateAlone) {
  EXPECT_EQ(iso("2000-01-01"), k_y2k);
  EXPECT_EQ(iso("1970-01-01"), 0);
  EXPECT_EQ(iso("1969-12-31"), -k_ns_per_day);
}

TEST(ParseIsoTimestamp, ReadsDateTimeWithSpaceOrT) {
  EXPECT_EQ(iso("2001-09-09 01:46:40"), k_billion);
  EXPECT_EQ(iso("2001-09-09T01:46:40"), k_billion);
  EXPECT_EQ(iso("2001-09-09t01:46:40"), k_billion);
  EXPECT_EQ(iso("2001-09-09 01:46"), k_billion - 40 * k_ns_per_second);
}

TEST(ParseIsoTimestamp, ReadsFractionalSecondsUpToNanoseconds) {
  EXPECT_EQ(iso("2009-02-13T23:31:30.5"), k_1234567890 + 500'000'000);
  EXPECT_EQ(iso("2009-02-13T23:31:30,25"), k_1234567890 + 250'000'000);
  EXPECT_EQ(iso("2009-02-13T23:31:30.123"), k_1234567890 + 123'000'000);
  EXPECT_EQ(iso("2009-02-13T23:31:30.000001"), k_1234567890 + 1'000);
  EXPECT_EQ(iso("2009-02-13T23:31:30.123456789Z"), k_1234567890 + 123'456'789);
}

TEST(ParseIsoTimestamp, ConvertsOffsetsToUtc) {
  EXPECT_EQ(iso("2009-02-13T23:31:30Z"), k_1234567890);
  EXPECT_EQ(iso("2009-02-14T01:31:30+02:00"), k_1234567890);
  EXPECT_EQ(iso("2009-02-14T01:31:30+0200"), k_1234567890);
  EXPECT_EQ(iso("2009-02-14T01:31:30+02"), k_1234567890);
  EXPECT_EQ(iso("2009-02-13T18:31:30-05:00"), k_1234567890);
  EXPECT_EQ(iso("2009-02-14T05:01:30+05:30"), k_1234567890);
  EXPECT_EQ(iso("2009-02-13 23:31:30.5+00:00"), k_1234567890 + 500'000'000);
}

TEST(ParseIsoTimestamp, ValidatesRanges) {
  const TimestampResult month = iso_fault("2006-13-01");
  EXPECT_EQ(month.fault, TimestampFault::month);
  EXPECT_EQ(describe(month), "month 13 is out of range");
  const TimestampResult february = iso_fault("2006-02-30");
  EXPECT_EQ(february.fault, TimestampFault::day);
  EXPECT_EQ(describe(february), "day 30 is out of range for the month");
  EXPECT_EQ(iso_fault("2006-02-29").fault, TimestampFault::day);
  EXPECT_EQ(iso_fault("2100-02-29").fault, TimestampFault::day);
  EXPECT_TRUE(iso_fault("2000-02-29").ok());
  EXPECT_TRUE(iso_fault("2004-02-29").ok());
  EXPECT_EQ(iso_fault("2006-04-31").fault, TimestampFault::day);
  EXPECT_EQ(iso_fault("2006-01-00").fault, TimestampFault::day);
  EXPECT_EQ(iso_fault("2006-00-10").fault, TimestampFault::month);
  const TimestampResult hour = iso_fault("2006-01-02 25:00:00");
  EXPECT_EQ(hour.fault, TimestampFault::hour);
  EXPECT_EQ(describe(hour), "hour 25 is out of range");
  EXPECT_EQ(describe(iso_fault("2006-01-02 10:60")), "minute 60 is out of range");
  EXPECT_EQ(describe(iso_fault("2006-01-02 10:00:60")), "second 60 is out of range");
  EXPECT_EQ(describe(iso_fault("2006-01-02 10:00:00+24:00")), "UTC offset 2400 is out of range");
  EXPECT_EQ(describe(iso_fault("1600-01-01")), "year 1600 is outside the supported range 1678..2261");
  EXPECT_EQ(describe(iso_fault("2006-01-02 10:00:00.1234567891")), "more than 9 fractional digits");
}

TEST(ParseIsoTimestamp, RejectsOtherShapes) {
  for (const std::string_view text :
       {"", "2006", "2006/01/02", "2006-1-2", "06-01-02", "2006-01-02X", "2006-01-02 ",
        "2006-01-02 9:30", "2006-01-02T", "2006-01-02 09:30:00 ", "2006-01-02 09:30:00.",
        "2006-01-02 09:30:0", "2006-01-02 09:30:00+1", "2006-01-02 09:30:00 +01:00",
        "2006-01-02 09:30:00ZZ", "abcd-ef-gh"}) {
    EXPECT_EQ(iso_fault(text).fault, TimestampFault::syntax) << "'" << text << "'";
  }
}

TEST(ParseIsoDate, AcceptsOnlyADate) {
  EXPECT_EQ(parse_iso_date("2000-01-01").value, k_y2k);
  EXPECT_EQ(parse_iso_date("2000-01-01 00:00").fault, TimestampFault::syntax);
  EXPECT_EQ(parse_iso_date("2000-02-30").fault, TimestampFault::day);
}

TEST(ParseTimeOfDay, ReadsHoursMinutesSecondsAndFraction) {
  EXPECT_EQ(parse_time_of_day("09:30").value, 9 * k_ns_per_hour + 30 * k_ns_per_minute);
  EXPECT_EQ(parse_time_of_day("9:30").value, 9 * k_ns_per_hour + 30 * k_ns_per_minute);
  EXPECT_EQ(parse_time_of_day("23:59:59.5").value, k_ns_per_day - 500'000'000);
  EXPECT_EQ(parse_time_of_day("00:00:00").value, 0);
  EXPECT_EQ(parse_time_of_day("24:00").fault, TimestampFault::hour);
  EXPECT_EQ(parse_time_of_day("09:60").fault, TimestampFault::minute);
  EXPECT_EQ(parse_time_of_day("0930").fault, TimestampFault::syntax);
  EXPECT_EQ(parse_time_of_day("09:30:").fault, TimestampFault::syntax);
  EXPECT_EQ(parse_time_of_day("").fault, TimestampFault::syntax);
}

TEST(ParseEpoch, ScalesEachUnit) {
  EXPECT_EQ(parse_epoch("1234567890", EpochUnit::seconds).value, k_1234567890);
  EXPECT_EQ(parse_epoch("1234567890123", EpochUnit::milliseconds).value,
            k_1234567890 + 123'000'000);
  EXPECT_EQ(parse_epoch("1234567890123456", EpochUnit::microseconds).value,
            k_1234567890 + 123'456'000);
  EXPECT_EQ(parse_epoch("1234567890123456789", EpochUnit::nanoseconds).value,
            k_1234567890 + 123'456'789);
  EXPECT_EQ(parse_epoch("-86400", EpochUnit::seconds).value, -k_ns_per_day);
}

TEST(ParseEpoch, RejectsNonIntegersAndOverflow) {
  EXPECT_EQ(parse_epoch("12a", EpochUnit::seconds).fault, TimestampFault::syntax);
  EXPECT_EQ(parse_epoch("1.5", EpochUnit::seconds).fault, TimestampFault::syntax);
  EXPECT_EQ(parse_epoch("", EpochUnit::seconds).fault, TimestampFault::syntax);
  EXPECT_EQ(parse_epoch("+5", EpochUnit::seconds).fault, TimestampFault::syntax);
  EXPECT_EQ(parse_epoch("10000000000", EpochUnit::seconds).fault, TimestampFault::range);
  EXPECT_EQ(parse_epoch("99999999999999999999", EpochUnit::nanoseconds).fault,
            TimestampFault::range);
}

TEST(InferEpochUnit, UsesMagnitude) {
  EXPECT_EQ(infer_epoch_unit(1'234'567'890), EpochUnit::seconds);
  EXPECT_EQ(infer_epoch_unit(1'234'567'890'123), EpochUnit::milliseconds);
  EXPECT_EQ(infer_epoch_unit(1'234'567'890'123'456), EpochUnit::microseconds);
  EXPECT_EQ(infer_epoch_unit(1'234'567'890'123'456'789), EpochUnit::nanoseconds);
  EXPECT_EQ(infer_epoch_unit(-1'234'567'890'123), EpochUnit::milliseconds);
}

Timestamp with_format(std::string_view format, std::string_view text) {
  const TimestampParser parser = TimestampParser::from_format(format);
  const TimestampResult result = parser.parse(text);
  EXPECT_TRUE(result.ok()) << format << " on " << text << ": " << parser.explain(result);
  return result.value;
}

TEST(TimestampParser, ReadsPatterns) {
  const Timestamp feb13 = k_1234567890 - (23 * k_ns_per_hour + 31 * k_ns_per_minute + 30 * k_ns_per_second);
  EXPECT_EQ(with_format("%d/%m/%Y", "13/02/2009"), feb13);
  EXPECT_EQ(with_format("%d/%m/%Y", "13/2/2009"), feb13);
  EXPECT_EQ(with_format("%Y%m%d", "20090213"), feb13);
  EXPECT_EQ(with_format("%d-%b-%Y", "13-Feb-2009"), feb13);
  EXPECT_EQ(with_format("%d-%b-%Y", "13-FEBRUARY-2009"), feb13);
  EXPECT_EQ(with_format("%Y.%j", "2009.044"), feb13);
  EXPECT_EQ(with_format("%m/%d/%y %H:%M:%S", "02/13/09 23:31:30"), k_1234567890);
  EXPECT_EQ(with_format("%m/%d/%y %I:%M:%S %p", "02/13/09 11:31:30 PM"), k_1234567890);
  EXPECT_EQ(with_format("%m/%d/%y %I:%M %p", "02/13/09 12:05 am"), feb13 + 5 * k_ns_per_minute);
  EXPECT_EQ(with_format("%m/%d/%y %I:%M %p", "02/13/09 12:05 PM"),
            feb13 + 12 * k_ns_per_hour + 5 * k_ns_per_minute);
  EXPECT_EQ(with_format("%Y-%m-%d %H:%M:%S.%f%z", "2009-02-14 00:31:30.25+0100"),
            k_1234567890 + 250'000'000);
  EXPECT_EQ(with_format("%Y-%m-%d %H:%M", "2009-02-13   23:31"), k_1234567890 - 30 * k_ns_per_second);
  EXPECT_EQ(with_format("%y-%m-%d", "69-12-31"), -k_ns_per_day);
  EXPECT_EQ(with_format("%y-%m-%d", "68-01-01"), with_format("%Y-%m-%d", "2068-01-01"));
  EXPECT_EQ(with_format("%Y %% %m", "2009 % 02"), with_format("%Y-%m-%d", "2009-02-01"));
}

TEST(TimestampParser, ValidatesPatternRanges) {
  const TimestampParser parser = TimestampParser::from_format("%Y-%j");
  EXPECT_EQ(parser.parse("2009-366").fault, TimestampFault::day_of_year);
  EXPECT_TRUE(parser.parse("2008-366").ok());
  const TimestampParser hours = TimestampParser::from_format("%I %p");
  EXPECT_EQ(hours.parse("13 PM").fault, TimestampFault::hour);
  EXPECT_EQ(TimestampParser::from_format("%d/%m/%Y").parse("30/02/2009").fault, TimestampFault::day);
  EXPECT_EQ(TimestampParser::from_format("%d/%m/%Y").parse("01/13/2009").fault,
            TimestampFault::month);
}

TEST(TimestampParser, ExplainsWhatWasExpected) {
  const TimestampParser pattern = TimestampParser::from_format("%d/%m/%Y");
  EXPECT_EQ(pattern.explain(pattern.parse("2009-02-13")),
            "does not match the time format '%d/%m/%Y'");
  const TimestampParser iso_parser;
  EXPECT_EQ(iso_parser.explain(iso_parser.parse("13/02/2009")),
            "expected ISO 8601 like 2006-01-02 or 2006-01-02 09:30:00");
  EXPECT_EQ(iso_parser.explain(iso_parser.parse("2009-13-01")), "month 13 is out of range");
  const TimestampParser epoch = TimestampParser::from_format("epoch_ms");
  EXPECT_EQ(epoch.explain(epoch.parse("x")),
            "expected an integer number of milliseconds since 1970-01-01");
}

TEST(TimestampParser, KeywordsSelectEpochUnits) {
  EXPECT_EQ(TimestampParser::from_format("epoch_s").parse("1234567890").value, k_1234567890);
  EXPECT_EQ(TimestampParser::from_format("epoch_ms").parse("1234567890000").value, k_1234567890);
  EXPECT_EQ(TimestampParser::from_format("epoch_us").parse("1234567890000000").value, k_1234567890);
  EXPECT_EQ(TimestampParser::from_format("epoch_ns").parse("1234567890000000000").value,
            k_1234567890);
  EXPECT_EQ(TimestampParser::from_format("").parse("2000-01-01").value, k_y2k);
  EXPECT_EQ(TimestampParser::from_format("iso").parse("2000-01-01").value, k_y2k);
}

TEST(TimestampParser, RejectsUnknownDirectives) {
  try {
    (void)TimestampParser::from_format("%Y-%Q");
    FAIL() << "expected UserInputError";
  } catch (const UserInputError& e) {
    EXPECT_STREQ(e.what(),
                 "unknown directive '%Q' in time format '%Y-%Q' (known: %Y %y %m %d %j %b %H %I %p "
                 "%M %S %f %z %%, or epoch_s, epoch_ms, epoch_us, epoch_ns)");
  }
  EXPECT_THROW((void)TimestampParser::from_format("%Y-%"), UserInputError);
}

}  // namespace
}  // namespace qbt
