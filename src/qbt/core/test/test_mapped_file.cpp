#include "qbt/core/mapped_file.hpp"

#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/testing/temp_dir.hpp"

namespace qbt {
namespace {

TEST(MappedFile, MapsContent) {
  const testing::TempDir dir;
  const MappedFile file(dir.write("a.txt", "hello"));
  EXPECT_EQ(file.text(), "hello");
  EXPECT_EQ(file.size(), 5U);
}

TEST(MappedFile, EmptyFileIsEmptySpan) {
  const testing::TempDir dir;
  const MappedFile file(dir.write("empty.txt", ""));
  EXPECT_TRUE(file.bytes().empty());
}

TEST(MappedFile, MissingFileNamesPath) {
  try {
    const MappedFile file("/nonexistent/bars.csv");
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_STREQ(e.what(), "cannot open file: No such file or directory at /nonexistent/bars.csv");
  }
}

TEST(MappedFile, DirectoryIsRejected) {
  const testing::TempDir dir;
  EXPECT_THROW(MappedFile(dir.path().string()), IoError);
}

}  // namespace
}  // namespace qbt
