#include "qbt/data/validate.hpp"

#include <limits>

#include <gtest/gtest.h>

namespace qbt::data {
namespace {

TEST(CheckBar, AcceptsConsistentBar) { EXPECT_FALSE(check_bar(10, 11, 9, 10.5, 0)); }

TEST(CheckBar, RejectsEachInconsistency) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto issue = [](std::optional<BarProblem> p) { return p.value().issue; };
  auto field = [](std::optional<BarProblem> p) { return p.value().field; };
  EXPECT_EQ(issue(check_bar(10, 11, 9, nan, 0)), BarIssue::nan_value);
  EXPECT_EQ(field(check_bar(10, 11, 9, nan, 0)), Field::close);
  EXPECT_EQ(issue(check_bar(10, 11, 0, 10, 0)), BarIssue::non_positive_price);
  EXPECT_EQ(field(check_bar(10, 11, -1, 10, 0)), Field::low);
  EXPECT_EQ(issue(check_bar(10, 11, 9, 10, -5)), BarIssue::negative_volume);
  EXPECT_EQ(issue(check_bar(10, 9, 11, 10, 0)), BarIssue::high_below_low);
  EXPECT_EQ(issue(check_bar(12, 11, 9, 10, 0)), BarIssue::open_outside_range);
  EXPECT_EQ(issue(check_bar(10, 11, 9, 8.99, 0)), BarIssue::close_outside_range);
}

TEST(ValidationPolicy, ParsesNames) {
  EXPECT_EQ(parse_validation_policy("error"), ValidationPolicy::error);
  EXPECT_EQ(parse_validation_policy("skip"), ValidationPolicy::skip);
  EXPECT_EQ(parse_validation_policy("warn"), ValidationPolicy::warn);
  EXPECT_FALSE(parse_validation_policy("ignore"));
}

TEST(Validate, FindsOrderProblemsInFrame) {
  BarFrameBuilder builder;
  builder.append(100, 10, 11, 9, 10, 1);
  builder.append(200, 10, 11, 9, 10, 1);
  builder.append(200, 10, 11, 9, 10, 1);
  builder.append(150, 10, 11, 9, 10, 1);
  builder.append(300, 10, 9, 11, 10, 1);
  const ValidationReport report = validate(builder.finish());
  EXPECT_EQ(report.rows_checked, 5);
  EXPECT_EQ(report.rows_rejected, 3);
  EXPECT_EQ(report.count(BarIssue::duplicate_timestamp), 1);
  EXPECT_EQ(report.count(BarIssue::unsorted_timestamp), 1);
  EXPECT_EQ(report.count(BarIssue::high_below_low), 1);
  ASSERT_EQ(report.messages.size(), 3U);
  EXPECT_EQ(report.messages[0],
            "timestamp duplicates the previous row's at row 3 (1970-01-01T00:00:00.000000200Z)");
}

}  // namespace
}  // namespace qbt::data
