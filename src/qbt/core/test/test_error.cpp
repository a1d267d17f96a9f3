#include "qbt/core/error.hpp"

#include <gtest/gtest.h>

namespace qbt {
namespace {

TEST(Error, MessageNamesFileLineAndColumn) {
  const DataError error("close price is NaN", {"data/spy.csv", 1043, 5});
  EXPECT_STREQ(error.what(), "close price is NaN at data/spy.csv:1043 col 5");
  EXPECT_EQ(error.message(), "close price is NaN");
  EXPECT_EQ(error.category(), ErrorCategory::data);
}

TEST(Error, MessageWithoutLocationIsUnchanged) {
  const UserInputError error("period must be positive");
  EXPECT_STREQ(error.what(), "period must be positive");
}

TEST(Error, FileOnlyLocation) {
  const IoError error("cannot open file: No such file or directory", {"missing.csv"});
  EXPECT_STREQ(error.what(), "cannot open file: No such file or directory at missing.csv");
}

TEST(Error, ExitCodesSeparateUserErrorsFromBugs) {
  EXPECT_EQ(exit_code_for(ErrorCategory::user_input), 1);
  EXPECT_EQ(exit_code_for(ErrorCategory::data), 1);
  EXPECT_EQ(exit_code_for(ErrorCategory::io), 1);
  EXPECT_EQ(exit_code_for(ErrorCategory::internal), 2);
}

TEST(Error, QuoteExcerptEscapesAndTruncates) {
  EXPECT_EQ(quote_excerpt("abc"), "'abc'");
  EXPECT_EQ(quote_excerpt(std::string_view("a\0b", 3)), "'a\\x00b'");
  EXPECT_EQ(quote_excerpt("abcdef", 3), "'abc...'");
}

}  // namespace
}  // namespace qbt
