#include <gtest/gtest.h>

#include "qbt/core/byte_size.hpp"
#include "qbt/core/error.hpp"

namespace qbt {
namespace {

TEST(ByteSize, ParsesSiAndIecUnitsAndPlainBytes) {
  EXPECT_EQ(parse_byte_size("512MB"), 512'000'000U);
  EXPECT_EQ(parse_byte_size("2GB"), 2'000'000'000U);
  EXPECT_EQ(parse_byte_size("1.5GiB"), 1'610'612'736U);
  EXPECT_EQ(parse_byte_size("64 KiB"), 65'536U);
  EXPECT_EQ(parse_byte_size("32mib"), 33'554'432U);
  EXPECT_EQ(parse_byte_size("1048576"), 1'048'576U);
  EXPECT_EQ(parse_byte_size("100b"), 100U);
  EXPECT_EQ(parse_byte_size("1kB"), 1'000U);
  EXPECT_EQ(parse_byte_size("0.5TB"), 500'000'000'000U);
  EXPECT_EQ(parse_byte_size(" 2 GB "), 2'000'000'000U);
}

TEST(ByteSize, RejectsWhatIsNotASize) {
  for (const char* text :
       {"", "GB", "2XB", "-1GB", "2G", "1e3MB", "nan", "2GB extra", "99999999TB"}) {
    EXPECT_FALSE(parse_byte_size(text).has_value()) << text;
  }
}

TEST(ByteSize, FlagErrorsNameTheFlagAndTheForms) {
  try {
    (void)parse_byte_size_flag("lots", "--memory-budget");
    FAIL() << "expected UserInputError";
  } catch (const UserInputError& error) {
    EXPECT_STREQ(error.what(),
                 "--memory-budget 'lots': expected a size such as 512MB, 2GB, 1.5GiB or a number "
                 "of bytes (kB, MB, GB, TB are powers of 1000; KiB, MiB, GiB, TiB of 1024)");
  }
}

TEST(ByteSize, FormatsInTheLargestSiUnit) {
  EXPECT_EQ(format_byte_size(512), "512 B");
  EXPECT_EQ(format_byte_size(33'554'432), "33.6 MB");
  EXPECT_EQ(format_byte_size(2'000'000'000), "2.0 GB");
  EXPECT_EQ(format_byte_size(1'500), "1.5 kB");
}

}  // namespace
}  // namespace qbt
