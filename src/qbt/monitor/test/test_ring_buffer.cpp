#include <vector>

#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/monitor/ring_buffer.hpp"

namespace qbt::monitor {
namespace {

TEST(RingBuffer, HoldsValuesInOrderUntilFull) {
  RingBuffer<int> ring(3);
  EXPECT_TRUE(ring.empty());
  ring.push(1);
  ring.push(2);
  EXPECT_EQ(ring.size(), 2U);
  EXPECT_EQ(ring.to_vector(), (std::vector<int>{1, 2}));
  EXPECT_EQ(ring.back(), 2);
}

TEST(RingBuffer, WrapsAroundKeepingTheNewest) {
  RingBuffer<int> ring(3);
  for (int i = 1; i <= 7; ++i) {
    ring.push(i);
  }
  EXPECT_EQ(ring.size(), 3U);
  EXPECT_EQ(ring.capacity(), 3U);
  EXPECT_EQ(ring.pushed(), 7U);
  EXPECT_EQ(ring.to_vector(), (std::vector<int>{5, 6, 7}));
  EXPECT_EQ(ring[0], 5);
  EXPECT_EQ(ring[2], 7);
  EXPECT_EQ(ring.back(), 7);
}

TEST(RingBuffer, WrapsExactlyAtCapacity) {
  RingBuffer<int> ring(2);
  ring.push(1);
  ring.push(2);
  EXPECT_EQ(ring.to_vector(), (std::vector<int>{1, 2}));
  ring.push(3);
  EXPECT_EQ(ring.to_vector(), (std::vector<int>{2, 3}));
}

TEST(RingBuffer, CapacityOneKeepsTheLast) {
  RingBuffer<int> ring(1);
  ring.push(1);
  ring.push(2);
  EXPECT_EQ(ring.to_vector(), (std::vector<int>{2}));
}

TEST(RingBuffer, ClearEmpties) {
  RingBuffer<int> ring(2);
  ring.push(1);
  ring.push(2);
  ring.push(3);
  ring.clear();
  EXPECT_TRUE(ring.empty());
  EXPECT_EQ(ring.pushed(), 0U);
  ring.push(4);
  EXPECT_EQ(ring.to_vector(), (std::vector<int>{4}));
}

TEST(RingBuffer, ZeroCapacityIsAnError) {
  try {
    const RingBuffer<int> ring(0);
    FAIL() << "expected UserInputError";
  } catch (const UserInputError& e) {
    EXPECT_STREQ(e.what(), "ring buffer capacity must be at least 1");
  }
}

}  // namespace
}  // namespace qbt::monitor
