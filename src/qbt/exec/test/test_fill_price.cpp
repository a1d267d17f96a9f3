#include "qbt/exec/fill_price.hpp"

#include <gtest/gtest.h>

namespace qbt::exec {
namespace {

TEST(FillPrice, FallingLevelFillsAtTheLevelInsideTheBar) {
  EXPECT_EQ(fill_falling_to(95.0, 100.0, 94.0), 95.0);
  EXPECT_EQ(fill_falling_to(95.0, 100.0, 95.0), 95.0);  // touching is enough
  EXPECT_EQ(fill_falling_to(95.0, 100.0, 95.5), std::nullopt);
}

TEST(FillPrice, FallingLevelGappedThroughFillsAtTheOpen) {
  EXPECT_EQ(fill_falling_to(95.0, 93.0, 90.0), 93.0);
}

TEST(FillPrice, RisingLevelMirrors) {
  EXPECT_EQ(fill_rising_to(105.0, 100.0, 106.0), 105.0);
  EXPECT_EQ(fill_rising_to(105.0, 107.0, 109.0), 107.0);
  EXPECT_EQ(fill_rising_to(105.0, 100.0, 104.9), std::nullopt);
}

}  // namespace
}  // namespace qbt::exec
