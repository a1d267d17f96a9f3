// The built-in strategies: signals at hand-checked bars of small series, parameter errors, the
// series each one reads, no look-ahead on synthetic bars, and backtrader's SMA-crossover test
// strategy on its own data file.

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/data/bar_frame.hpp"
#include "qbt/data/csv_reader.hpp"
#include "qbt/data/synthetic.hpp"
#include "qbt/indicators/basic/crossover.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/trend/sma.hpp"
#include "qbt/strategy/bbands_reversion.hpp"
#include "qbt/strategy/donchian_breakout.hpp"
#include "qbt/strategy/ema_cross.hpp"
#include "qbt/strategy/macd_cross.hpp"
#include "qbt/strategy/rsi_threshold.hpp"
#include "qbt/strategy/series.hpp"
#include "qbt/strategy/sma_cross.hpp"
#include "qbt/strategy/strategy_registry.hpp"
#include "qbt/testing/test_paths.hpp"

namespace qbt::strategy {
namespace {

using data::Field;
using indicators::ParamArg;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::ThrowsMessage;

constexpr std::uint8_t k_unwritten = 7;

struct Flags {
  std::vector<std::uint8_t> entries;
  std::vector<std::uint8_t> exits;
};

ParamSet resolve(const SignalStrategy& strategy, std::initializer_list<ParamArg> args) {
  return strategy.resolve(std::span<const ParamArg>(args.begin(), args.size()));
}

/// Run a strategy the way an engine does: compute its series, then signals() into flags that
/// start as k_unwritten, and check that every flag was written as 0 or 1.
Flags run(const SignalStrategy& strategy, const ParamSet& params, const data::BarFrame& bars) {
  const auto columns = compute_all_series(strategy, params, bars);
  const std::vector<std::span<const double>> series(columns.begin(), columns.end());
  Flags flags{std::vector<std::uint8_t>(bars.size(), k_unwritten),
              std::vector<std::uint8_t>(bars.size(), k_unwritten)};
  strategy.signals(params, bars, series, {flags.entries, flags.exits});
  for (std::size_t t = 0; t < bars.size(); ++t) {
    EXPECT_LE(flags.entries[t], 1) << strategy.name() << " entry flag at bar " << t;
    EXPECT_LE(flags.exits[t], 1) << strategy.name() << " exit flag at bar " << t;
  }
  return flags;
}

Flags run(const SignalStrategy& strategy, std::initializer_list<ParamArg> args,
          const data::BarFrame& bars) {
  return run(strategy, resolve(strategy, args), bars);
}

std::vector<std::size_t> bars_with(const std::vector<std::uint8_t>& flags) {
  std::vector<std::size_t> out;
  for (std::size_t t = 0; t < flags.size(); ++t) {
    if (flags[t] != 0) {
      out.push_back(t);
    }
  }
  return out;
}

/// Daily bars from closes; open = high = low = close unless given.
data::BarFrame bars_from(const std::vector<double>& close, std::vector<double> high = {},
                         std::vector<double> low = {}) {
  if (high.empty()) {
    high = close;
  }
  if (low.empty()) {
    low = close;
  }
  data::BarFrameBuilder builder("TEST", Frequency::days(1));
  for (std::size_t t = 0; t < close.size(); ++t) {
    builder.append(static_cast<Timestamp>(t) * k_ns_per_day, close[t], high[t], low[t], close[t],
                   0.0);
  }
  return builder.finish();
}

std::vector<SeriesKey> series_of(const SignalStrategy& strategy,
                                 std::initializer_list<ParamArg> args) {
  std::vector<SeriesKey> keys;
  strategy.series(resolve(strategy, args), keys);
  return keys;
}

// ---- sma_cross

TEST(SmaCross, EntersAndExitsOnCrossingsOfTheTwoAverages) {
  // SMA(2) - SMA(3) from bar 2: +.5 +.5 +.5 +.17 | -.5 (bar 6: exit) -.5 -.5 -.17 | +.5 (bar
  // 10: entry) +.5.
  const auto bars = bars_from({1, 2, 3, 4, 5, 4, 3, 2, 1, 2, 3, 4});
  const Flags flags = run(*make_sma_cross(), {{"fast", 2}, {"slow", 3}}, bars);
  EXPECT_THAT(bars_with(flags.entries), ElementsAre(10));
  EXPECT_THAT(bars_with(flags.exits), ElementsAre(6));
}

TEST(SmaCross, TouchingIsNoCrossGoingThroughIs) {
  // fast=1 is the close. close - SMA(2): bar 1 +.5, bar 2 0 (touch), bar 3 +.5 (back up: no
  // cross), bar 4 0, bar 5 -.5 (went through: exit), bar 6 0, bar 7 -.5 (no cross).
  const auto bars = bars_from({1, 2, 2, 3, 3, 2, 2, 1});
  const Flags flags = run(*make_sma_cross(), {{"fast", 1}, {"slow", 2}}, bars);
  EXPECT_THAT(bars_with(flags.entries), IsEmpty());
  EXPECT_THAT(bars_with(flags.exits), ElementsAre(5));
}

TEST(SmaCross, FastOneIsTheCloseBitForBit) {
  // Prices jumping by orders of magnitude, each repeated once, so the close touches SMA(2)
  // exactly on every second bar. The compensated SMA(1) is then not always the close to the
  // last bit, and a touch would turn into a tiny cross; sma_cross reads the close itself and
  // matches CrossOver(close, SMA(slow)) exactly.
  std::vector<double> close;
  std::uint64_t state = 12345;
  for (int i = 0; i < 2000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const double price = std::exp(static_cast<double>(state >> 11) * 0x1.0p-53 * 40.0 - 20.0);
    close.insert(close.end(), 2, price);
  }
  const auto bars = bars_from(close);
  const Flags flags = run(*make_sma_cross(), {{"fast", 1}, {"slow", 2}}, bars);
  std::vector<double> average(close.size());
  indicators::sma(close, 2, average);
  std::vector<double> cross(close.size());
  indicators::cross_over(close, average, cross);
  for (std::size_t t = 0; t < close.size(); ++t) {
    ASSERT_EQ(flags.entries[t], cross[t] > 0 ? 1 : 0) << t;
    ASSERT_EQ(flags.exits[t], cross[t] < 0 ? 1 : 0) << t;
  }
}

TEST(SmaCross, ReadsTheTwoAveragesOrOnlyTheSlowOne) {
  const auto strategy = make_sma_cross();
  EXPECT_THAT(series_of(*strategy, {}),
              ElementsAre(SeriesKey{"SMA", {10}, 0, {}}, SeriesKey{"SMA", {50}, 0, {}}));
  EXPECT_THAT(series_of(*strategy, {{"fast", 1}, {"slow", 15}}),
              ElementsAre(SeriesKey{"SMA", {15}, 0, {}}));
}

TEST(SmaCross, RejectsBadParameters) {
  const auto strategy = make_sma_cross();
  EXPECT_THAT([&] { (void)resolve(*strategy, {{"fast", 2.5}}); },
              ThrowsMessage<UserInputError>(
                  "sma_cross: parameter 'fast' must be an integer, got 2.5"));
  EXPECT_THAT([&] { (void)resolve(*strategy, {{"fast", 0}}); },
              ThrowsMessage<UserInputError>("sma_cross: parameter 'fast' must be >= 1, got 0"));
  EXPECT_THAT([&] { (void)resolve(*strategy, {{"slow", 5}}); },
              ThrowsMessage<UserInputError>(
                  "sma_cross: parameter 'fast' must be < 'slow' (10 >= 5)"));
  EXPECT_THAT([&] { (void)resolve(*strategy, {{"fast", 50}}); },
              ThrowsMessage<UserInputError>(
                  "sma_cross: parameter 'fast' must be < 'slow' (50 >= 50)"));
  EXPECT_THAT([&] { (void)resolve(*strategy, {{"period", 5}}); },
              ThrowsMessage<UserInputError>(
                  "sma_cross: unknown parameter 'period' (known: fast, slow)"));
  EXPECT_NO_THROW((void)resolve(*strategy, {{"fast", 1}, {"slow", 2}}));
}

// ---- ema_cross

TEST(EmaCross, EntersAndExitsOnCrossingsOfTheTwoAverages) {
  // EMA(2) vs EMA(4) (alpha 2/3 and 2/5, seeded with the SMA of the first values):
  // bar 6 5.833 < 6.300, bar 7 6.611 > 6.580: entry; bar 11 9.168 > 8.840, bar 12 8.389 <
  // 8.504: exit.
  const auto bars = bars_from({10, 9, 8, 7, 6, 5, 6, 7, 8, 9, 10, 9, 8, 7, 6});
  const Flags flags = run(*make_ema_cross(), {{"fast", 2}, {"slow", 4}}, bars);
  EXPECT_THAT(bars_with(flags.entries), ElementsAre(7));
  EXPECT_THAT(bars_with(flags.exits), ElementsAre(12));
}

TEST(EmaCross, ReadsBothAveragesAndRejectsBadParameters) {
  const auto strategy = make_ema_cross();
  EXPECT_THAT(series_of(*strategy, {}),
              ElementsAre(SeriesKey{"EMA", {12}, 0, {}}, SeriesKey{"EMA", {26}, 0, {}}));
  EXPECT_THAT([&] { (void)resolve(*strategy, {{"fast", 30}}); },
              ThrowsMessage<UserInputError>(
                  "ema_cross: parameter 'fast' must be < 'slow' (30 >= 26)"));
  EXPECT_THAT([&] { (void)resolve(*strategy, {{"slow", 1e8}}); },
              ThrowsMessage<UserInputError>(
                  "ema_cross: parameter 'slow' must be <= 10000000, got 100000000"));
}

// ---- macd_cross

TEST(MacdCross, EntersAndExitsOnCrossingsOfTheSignalLine) {
  // MACD(2, 3, 2): macd vs signal from bar 3 on: -.722 > -.778 (above) ... bar 8 .443 > .338,
  // bar 9 .318 < .324: exit; bar 12 -.476 < -.385, bar 13 -.335 > -.352: entry.
  const auto bars = bars_from({10, 9, 7, 6, 6, 5, 6, 8, 9, 9, 8, 6, 5, 5, 6});
  const Flags flags = run(*make_macd_cross(), {{"fast", 2}, {"slow", 3}, {"signal", 2}}, bars);
  EXPECT_THAT(bars_with(flags.entries), ElementsAre(13));
  EXPECT_THAT(bars_with(flags.exits), ElementsAre(9));
}

TEST(MacdCross, ReadsTheMacdAndSignalLinesAndRejectsBadParameters) {
  const auto strategy = make_macd_cross();
  EXPECT_THAT(series_of(*strategy, {{"signal", 5}}),
              ElementsAre(SeriesKey{"MACD", {12, 26, 5}, 0, {}},
                          SeriesKey{"MACD", {12, 26, 5}, 1, {}}));
  EXPECT_THAT([&] { (void)resolve(*strategy, {{"fast", 26}}); },
              ThrowsMessage<UserInputError>(
                  "macd_cross: parameter 'fast' must be < 'slow' (26 >= 26)"));
  EXPECT_THAT([&] { (void)resolve(*strategy, {{"signal", 0}}); },
              ThrowsMessage<UserInputError>(
                  "macd_cross: parameter 'signal' must be >= 1, got 0"));
}

// ---- rsi_threshold

TEST(RsiThreshold, EntersBelowLowerExitsAboveUpper) {
  // Wilder RSI(2): moves up 1,1,0,0,0,1,1,1,1,0,0 / down the rest; RSI from bar 2:
  // 100, 50, 25 (bar 4: crosses below 30, entry), 12.5, 56.25, 78.125 (bar 7: crosses above
  // 70, exit), 89.06, 94.53, 47.27, 23.63 (bar 11: entry).
  const auto bars = bars_from({10, 11, 12, 11, 10, 9, 10, 11, 12, 13, 12, 11});
  const Flags flags = run(*make_rsi_threshold(), {{"period", 2}}, bars);
  EXPECT_THAT(bars_with(flags.entries), ElementsAre(4, 11));
  EXPECT_THAT(bars_with(flags.exits), ElementsAre(7));
  // Thresholds the RSI only touches give no signal: its low (bar 5) as lower, its high after
  // the first bar (bar 9) as upper.
  AlignedVector<double> rsi(bars.size());
  compute_series(series_key("RSI", {{"period", 2}}, "rsi"), bars, rsi);
  const Flags touching =
      run(*make_rsi_threshold(), {{"period", 2}, {"lower", rsi[5]}, {"upper", rsi[9]}}, bars);
  EXPECT_THAT(bars_with(touching.entries), IsEmpty());
  EXPECT_THAT(bars_with(touching.exits), IsEmpty());
}

TEST(RsiThreshold, ReadsTheRsiAndRejectsBadParameters) {
  const auto strategy = make_rsi_threshold();
  EXPECT_THAT(series_of(*strategy, {{"period", 5}}),
              ElementsAre(SeriesKey{"RSI", {5, 0, 100, 50, 1}, 0, {}}));
  EXPECT_THAT([&] { (void)resolve(*strategy, {{"lower", 0}}); },
              ThrowsMessage<UserInputError>("rsi_threshold: parameter 'lower' must be > 0, got 0"));
  EXPECT_THAT([&] { (void)resolve(*strategy, {{"upper", 100}}); },
              ThrowsMessage<UserInputError>(
                  "rsi_threshold: parameter 'upper' must be < 100, got 100"));
  EXPECT_THAT([&] { (void)resolve(*strategy, {{"lower", -1}}); },
              ThrowsMessage<UserInputError>(
                  "rsi_threshold: parameter 'lower' must be >= 0, got -1"));
  EXPECT_THAT([&] { (void)resolve(*strategy, {{"lower", 70}, {"upper", 30}}); },
              ThrowsMessage<UserInputError>(
                  "rsi_threshold: parameter 'lower' must be < 'upper' (70 >= 30)"));
  EXPECT_THAT([&] { (void)resolve(*strategy, {{"period", 14.5}}); },
              ThrowsMessage<UserInputError>(
                  "rsi_threshold: parameter 'period' must be an integer, got 14.5"));
  EXPECT_NO_THROW((void)resolve(*strategy, {{"lower", 0.5}, {"upper", 99.5}}));
}

// ---- bbands_reversion

TEST(BbandsReversion, EntersBelowTheBottomBandExitsAboveTheTop) {
  // BBands(3, 1): bar 3 close 12 > top 11.816 (bar 2: 10 < 10.805): exit; bar 5 close 10 <
  // bot 10.419 (bar 4: 13 > 10.419): entry; bar 8 close 13 > top 12.449 (bar 7: 10 < 10.414):
  // exit.
  const auto bars = bars_from({10, 11, 10, 12, 13, 10, 7, 10, 13, 10, 11});
  const Flags flags = run(*make_bbands_reversion(), {{"period", 3}, {"devfactor", 1}}, bars);
  EXPECT_THAT(bars_with(flags.entries), ElementsAre(5));
  EXPECT_THAT(bars_with(flags.exits), ElementsAre(3, 8));
}

TEST(BbandsReversion, ReadsTheBottomAndTopBandsAndRejectsBadParameters) {
  const auto strategy = make_bbands_reversion();
  EXPECT_THAT(series_of(*strategy, {{"devfactor", 2.5}}),
              ElementsAre(SeriesKey{"BBands", {20, 2.5}, 2, {}},
                          SeriesKey{"BBands", {20, 2.5}, 1, {}}));
  EXPECT_THAT([&] { (void)resolve(*strategy, {{"devfactor", -1}}); },
              ThrowsMessage<UserInputError>(
                  "bbands_reversion: parameter 'devfactor' must be >= 0, got -1"));
  EXPECT_THAT([&] { (void)resolve(*strategy, {{"period", 0}}); },
              ThrowsMessage<UserInputError>(
                  "bbands_reversion: parameter 'period' must be >= 1, got 0"));
  // The same range as the indicator's, so every accepted value is one BBands accepts.
  const auto& bbands = indicators::builtin_indicators().at("BBands");
  for (const ParamSpec& spec : strategy->params()) {
    const ParamSpec& own = bbands.params()[static_cast<std::size_t>(bbands.param_index(spec.name))];
    EXPECT_EQ(spec.min_value, own.min_value) << spec.name;
    EXPECT_EQ(spec.max_value, own.max_value) << spec.name;
  }
}

// ---- donchian_breakout

TEST(DonchianBreakout, BreaksOutOfThePreviousBarsChannel) {
  // entry=3, exit=2. Bar 3: close 12.5 > max(high[0..2]) = 12: entry. Bar 5: close 11 <
  // min(low[3..4]) = 11.5: exit. Bar 6: close 13 == max(high[3..5]) = 13: no breakout (its own
  // high of 13 is not part of its channel). Bar 7: close 13.5 > max(high[4..6]) = 13: entry.
  const std::vector<double> close{10, 11, 10, 12.5, 12, 11, 13, 13.5};
  const std::vector<double> high{11, 12, 11, 13, 12.5, 12, 13, 14};
  const std::vector<double> low{9, 10, 9, 12, 11.5, 10.5, 11, 13};
  const Flags flags = run(*make_donchian_breakout(), {{"entry", 3}, {"exit", 2}},
                          bars_from(close, high, low));
  EXPECT_THAT(bars_with(flags.entries), ElementsAre(3, 7));
  EXPECT_THAT(bars_with(flags.exits), ElementsAre(5));
}

TEST(DonchianBreakout, ReadsHighestHighAndLowestLowAndRejectsBadParameters) {
  const auto strategy = make_donchian_breakout();
  EXPECT_THAT(series_of(*strategy, {}),
              ElementsAre(SeriesKey{"Highest", {20}, 0, {Field::high}},
                          SeriesKey{"Lowest", {10}, 0, {Field::low}}));
  EXPECT_THAT([&] { (void)resolve(*strategy, {{"entry", 0}}); },
              ThrowsMessage<UserInputError>(
                  "donchian_breakout: parameter 'entry' must be >= 1, got 0"));
  EXPECT_THAT([&] { (void)resolve(*strategy, {{"exit", 1}, {"exit", 2}}); },
              ThrowsMessage<UserInputError>("donchian_breakout: parameter 'exit' given twice"));
}

// ---- every strategy

struct Case {
  const char* name;
  std::vector<ParamArg> args;  ///< short windows, so 500 bars hold many signals
};

std::vector<Case> cases() {
  return {
      {"sma_cross", {{"fast", 5}, {"slow", 20}}},
      {"sma_cross", {{"fast", 1}, {"slow", 10}}},
      {"ema_cross", {{"fast", 5}, {"slow", 20}}},
      {"macd_cross", {}},
      {"rsi_threshold", {{"period", 5}, {"lower", 35}, {"upper", 65}}},
      {"bbands_reversion", {{"period", 10}, {"devfactor", 1.5}}},
      {"donchian_breakout", {{"entry", 10}, {"exit", 5}}},
  };
}

data::BarFrame synthetic_bars(std::uint64_t seed) {
  data::SyntheticOptions options;
  options.bars = 500;
  options.frequency = Frequency::days(1);
  options.volatility = 0.4;
  options.seed = seed;
  return data::generate_bars(options);
}

/// Rows 0..last of `head`, then the rows of `tail` after `last`, scaled to continue from
/// head's close at `last`.
data::BarFrame splice(const data::BarFrame& head, const data::BarFrame& tail, std::size_t last) {
  data::BarFrameBuilder builder;
  builder.append(head.slice(0, last + 1));
  const double scale = head.close()[last] / tail.open()[last + 1];
  for (std::size_t t = last + 1; t < tail.size(); ++t) {
    builder.append(tail.timestamps()[t], tail.open()[t] * scale, tail.high()[t] * scale,
                   tail.low()[t] * scale, tail.close()[t] * scale, tail.volume()[t]);
  }
  return builder.finish();
}

TEST(EveryStrategy, ChangingLaterBarsNeverChangesEarlierFlags) {
  const data::BarFrame bars = synthetic_bars(1);
  const data::BarFrame other = synthetic_bars(2);
  for (const Case& c : cases()) {
    const SignalStrategy& strategy = builtin_strategies().at(c.name);
    const ParamSet params = strategy.resolve(c.args);
    SCOPED_TRACE(strategy.to_string(params));
    const Flags flags = run(strategy, params, bars);
    EXPECT_GE(bars_with(flags.entries).size(), 3U);
    EXPECT_GE(bars_with(flags.exits).size(), 3U);
    for (const std::size_t last : {0UL, 1UL, 30UL, 100UL, 250UL, 498UL}) {
      const Flags spliced = run(strategy, params, splice(bars, other, last));
      for (std::size_t t = 0; t <= last; ++t) {
        ASSERT_EQ(spliced.entries[t], flags.entries[t]) << "bar " << t << ", changed after "
                                                        << last;
        ASSERT_EQ(spliced.exits[t], flags.exits[t]) << "bar " << t << ", changed after " << last;
      }
      // A prefix alone gives the same flags: nothing depends on how many bars follow.
      const Flags prefix = run(strategy, params, bars.slice(0, last + 1));
      for (std::size_t t = 0; t <= last; ++t) {
        ASSERT_EQ(prefix.entries[t], flags.entries[t]) << "bar " << t;
        ASSERT_EQ(prefix.exits[t], flags.exits[t]) << "bar " << t;
      }
    }
  }
}

TEST(EveryStrategy, NoBarsNoFlags) {
  const data::BarFrame empty;
  for (const Case& c : cases()) {
    const SignalStrategy& strategy = builtin_strategies().at(c.name);
    const Flags flags = run(strategy, strategy.resolve(c.args), empty);
    EXPECT_TRUE(flags.entries.empty());
  }
}

TEST(EveryStrategy, RejectsSeriesOfTheWrongShape) {
  const data::BarFrame bars = synthetic_bars(3);
  for (const Case& c : cases()) {
    const SignalStrategy& strategy = builtin_strategies().at(c.name);
    SCOPED_TRACE(c.name);
    const ParamSet params = strategy.resolve(c.args);
    const auto columns = compute_all_series(strategy, params, bars);
    std::vector<std::span<const double>> series(columns.begin(), columns.end());
    std::vector<std::uint8_t> entries(bars.size());
    std::vector<std::uint8_t> exits(bars.size());
    std::vector<std::span<const double>> missing(series.begin(), series.end() - 1);
    EXPECT_THROW(strategy.signals(params, bars, missing, {entries, exits}), InternalError);
    series[0] = series[0].first(bars.size() - 1);
    EXPECT_THROW(strategy.signals(params, bars, series, {entries, exits}), InternalError);
  }
}

// ---- backtrader's SMA-crossover strategy

TEST(SmaCross, ReproducesTheOrdersOfBacktradersTestStrategy) {
  // backtrader tests/test_strategy_unoptimized.py trades CrossOver(close, SMA(close, 15)) on
  // 2006-day-001.txt: buy when flat and the cross is +1, close the position when long and it is
  // -1. Orders derived by running backtrader (shared/expectations/backtrader_strategies.json):
  // created at the bars and closes below.
  const data::BarFrame bars =
      data::read_csv(qbt::testing::source_path("data/backtrader/2006-day-001.txt")).frame;
  ASSERT_EQ(bars.size(), 255U);
  const Flags flags = run(*make_sma_cross(), {{"fast", 1}, {"slow", 15}}, bars);

  // Only the flags that change the position make orders: an entry while long or an exit while
  // flat is ignored, as backtrader's strategy ignores them.
  std::vector<std::size_t> buys;
  std::vector<std::size_t> sells;
  bool long_position = false;
  for (std::size_t t = 0; t < bars.size(); ++t) {
    if (!long_position && flags.entries[t] != 0) {
      buys.push_back(t);
      long_position = true;
    } else if (long_position && flags.exits[t] != 0) {
      sells.push_back(t);
      long_position = false;
    }
  }
  EXPECT_THAT(buys, ElementsAre(18, 49, 63, 76, 85, 105, 119, 142, 178, 184, 217, 242));
  EXPECT_THAT(sells, ElementsAre(43, 61, 69, 84, 90, 107, 135, 174, 183, 215, 231));
  const auto closes_at = [&](const std::vector<std::size_t>& at) {
    std::vector<std::string> out;
    for (const std::size_t t : at) {
      std::array<char, 32> text{};
      std::snprintf(text.data(), text.size(), "%.2f", bars.close()[t]);
      out.emplace_back(text.data());
    }
    return out;
  };
  EXPECT_THAT(closes_at(buys), ElementsAre("3641.42", "3798.46", "3874.61", "3860.00", "3843.08",
                                           "3648.33", "3526.84", "3632.93", "3788.96", "3841.31",
                                           "4045.22", "4052.89"));
  EXPECT_THAT(closes_at(sells), ElementsAre("3763.73", "3811.45", "3823.11", "3821.97", "3837.86",
                                            "3604.33", "3562.56", "3772.21", "3780.18", "3974.62",
                                            "4048.16"));
  // A crossover alternates on clean data, so here every raw flag is an order.
  EXPECT_EQ(bars_with(flags.entries), buys);
  EXPECT_EQ(bars_with(flags.exits), sells);
  // No flag before bar 15, the first on which backtrader's next() runs.
  EXPECT_EQ(bars_with(flags.entries).front(), 18U);
  for (std::size_t t = 0; t < 15; ++t) {
    EXPECT_EQ(flags.entries[t] + flags.exits[t], 0) << t;
  }
}

}  // namespace
}  // namespace qbt::strategy
