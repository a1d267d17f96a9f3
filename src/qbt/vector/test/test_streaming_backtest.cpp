// A backtest over bars read chunk by chunk equals the in-memory from_signals() run bit for bit:
// statistics, orders and trades, for every built-in strategy, chunk sizes 1, 7 and 1000, fills
// at the close and the next open, stops, short and both directions. The pieces are checked on
// their own too: streaming series equal batch series, chunked signals equal whole signals (with
// touches and NaN gaps, where crossings carry state far back), the calendar census equals
// bars_per_year() over the whole span, and the curves seen per chunk equal the portfolio's.

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/data/synthetic.hpp"
#include "qbt/metrics/annualization.hpp"
#include "qbt/metrics/stats_accumulator.hpp"
#include "qbt/strategy/series.hpp"
#include "qbt/strategy/strategy_registry.hpp"
#include "qbt/vector/bar_census.hpp"
#include "qbt/vector/detail/run.hpp"
#include "qbt/vector/detail/simulator.hpp"
#include "qbt/vector/detail/sinks.hpp"
#include "qbt/vector/from_orders.hpp"
#include "qbt/vector/from_signals.hpp"
#include "qbt/vector/streaming_backtest.hpp"

namespace qbt::vector {
namespace {

using indicators::ParamArg;

constexpr std::int64_t k_bars = 3'000;

/// Minute bars with what makes chunking hard: a run of identical closes (so a crossing touches,
/// difference exactly 0, for many bars), NaN closes and a bar with every price NaN.
data::BarFrame tricky_bars(std::int64_t n = k_bars, std::uint64_t seed = 11) {
  data::SyntheticOptions synthetic;
  synthetic.bars = n;
  synthetic.seed = seed;
  synthetic.volatility = 0.8;
  const data::BarFrame source = data::generate_bars(synthetic);
  data::BarFrameBuilder builder(source.symbol(), source.frequency());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0; i < source.size(); ++i) {
    double open = source.open()[i];
    double high = source.high()[i];
    double low = source.low()[i];
    double close = source.close()[i];
    if (i >= 1200 && i < 1290) {  // flat: SMA(close, p) == close once the window is flat
      open = high = low = close = 100.0;
    }
    if (i == 700 || i == 2100) {
      close = nan;
    }
    if (i == 1600) {
      open = high = low = close = nan;
    }
    builder.append(source.timestamps()[i], open, high, low, close, source.volume()[i]);
  }
  return builder.finish();
}

struct StrategyCase {
  std::string name;
  std::vector<std::pair<std::string, double>> params;
};

std::vector<StrategyCase> strategy_cases() {
  return {
      {"sma_cross", {{"fast", 5}, {"slow", 20}}},
      {"sma_cross", {{"fast", 1}, {"slow", 15}}},
      {"ema_cross", {{"fast", 4}, {"slow", 17}}},
      {"macd_cross", {{"fast", 6}, {"slow", 13}, {"signal", 5}}},
      {"rsi_threshold", {{"period", 7}, {"lower", 35}, {"upper", 65}}},
      {"bbands_reversion", {{"period", 12}, {"devfactor", 1.5}}},
      {"donchian_breakout", {{"entry", 15}, {"exit", 8}}},
  };
}

strategy::ParamSet resolve(const strategy::SignalStrategy& strategy, const StrategyCase& c) {
  std::vector<ParamArg> args;
  for (const auto& [name, value] : c.params) {
    args.push_back({name, value});
  }
  return strategy.resolve(args);
}

struct OptionsCase {
  std::string name;
  SimulationOptions options;
};

std::vector<OptionsCase> option_cases() {
  std::vector<OptionsCase> cases;
  SimulationOptions o;
  o.fees.fraction = 0.001;
  o.slippage.fraction = 0.0005;
  cases.push_back({"close", o});
  o.fill = FillTiming::next_open;
  cases.push_back({"next_open", o});
  SimulationOptions stops;
  stops.sl_stop = 0.004;
  stops.tp_stop = 0.006;
  stops.trail_stop = 0.003;
  cases.push_back({"stops_close", stops});
  stops.fill = FillTiming::next_open;
  cases.push_back({"stops_next_open", stops});
  SimulationOptions shorts;
  shorts.direction = Direction::short_only;
  shorts.fees.fixed = 1.0;
  cases.push_back({"short", shorts});
  SimulationOptions both;
  both.direction = Direction::both;
  both.sl_stop = 0.01;
  both.size_type = SizeType::percent;
  both.size = 0.5;
  both.size_granularity = 1.0;
  cases.push_back({"both_percent", both});
  SimulationOptions accumulate;
  accumulate.size_type = SizeType::value;
  accumulate.size = 10'000;
  accumulate.accumulate = true;
  accumulate.fill = FillTiming::next_open;
  cases.push_back({"accumulate", accumulate});
  return cases;
}

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

bool same(const metrics::Stats& a, const metrics::Stats& b) {
  return std::memcmp(&a, &b, sizeof(metrics::Stats)) == 0;
}

std::string first_difference(const metrics::Stats& a, const metrics::Stats& b) {
  const auto x = metrics::stat_values(a);
  const auto y = metrics::stat_values(b);
  for (std::size_t k = 0; k < x.size(); ++k) {
    if (x[k].integer != y[k].integer || !same_bits(x[k].real, y[k].real)) {
      return fmt::format("{}: {} vs {}", x[k].key->name, x[k].number(), y[k].number());
    }
  }
  return "none";
}

void expect_same_orders(const std::vector<exec::OrderRecord>& a,
                        const std::vector<exec::OrderRecord>& b, const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_TRUE(a[i].bar == b[i].bar && a[i].side == b[i].side && a[i].reason == b[i].reason &&
                same_bits(a[i].size, b[i].size) && same_bits(a[i].price, b[i].price) &&
                same_bits(a[i].fees, b[i].fees))
        << what << " order " << i;
  }
}

void expect_same_trades(const std::vector<exec::TradeRecord>& a,
                        const std::vector<exec::TradeRecord>& b, const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_TRUE(a[i].entry_bar == b[i].entry_bar && a[i].exit_bar == b[i].exit_bar &&
                same_bits(a[i].size, b[i].size) && same_bits(a[i].entry_price, b[i].entry_price) &&
                same_bits(a[i].exit_price, b[i].exit_price) &&
                same_bits(a[i].entry_fees, b[i].entry_fees) &&
                same_bits(a[i].exit_fees, b[i].exit_fees) && same_bits(a[i].pnl, b[i].pnl) &&
                same_bits(a[i].return_, b[i].return_) && a[i].is_long == b[i].is_long &&
                a[i].is_open == b[i].is_open)
        << what << " trade " << i;
  }
}

/// The in-memory run the CLI makes: every series, the flags, from_signals on the whole frame.
Portfolio in_memory(const data::BarFrame& bars, const strategy::SignalStrategy& strategy,
                    const strategy::ParamSet& params, const SimulationOptions& options,
                    const metrics::StatsOptions& stats_options = {}) {
  const auto series = strategy::compute_all_series(strategy, params, bars);
  const std::vector<std::span<const double>> views(series.begin(), series.end());
  std::vector<std::uint8_t> entries(bars.size());
  std::vector<std::uint8_t> exits(bars.size());
  strategy.signals(params, bars, views, {entries, exits});
  return from_signals(bars, {entries, exits, {}, {}}, options, stats_options);
}

TEST(StreamingBacktest, EqualsTheInMemoryRunForEveryStrategyChunkSizeAndOption) {
  const data::BarFrame bars = tricky_bars();
  for (const StrategyCase& sc : strategy_cases()) {
    const strategy::SignalStrategy& strategy = strategy::builtin_strategies().at(sc.name);
    const strategy::ParamSet params = resolve(strategy, sc);
    for (const OptionsCase& oc : option_cases()) {
      const Portfolio expected = in_memory(bars, strategy, params, oc.options);
      for (const std::size_t rows : {std::size_t{1}, std::size_t{7}, std::size_t{1000}}) {
        const std::string what =
            fmt::format("{} {} chunks of {}", strategy.to_string(params), oc.name, rows);
        const auto chunks = data::frame_chunks(bars);
        StreamingOptions streaming;
        streaming.chunk_rows = rows;
        const StreamingBacktest got =
            backtest_streaming(*chunks, strategy, params, oc.options, {}, streaming);
        EXPECT_TRUE(same(got.stats, expected.stats))
            << what << ": first difference " << first_difference(got.stats, expected.stats);
        expect_same_orders(got.orders, expected.orders, what);
        expect_same_trades(got.trades, expected.trades, what);
        EXPECT_EQ(got.bars, bars.size());
        EXPECT_EQ(got.chunks, (bars.size() + rows - 1) / rows);
      }
      EXPECT_GT(expected.orders.size(), 2U) << sc.name << " " << oc.name;
    }
  }
}

TEST(StreamingBacktest, EqualsTheInMemoryRunUnderEveryStatsConvention) {
  const data::BarFrame bars = tricky_bars(2'500, 5);
  const strategy::SignalStrategy& strategy = strategy::builtin_strategies().at("ema_cross");
  const strategy::ParamSet params = resolve(strategy, {"ema_cross", {{"fast", 5}, {"slow", 12}}});
  for (const std::string_view convention : metrics::StatsOptions::convention_names()) {
    const metrics::StatsOptions stats_options = metrics::StatsOptions::convention(convention);
    const Portfolio expected = in_memory(bars, strategy, params, {}, stats_options);
    const auto chunks = data::frame_chunks(bars);
    StreamingOptions streaming;
    streaming.chunk_rows = 333;
    const StreamingBacktest got =
        backtest_streaming(*chunks, strategy, params, {}, stats_options, streaming);
    EXPECT_TRUE(same(got.stats, expected.stats))
        << convention << ": " << first_difference(got.stats, expected.stats);
    const TimeAxis time = TimeAxis::of(bars);
    EXPECT_EQ(got.bar_ns, time.bar_ns);
    EXPECT_TRUE(same_bits(got.bars_per_year,
                          metrics::bars_per_year(time.timestamps, time.bar_ns, stats_options)));
  }
}

TEST(StreamingBacktest, ChunksSizedFromTheBudgetGiveTheSameResult) {
  const data::BarFrame bars = tricky_bars();
  const strategy::SignalStrategy& strategy = strategy::builtin_strategies().at("sma_cross");
  const strategy::ParamSet params = resolve(strategy, strategy_cases()[0]);
  const Portfolio expected = in_memory(bars, strategy, params, {});
  const auto chunks = data::frame_chunks(bars);
  StreamingOptions streaming;
  streaming.memory_budget_bytes = 64 * 1024;
  const StreamingBacktest got = backtest_streaming(*chunks, strategy, params, {}, {}, streaming);
  EXPECT_TRUE(same(got.stats, expected.stats)) << first_difference(got.stats, expected.stats);
  EXPECT_GT(got.chunks, 1U);
  // Half of 64 KiB, less the SMA state, over 48 bytes of bar + 2 series + 2 flags per bar.
  EXPECT_LT(got.chunk_rows, 32 * 1024 / 60);
  EXPECT_GT(got.chunk_rows, 100U);
}

TEST(StreamingBacktest, RecordTimesCoverEveryRecordBar) {
  const data::BarFrame bars = tricky_bars();
  const strategy::SignalStrategy& strategy = strategy::builtin_strategies().at("sma_cross");
  const strategy::ParamSet params = resolve(strategy, strategy_cases()[0]);
  const auto chunks = data::frame_chunks(bars);
  StreamingOptions streaming;
  streaming.chunk_rows = 50;
  const StreamingBacktest got = backtest_streaming(*chunks, strategy, params, {}, {}, streaming);
  ASSERT_FALSE(got.trades.empty());
  const auto ts = bars.timestamps();
  for (const exec::OrderRecord& order : got.orders) {
    EXPECT_EQ(got.time_of(order.bar), ts[static_cast<std::size_t>(order.bar)]);
  }
  for (const exec::TradeRecord& trade : got.trades) {
    EXPECT_EQ(got.time_of(trade.entry_bar), ts[static_cast<std::size_t>(trade.entry_bar)]);
    EXPECT_EQ(got.time_of(trade.exit_bar), ts[static_cast<std::size_t>(trade.exit_bar)]);
  }
  EXPECT_EQ(got.time_of(static_cast<std::int64_t>(bars.size()) - 1), ts.back());
  EXPECT_THROW((void)got.time_of(1), InternalError);
}

TEST(StreamingBacktest, CurvesPerChunkEqualThePortfolioCurves) {
  const data::BarFrame bars = tricky_bars();
  const strategy::SignalStrategy& strategy = strategy::builtin_strategies().at("rsi_threshold");
  const strategy::ParamSet params = resolve(strategy, strategy_cases()[4]);
  SimulationOptions options;
  options.sl_stop = 0.003;
  const Portfolio expected = in_memory(bars, strategy, params, options);
  std::vector<double> cash;
  std::vector<double> position;
  std::vector<double> value;
  std::vector<Timestamp> times;
  StreamingOptions streaming;
  streaming.chunk_rows = 64;
  streaming.on_curves = [&](const data::BarFrame& chunk, std::span<const double> c,
                            std::span<const double> p, std::span<const double> v) {
    ASSERT_EQ(c.size(), chunk.size());
    cash.insert(cash.end(), c.begin(), c.end());
    position.insert(position.end(), p.begin(), p.end());
    value.insert(value.end(), v.begin(), v.end());
    times.insert(times.end(), chunk.timestamps().begin(), chunk.timestamps().end());
  };
  const auto chunks = data::frame_chunks(bars);
  const StreamingBacktest got =
      backtest_streaming(*chunks, strategy, params, options, {}, streaming);
  EXPECT_TRUE(same(got.stats, expected.stats));
  ASSERT_EQ(value.size(), bars.size());
  for (std::size_t i = 0; i < bars.size(); ++i) {
    ASSERT_TRUE(same_bits(cash[i], expected.cash[i]) &&
                same_bits(position[i], expected.position[i]) &&
                same_bits(value[i], expected.value[i]))
        << "bar " << i;
    ASSERT_EQ(times[i], bars.timestamps()[i]);
  }
}

TEST(StreamingBacktest, EmptyInputGivesTheEmptyRun) {
  const data::BarFrame bars = tricky_bars().slice(0, 0);
  const strategy::SignalStrategy& strategy = strategy::builtin_strategies().at("sma_cross");
  const strategy::ParamSet params = resolve(strategy, strategy_cases()[0]);
  const Portfolio expected = in_memory(bars, strategy, params, {});
  const auto chunks = data::frame_chunks(bars);
  const StreamingBacktest got = backtest_streaming(*chunks, strategy, params, {}, {});
  EXPECT_TRUE(same(got.stats, expected.stats)) << first_difference(got.stats, expected.stats);
  EXPECT_EQ(got.chunks, 0U);
  EXPECT_TRUE(got.record_times.empty());
}

TEST(StreamingBacktest, TooSmallABudgetIsAUserError) {
  const data::BarFrame bars = tricky_bars();
  const strategy::SignalStrategy& strategy = strategy::builtin_strategies().at("sma_cross");
  const strategy::ParamSet params =
      resolve(strategy, {"sma_cross", {{"fast", 10}, {"slow", 5'000'000}}});
  const auto chunks = data::frame_chunks(bars);
  StreamingOptions streaming;
  streaming.memory_budget_bytes = 1 << 20;
  EXPECT_THROW((void)backtest_streaming(*chunks, strategy, params, {}, {}, streaming),
               UserInputError);
}

TEST(StreamingBacktest, ChunkRowsReportRowGroupsTooLargeForTheBudget) {
  try {
    (void)streaming_chunk_rows(8 << 20, 64, 0, 1'000'000);
    FAIL() << "expected UserInputError";
  } catch (const UserInputError& error) {
    EXPECT_NE(std::string(error.what()).find("--row-group-rows"), std::string::npos)
        << error.what();
  }
  EXPECT_EQ(streaming_chunk_rows(1 << 20, 64, 0, 0), (std::size_t{1} << 19) / 64);
}

TEST(SeriesStream, EqualsTheBatchSeriesOfEveryBuiltinStrategy) {
  const data::BarFrame bars = tricky_bars();
  for (const StrategyCase& sc : strategy_cases()) {
    const strategy::SignalStrategy& strategy = strategy::builtin_strategies().at(sc.name);
    std::vector<strategy::SeriesKey> keys;
    strategy.series(resolve(strategy, sc), keys);
    for (const strategy::SeriesKey& key : keys) {
      std::vector<double> batch(bars.size());
      strategy::compute_series(key, bars, batch);
      strategy::SeriesStream stream(key);
      std::vector<double> streamed(bars.size());
      for (std::size_t begin = 0; begin < bars.size(); begin += 97) {
        const std::size_t end = std::min(bars.size(), begin + 97);
        stream.next(bars.slice(begin, end),
                    std::span<double>(streamed).subspan(begin, end - begin));
      }
      for (std::size_t i = 0; i < bars.size(); ++i) {
        ASSERT_TRUE(same_bits(batch[i], streamed[i]) ||
                    (std::isnan(batch[i]) && std::isnan(streamed[i])))
            << key.indicator << " row " << i << ": " << batch[i] << " vs " << streamed[i];
      }
    }
  }
}

TEST(SignalCarry, ChunkedSignalsEqualWholeSignalsThroughTouches) {
  // Two series that touch (difference exactly 0) for long runs across chunk boundaries, then
  // cross: only a carried crossing state gets these right.
  const std::size_t n = 400;
  std::vector<double> a(n);
  std::vector<double> b(n, 10.0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t phase = i % 100;
    a[i] = phase < 20 ? 9.0 : phase < 70 ? 10.0 : phase < 80 ? 11.0 : 10.0;
  }
  a[5] = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::uint8_t> whole_entries(n);
  std::vector<std::uint8_t> whole_exits(n);
  data::BarFrameBuilder builder;
  for (std::size_t i = 0; i < n; ++i) {
    builder.append(static_cast<Timestamp>(i) * k_ns_per_minute, a[i], a[i], a[i], a[i], 0.0);
  }
  const data::BarFrame bars = builder.finish();
  const strategy::SignalStrategy& sma_cross = strategy::builtin_strategies().at("sma_cross");
  const strategy::ParamSet params = resolve(sma_cross, {"sma_cross", {{"fast", 1}, {"slow", 2}}});
  // fast = 1 reads the close; give the constant b as the slow series.
  const std::vector<std::span<const double>> whole{b};
  sma_cross.signals(params, bars, whole, {whole_entries, whole_exits});
  ASSERT_GT(std::count(whole_entries.begin(), whole_entries.end(), 1), 1);
  for (const std::size_t rows :
       {std::size_t{1}, std::size_t{3}, std::size_t{50}, std::size_t{64}}) {
    strategy::SignalCarry carry;
    std::vector<std::uint8_t> entries(n);
    std::vector<std::uint8_t> exits(n);
    for (std::size_t begin = 0; begin < n; begin += rows) {
      const std::size_t end = std::min(n, begin + rows);
      const std::vector<std::span<const double>> part{
          std::span<const double>(b).subspan(begin, end - begin)};
      sma_cross.next_signals(params, bars.slice(begin, end), part,
                             {std::span<std::uint8_t>(entries).subspan(begin, end - begin),
                              std::span<std::uint8_t>(exits).subspan(begin, end - begin)},
                             carry);
    }
    EXPECT_EQ(entries, whole_entries) << "chunks of " << rows;
    EXPECT_EQ(exits, whole_exits) << "chunks of " << rows;
  }
  // And the flags are backtrader's CrossOver, bar by bar.
  indicators::CrossOver reference;
  for (std::size_t i = 0; i < n; ++i) {
    const double cross = reference.update(a[i], b[i]);
    EXPECT_EQ(whole_entries[i], cross == 1.0 ? 1 : 0) << i;
    EXPECT_EQ(whole_exits[i], cross == -1.0 ? 1 : 0) << i;
  }
}

TEST(CalendarCensus, ChunkedCountsEqualTheWholeSpan) {
  data::SyntheticOptions synthetic;
  synthetic.bars = 5'000;
  synthetic.frequency = Frequency::minutes(5);
  for (const data::SessionCalendar calendar :
       {data::SessionCalendar::trading, data::SessionCalendar::continuous}) {
    synthetic.calendar = calendar;
    const data::BarFrame bars = data::generate_bars(synthetic);
    const auto ts = bars.timestamps();
    for (const std::size_t rows : {std::size_t{1}, std::size_t{77}, std::size_t{5'000}}) {
      metrics::CalendarCensus census;
      for (std::size_t begin = 0; begin < ts.size(); begin += rows) {
        census.add(ts.subspan(begin, std::min(rows, ts.size() - begin)));
      }
      EXPECT_EQ(census.has_weekend_bars(), metrics::has_weekend_bars(ts));
      for (const std::string_view convention : metrics::StatsOptions::convention_names()) {
        const metrics::StatsOptions options = metrics::StatsOptions::convention(convention);
        EXPECT_TRUE(same_bits(census.bars_per_year(synthetic.frequency.ns(), options),
                              metrics::bars_per_year(ts, synthetic.frequency.ns(), options)))
            << convention << " chunks of " << rows;
      }
    }
  }
}

TEST(BarCensus, InfersTheWholeFramesBarWidthPastTheFrequencySample) {
  // Irregular gaps over more bars than frequency inference samples: the mean gap decides.
  data::BarFrameBuilder builder;
  Timestamp t = 0;
  for (std::size_t i = 0; i < 150'000; ++i) {
    builder.append(t, 1, 1, 1, 1, 0);
    t += (i % 3 == 0 ? 1 : i % 3 == 1 ? 2 : 4) * k_ns_per_minute;
  }
  const data::BarFrame bars = builder.finish();
  BarCensus census;
  for (std::size_t begin = 0; begin < bars.size(); begin += 4'096) {
    census.add(bars.slice(begin, std::min(bars.size(), begin + 4'096)));
  }
  EXPECT_EQ(census.bar_ns(), TimeAxis::of(bars).bar_ns);
  EXPECT_EQ(census.bars(), bars.size());
}

TEST(Simulator, OrdersFedInChunksEqualFromOrders) {
  const data::BarFrame bars = tricky_bars(1'500, 3);
  std::vector<double> sizes(bars.size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < sizes.size(); i += 37) {
    sizes[i] = (i / 37) % 3 == 0 ? -0.5 : 0.4;  // target_percent: flip between long and short
  }
  for (const FillTiming fill : {FillTiming::close, FillTiming::next_open}) {
    SimulationOptions options;
    options.size_type = SizeType::target_percent;
    options.size = 1.0;  // unused: each order's size is its target
    options.direction = Direction::both;
    options.fill = fill;
    options.fees.fraction = 0.001;
    const Portfolio expected = from_orders(bars, sizes, options);
    for (const std::size_t rows : {std::size_t{1}, std::size_t{37}, std::size_t{500}}) {
      Portfolio got;
      metrics::StatsAccumulator stats =
          detail::make_accumulator(TimeAxis::of(bars), options, {});
      detail::RecordingSink sink(stats, bars.size(), got.orders, got.trades, got.cash,
                                 got.position, got.value);
      detail::Simulator<detail::RecordingSink> simulator(options, sink);
      for (std::size_t begin = 0; begin < bars.size(); begin += rows) {
        const std::size_t end = std::min(bars.size(), begin + rows);
        simulator.feed_orders(PriceColumns::of(bars.slice(begin, end)),
                              std::span<const double>(sizes).subspan(begin, end - begin),
                              static_cast<std::int64_t>(begin));
      }
      simulator.finish(static_cast<std::int64_t>(bars.size()));
      const PriceColumns prices = PriceColumns::of(bars);
      got.stats = stats.finish(detail::stats_context(prices, TimeAxis::of(bars)));
      const std::string what = fmt::format("{} chunks of {}", to_string(fill), rows);
      EXPECT_TRUE(same(got.stats, expected.stats)) << what << ": "
                                                   << first_difference(got.stats, expected.stats);
      expect_same_orders(got.orders, expected.orders, what);
      expect_same_trades(got.trades, expected.trades, what);
      EXPECT_GT(expected.orders.size(), 10U);
    }
  }
}

TEST(StatsAccumulatorChunks, AQuietRunSplitAcrossCallsEqualsOneCall) {
  // A run in a position fed whole, and fed in pieces at every split point (as chunk boundaries
  // split it), gives the same statistics bit for bit, exposure included.
  std::vector<double> close(64);
  for (std::size_t i = 0; i < close.size(); ++i) {
    close[i] = 100.0 + 7.0 * std::sin(0.3 * static_cast<double>(i)) + 1e-9 * static_cast<double>(i);
  }
  close[9] = std::numeric_limits<double>::quiet_NaN();
  metrics::StatsContext context;
  context.n_bars = static_cast<std::int64_t>(close.size());
  context.bar_ns = k_ns_per_day;
  for (const double position : {3.0, -2.5, 0.0}) {
    const double cash = position > 0 ? 200.0 : position < 0 ? 900.0 : 1000.0;
    const double free_cash = position > 0 ? 200.0 : position < 0 ? 400.0 : 1000.0;
    metrics::StatsAccumulator whole(1000.0, 252.0);
    double mark = std::numeric_limits<double>::quiet_NaN();
    whole.on_flat_bars(0, close, cash, position, free_cash, mark);
    const metrics::Stats expected = whole.finish(context);
    for (std::size_t split = 1; split < close.size(); split += 5) {
      metrics::StatsAccumulator pieces(1000.0, 252.0);
      double piece_mark = std::numeric_limits<double>::quiet_NaN();
      for (std::size_t begin = 0; begin < close.size(); begin += split) {
        const std::size_t size = std::min(split, close.size() - begin);
        pieces.on_flat_bars(static_cast<std::int64_t>(begin),
                            std::span<const double>(close).subspan(begin, size), cash, position,
                            free_cash, piece_mark);
      }
      const metrics::Stats got = pieces.finish(context);
      EXPECT_TRUE(same(got, expected)) << "position " << position << ", pieces of " << split << ": "
                                       << first_difference(got, expected);
    }
  }
}

}  // namespace
}  // namespace qbt::vector
