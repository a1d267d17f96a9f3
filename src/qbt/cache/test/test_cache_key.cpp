#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xxhash.h>

#include "qbt/cache/cache_key.hpp"
#include "qbt/core/version.hpp"
#include "qbt/data/bar_frame.hpp"

namespace qbt::cache {
namespace {

/// The documented field encoding (docs/cache.md), written out independently of KeyBuilder:
/// type byte, u64 name length, name, u64 value length, value.
void encode(std::string& out, char type, std::string_view name, std::string_view value) {
  const auto u64 = [&](std::uint64_t n) {
    char raw[8];
    std::memcpy(raw, &n, 8);
    out.append(raw, 8);
  };
  out += type;
  u64(name.size());
  out += name;
  u64(value.size());
  out += value;
}

std::string int_bytes(std::int64_t value) {
  std::string out(8, '\0');
  std::memcpy(out.data(), &value, 8);
  return out;
}

std::string hex(const XXH128_hash_t& hash) {
  char text[33];
  std::snprintf(text, sizeof(text), "%016llx%016llx", static_cast<unsigned long long>(hash.high64),
                static_cast<unsigned long long>(hash.low64));
  return text;
}

TEST(KeyBuilder, HashesTheComputationVersionAndFieldsAsDocumented) {
  std::string expected;
  encode(expected, 's', "computation", "backtest.stats");
  encode(expected, 's', "qbt.version", qbt::version());
  encode(expected, 'i', "key.schema", int_bytes(1));
  encode(expected, 's', "strategy", "sma_cross");
  encode(expected, 'i', "fast", int_bytes(10));
  const std::string key =
      KeyBuilder("backtest.stats").add_text("strategy", "sma_cross").add_int("fast", 10).finish();
  EXPECT_EQ(key, hex(XXH3_128bits(expected.data(), expected.size())));
  EXPECT_TRUE(is_cache_key(key)) << key;
}

TEST(KeyBuilder, SameFieldsSameKey) {
  const auto make = [] {
    return KeyBuilder("features.column")
        .add_text("indicator", "SMA")
        .add_real("period", 30.0)
        .add_bool("flag", true)
        .add_reals("grid", std::vector<double>{1.0, 2.5})
        .finish();
  };
  EXPECT_EQ(make(), make());
}

TEST(KeyBuilder, EveryDifferenceChangesTheKey) {
  const std::string base = KeyBuilder("k").add_text("a", "x").add_real("b", 1.0).finish();
  const std::vector<std::string> others = {
      KeyBuilder("k2").add_text("a", "x").add_real("b", 1.0).finish(),   // computation
      KeyBuilder("k").add_text("a", "y").add_real("b", 1.0).finish(),    // text value
      KeyBuilder("k").add_text("A", "x").add_real("b", 1.0).finish(),    // field name
      KeyBuilder("k").add_text("a", "x").add_real("b", std::nextafter(1.0, 2.0)).finish(),
      KeyBuilder("k").add_text("a", "x").add_int("b", 1).finish(),       // type
      KeyBuilder("k").add_real("b", 1.0).add_text("a", "x").finish(),    // order
      KeyBuilder("k").add_text("a", "x").finish(),                       // missing field
  };
  for (const std::string& other : others) {
    EXPECT_NE(other, base);
  }
}

TEST(KeyBuilder, FieldBoundariesAreUnambiguous) {
  EXPECT_NE(KeyBuilder("k").add_text("a", "bc").finish(),
            KeyBuilder("k").add_text("ab", "c").finish());
  EXPECT_NE(KeyBuilder("k").add_text("a", "b").add_text("c", "").finish(),
            KeyBuilder("k").add_text("a", "bc").finish());
  EXPECT_NE(KeyBuilder("k").add_reals("v", std::vector<double>{1.0, 2.0}).finish(),
            KeyBuilder("k").add_reals("v", std::vector<double>{1.0}).add_reals("v", std::vector<double>{2.0}).finish());
}

TEST(KeyBuilder, RealsKeyOnTheirBits) {
  EXPECT_NE(KeyBuilder("k").add_real("x", 0.0).finish(),
            KeyBuilder("k").add_real("x", -0.0).finish());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(KeyBuilder("k").add_real("x", nan).finish(),
            KeyBuilder("k").add_real("x", nan).finish());
}

TEST(KeyBuilder, FinishLeavesTheBuilderUsableForLongerKeys) {
  KeyBuilder builder("k");
  builder.add_text("data", "abc");
  const std::string prefix = builder.finish();
  EXPECT_EQ(builder.finish(), prefix);
  builder.add_text("part", "stats");
  EXPECT_NE(builder.finish(), prefix);
  EXPECT_EQ(builder.finish(),
            KeyBuilder("k").add_text("data", "abc").add_text("part", "stats").finish());
}

TEST(IsCacheKey, AcceptsOnly32LowerCaseHexDigits) {
  EXPECT_TRUE(is_cache_key("0123456789abcdef0123456789abcdef"));
  EXPECT_FALSE(is_cache_key("0123456789ABCDEF0123456789abcdef"));
  EXPECT_FALSE(is_cache_key("0123456789abcdef0123456789abcde"));
  EXPECT_FALSE(is_cache_key("0123456789abcdef0123456789abcdef0"));
  EXPECT_FALSE(is_cache_key("0123456789abcdef0123456789abcdeg"));
  EXPECT_FALSE(is_cache_key("../3456789abcdef0123456789abcdef"));
  EXPECT_FALSE(is_cache_key(""));
}

data::BarFrame make_bars(std::size_t rows, std::string symbol = "SYM") {
  data::BarFrameBuilder builder(std::move(symbol));
  for (std::size_t i = 0; i < rows; ++i) {
    const double x = 100.0 + static_cast<double>(i % 97) * 0.25;
    builder.append(static_cast<Timestamp>(i) * 60'000'000'000, x, x + 1.0, x - 1.0, x + 0.5,
                   1000.0 + static_cast<double>(i));
  }
  return builder.finish();
}

/// The same bars with one value of one column (0 = timestamps, 1..5 = fields) nudged.
data::BarFrame nudged(const data::BarFrame& bars, std::size_t column, std::size_t row) {
  data::BarFrameBuilder builder(bars.symbol());
  builder.append(bars);
  if (column == 0) {
    builder.timestamps()[row] += 1;
  } else {
    double& value = builder.column(data::k_fields[column - 1])[row];
    value = std::nextafter(value, 1e300);
  }
  return builder.finish();
}

TEST(DataChecksum, IsTheSameForTheSameBarsWhateverTheSymbol) {
  const data::BarFrame a = make_bars(1000, "A");
  const data::BarFrame b = make_bars(1000, "B");
  EXPECT_EQ(data_checksum(a), data_checksum(b));
  EXPECT_TRUE(is_cache_key(data_checksum(a)));
}

TEST(DataChecksum, ChangesWithOneUlpInAnyColumn) {
  const data::BarFrame bars = make_bars(1000);
  const std::string base = data_checksum(bars);
  for (std::size_t column = 0; column <= data::k_field_count; ++column) {
    EXPECT_NE(data_checksum(nudged(bars, column, 517)), base) << "column " << column;
  }
}

TEST(DataChecksum, ChangesWithTheRowCount) {
  const data::BarFrame bars = make_bars(1000);
  EXPECT_NE(data_checksum(bars.slice(0, 999)), data_checksum(bars));
  EXPECT_EQ(data_checksum(bars.slice(0, 999)), data_checksum(make_bars(999)));
  EXPECT_NE(data_checksum(data::BarFrame()), data_checksum(bars.slice(0, 1)));
}

TEST(DataChecksum, LargeFramesHashInParallelToTheSameRule) {
  // 200k rows = 9.6 MB: above the parallel threshold; still one bit in the last row counts.
  const data::BarFrame bars = make_bars(200'000);
  const std::string base = data_checksum(bars);
  EXPECT_EQ(data_checksum(make_bars(200'000)), base);
  EXPECT_NE(data_checksum(nudged(bars, 5, 199'999)), base);
  EXPECT_NE(data_checksum(nudged(bars, 0, 0)), base);
}

}  // namespace
}  // namespace qbt::cache
