#include "qbt/data/bar_panel.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "qbt/core/error.hpp"

namespace qbt::data {
namespace {

constexpr Timestamp t1 = 1 * k_ns_per_day;
constexpr Timestamp t2 = 2 * k_ns_per_day;
constexpr Timestamp t3 = 3 * k_ns_per_day;
constexpr Timestamp t4 = 4 * k_ns_per_day;

// A trades at t1, t2, t4; B at t2, t3, t4.
BarFrame frame_a() {
  BarFrameBuilder builder("A", Frequency::days(1));
  builder.append(t1, 10, 11, 9, 10.5, 100);
  builder.append(t2, 10.5, 12, 10, 11, 200);
  builder.append(t4, 11, 11.5, 10.5, 11.2, 300);
  return builder.finish();
}

BarFrame frame_b() {
  BarFrameBuilder builder("B", Frequency::days(1));
  builder.append(t2, 50, 51, 49, 50.5, 10);
  builder.append(t3, 50.5, 52, 50, 51, 20);
  builder.append(t4, 51, 51.5, 50.5, 51.2, 30);
  return builder.finish();
}

std::vector<double> column(const BarFrame& frame, Field field) {
  const auto values = frame.field(field);
  return {values.begin(), values.end()};
}

std::vector<std::uint8_t> presence(const BarPanel& panel, std::size_t i) {
  const auto p = panel.present(i);
  return {p.begin(), p.end()};
}

// Compares doubles treating NaN as equal to NaN.
void expect_values(const std::vector<double>& actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    if (std::isnan(expected[i])) {
      EXPECT_TRUE(std::isnan(actual[i])) << "row " << i << " is " << actual[i];
    } else {
      EXPECT_EQ(actual[i], expected[i]) << "row " << i;
    }
  }
}

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

TEST(BarPanel, OuterJoinFillsNan) {
  const BarPanel panel = BarPanel::align({frame_a(), frame_b()});
  ASSERT_EQ(panel.size(), 4U);
  ASSERT_EQ(panel.symbol_count(), 2U);
  EXPECT_EQ(std::vector<Timestamp>(panel.timestamps().begin(), panel.timestamps().end()),
            (std::vector<Timestamp>{t1, t2, t3, t4}));
  const BarFrame& a = panel.frame(0);
  EXPECT_EQ(a.symbol(), "A");
  EXPECT_EQ(a.frequency(), Frequency::days(1));
  expect_values(column(a, Field::open), {10, 10.5, nan, 11});
  expect_values(column(a, Field::high), {11, 12, nan, 11.5});
  expect_values(column(a, Field::low), {9, 10, nan, 10.5});
  expect_values(column(a, Field::close), {10.5, 11, nan, 11.2});
  expect_values(column(a, Field::volume), {100, 200, nan, 300});
  EXPECT_EQ(presence(panel, 0), (std::vector<std::uint8_t>{1, 1, 0, 1}));
  const BarFrame& b = panel.frame(1);
  expect_values(column(b, Field::open), {nan, 50, 50.5, 51});
  expect_values(column(b, Field::close), {nan, 50.5, 51, 51.2});
  expect_values(column(b, Field::volume), {nan, 10, 20, 30});
  EXPECT_EQ(presence(panel, 1), (std::vector<std::uint8_t>{0, 1, 1, 1}));
}

TEST(BarPanel, OuterJoinForwardFillsFromPreviousClose) {
  const BarPanel panel =
      BarPanel::align({frame_a(), frame_b()}, {PanelJoin::outer, PanelFill::forward});
  ASSERT_EQ(panel.size(), 4U);
  const BarFrame& a = panel.frame(0);
  // A has no bar at t3: a flat bar at the t2 close 11, no volume.
  expect_values(column(a, Field::open), {10, 10.5, 11, 11});
  expect_values(column(a, Field::high), {11, 12, 11, 11.5});
  expect_values(column(a, Field::low), {9, 10, 11, 10.5});
  expect_values(column(a, Field::close), {10.5, 11, 11, 11.2});
  expect_values(column(a, Field::volume), {100, 200, 0, 300});
  EXPECT_EQ(presence(panel, 0), (std::vector<std::uint8_t>{1, 1, 0, 1}));
  // B has no bar before t2: nothing to carry, so NaN.
  const BarFrame& b = panel.frame(1);
  expect_values(column(b, Field::open), {nan, 50, 50.5, 51});
  expect_values(column(b, Field::high), {nan, 51, 52, 51.5});
  expect_values(column(b, Field::volume), {nan, 10, 20, 30});
  EXPECT_EQ(presence(panel, 1), (std::vector<std::uint8_t>{0, 1, 1, 1}));
}

TEST(BarPanel, InnerJoinKeepsCommonTimestamps) {
  for (const PanelFill fill : {PanelFill::nan, PanelFill::forward}) {
    const BarPanel panel = BarPanel::align({frame_a(), frame_b()}, {PanelJoin::inner, fill});
    EXPECT_EQ(std::vector<Timestamp>(panel.timestamps().begin(), panel.timestamps().end()),
              (std::vector<Timestamp>{t2, t4}));
    expect_values(column(panel.frame(0), Field::close), {11, 11.2});
    expect_values(column(panel.frame(0), Field::volume), {200, 300});
    expect_values(column(panel.frame(1), Field::open), {50, 51});
    expect_values(column(panel.frame(1), Field::low), {49, 50.5});
    EXPECT_EQ(presence(panel, 0), (std::vector<std::uint8_t>{1, 1}));
    EXPECT_EQ(presence(panel, 1), (std::vector<std::uint8_t>{1, 1}));
  }
}

TEST(BarPanel, KeepsGivenSymbolOrderAndFinds) {
  const BarPanel panel = BarPanel::align({frame_b(), frame_a()});
  EXPECT_EQ(panel.symbol(0), "B");
  EXPECT_EQ(panel.symbol(1), "A");
  EXPECT_EQ(panel.find("A"), 1U);
  EXPECT_EQ(panel.find("B"), 0U);
  EXPECT_FALSE(panel.find("C"));
  EXPECT_FALSE(panel.find(""));
}

TEST(BarPanel, FramesShareIndexAndOutliveInputsAndPanel) {
  BarFrame kept;
  {
    const BarPanel panel = BarPanel::align({frame_a(), frame_b()});
    EXPECT_EQ(panel.frame(0).timestamps().data(), panel.timestamps().data());
    EXPECT_EQ(panel.frame(1).timestamps().data(), panel.timestamps().data());
    const BarPanel copy = panel;
    kept = copy.frame(1);
  }
  ASSERT_EQ(kept.size(), 4U);
  EXPECT_EQ(kept.timestamps()[2], t3);
  EXPECT_EQ(kept.close()[3], 51.2);
}

TEST(BarPanel, EmptyInputs) {
  const BarPanel none = BarPanel::align({});
  EXPECT_EQ(none.size(), 0U);
  EXPECT_EQ(none.symbol_count(), 0U);
  BarFrameBuilder empty_builder("E");
  const BarFrame empty = empty_builder.finish();
  const BarPanel outer = BarPanel::align({frame_a(), empty});
  EXPECT_EQ(outer.size(), 3U);
  EXPECT_EQ(presence(outer, 1), (std::vector<std::uint8_t>{0, 0, 0}));
  const BarPanel inner = BarPanel::align({frame_a(), empty}, {PanelJoin::inner, PanelFill::nan});
  EXPECT_EQ(inner.size(), 0U);
  EXPECT_EQ(inner.frame(0).size(), 0U);
}

TEST(BarPanel, RejectsBadSymbolsAndOrder) {
  auto message_of = [](std::vector<BarFrame> frames) {
    try {
      static_cast<void>(BarPanel::align(std::move(frames)));
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message_of({frame_a(), frame_b(), frame_a()}), "duplicate symbol 'A' (frames 0 and 2)");
  BarFrameBuilder unnamed;
  unnamed.append(t1, 1, 1, 1, 1, 1);
  EXPECT_NE(message_of({frame_a(), unnamed.finish()}).find("frame 1 has no symbol"),
            std::string::npos);
  BarFrameBuilder repeated("R");
  repeated.append(t1, 1, 1, 1, 1, 1);
  repeated.append(t2, 1, 1, 1, 1, 1);
  repeated.append(t2, 1, 1, 1, 1, 1);
  EXPECT_THROW(static_cast<void>(BarPanel::align({repeated.finish()})), DataError);
  BarFrameBuilder duplicate_symbol("A");
  EXPECT_THROW(static_cast<void>(BarPanel::align({frame_a(), duplicate_symbol.finish()})),
               UserInputError);
}

}  // namespace
}  // namespace qbt::data
