#include "qbt/data/bar_frame.hpp"

#include <cstdint>

#include <gtest/gtest.h>

namespace qbt::data {
namespace {

BarFrame three_bars() {
  BarFrameBuilder builder("SPY", Frequency::days(1));
  builder.append(0, 10, 11, 9, 10.5, 100);
  builder.append(k_ns_per_day, 10.5, 12, 10, 11.5, 200);
  builder.append(2 * k_ns_per_day, 11.5, 11.5, 10.5, 11, 300);
  return builder.finish();
}

TEST(BarFrame, BuilderMovesColumnsIntoFrame) {
  const BarFrame frame = three_bars();
  ASSERT_EQ(frame.size(), 3U);
  EXPECT_EQ(frame.symbol(), "SPY");
  EXPECT_EQ(frame.frequency(), Frequency::days(1));
  EXPECT_EQ(frame.timestamps()[2], 2 * k_ns_per_day);
  EXPECT_DOUBLE_EQ(frame.high()[1], 12.0);
  EXPECT_DOUBLE_EQ(frame.close()[2], 11.0);
  EXPECT_DOUBLE_EQ(frame.volume()[0], 100.0);
}

TEST(BarFrame, ColumnsAre64ByteAligned) {
  const BarFrame frame = three_bars();
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(frame.timestamps().data()) % 64, 0U);
  for (const Field f : k_fields) {
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(frame.field(f).data()) % 64, 0U) << to_string(f);
  }
}

TEST(BarFrame, SliceSharesStorageAndOutlivesParent) {
  BarFrame slice;
  {
    const BarFrame frame = three_bars();
    slice = frame.slice(1, 3);
    EXPECT_EQ(slice.close().data(), frame.close().data() + 1);
  }
  ASSERT_EQ(slice.size(), 2U);
  EXPECT_EQ(slice.timestamps()[0], k_ns_per_day);
  EXPECT_DOUBLE_EQ(slice.open()[1], 11.5);
}

TEST(BarFrame, SameBarsComparesBits) {
  const BarFrame a = three_bars();
  const BarFrame b = three_bars();
  EXPECT_TRUE(a.same_bars(b));
  EXPECT_FALSE(a.same_bars(b.slice(0, 2)));
  BarFrameBuilder changed;
  changed.append(a);
  changed.column(Field::close)[1] = 11.500000000000002;
  EXPECT_FALSE(a.same_bars(changed.finish()));
}

TEST(BarFrame, EmptyFrame) {
  const BarFrame frame;
  EXPECT_TRUE(frame.empty());
  EXPECT_TRUE(frame.close().empty());
  EXPECT_TRUE(frame.same_bars(BarFrameBuilder().finish()));
}

}  // namespace
}  // namespace qbt::data
