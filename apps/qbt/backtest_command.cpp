#include <bit>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cache_flags.hpp"
#include "command.hpp"
#include "input_options.hpp"
#include "memory_budget.hpp"
#include "simulation_flags.hpp"
#include "qbt/core/error.hpp"
#include "qbt/core/timestamp.hpp"
#include "qbt/data/bar_chunks.hpp"
#include "qbt/data/bar_io.hpp"
#include "qbt/event/analyzers.hpp"
#include "qbt/event/analyzers_json.hpp"
#include "qbt/event/engine.hpp"
#include "qbt/event/signal_replay.hpp"
#include "qbt/event/sizer.hpp"
#include "qbt/metrics/stats.hpp"
#include "qbt/metrics/stats_json.hpp"
#include "qbt/report/portfolio_csv.hpp"
#include "qbt/strategy/series.hpp"
#include "qbt/strategy/strategy_registry.hpp"
#include "qbt/vector/from_signals.hpp"
#include "qbt/vector/streaming_backtest.hpp"

namespace qbt::cli {

namespace {

struct BacktestArgs {
  std::string engine = "vector";
  std::string data;
  std::vector<std::string> params;
  SimulationFlags sim;
  InputOptions input;
  std::string trades;
  std::string orders;
  std::string equity;
  bool json = false;
  CacheFlags cache;
  std::string memory_budget;
};

/// What a backtest computes: everything its output needs besides the bars and the flags.
struct BacktestResult {
  vector::Portfolio portfolio;
  nlohmann::ordered_json analyzers;  // event engine: backtrader's analyzers
  double bars_per_year = 0.0;
  std::string fill;
  std::size_t order_count = 0;
};

nlohmann::ordered_json params_json(const strategy::SignalStrategy& strategy,
                                   const strategy::ParamSet& params) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < strategy.params().size(); ++i) {
    const auto& spec = strategy.params()[i];
    if (spec.kind == indicators::ParamKind::integer) {
      out[spec.name] = static_cast<std::int64_t>(params[i]);
    } else {
      out[spec.name] = params[i];
    }
  }
  return out;
}

BacktestResult compute_backtest(const BacktestArgs& args, const strategy::SignalStrategy& strategy,
                                const strategy::ParamSet& params,
                                const vector::SimulationOptions& options,
                                const metrics::StatsOptions& stats_options,
                                const data::BarFrame& bars, const vector::TimeAxis& time) {
  BacktestResult result;
  vector::Portfolio& portfolio = result.portfolio;
  nlohmann::ordered_json& analyzers = result.analyzers;
  double& bars_per_year = result.bars_per_year;
  std::string& fill = result.fill;
  fill = vector::to_string(options.fill);

  const auto series = strategy::compute_all_series(strategy, params, bars);
  std::vector<std::span<const double>> views(series.begin(), series.end());
  AlignedVector<std::uint8_t> entries(bars.size());
  AlignedVector<std::uint8_t> exits(bars.size());
  strategy.signals(params, bars, views, strategy::SignalSpans{entries, exits});

  if (args.engine == "vector") {
    if (cli::instrument(args.sim).is_margin()) {
      throw UserInputError("--commission-scheme futures needs --engine event");
    }
    portfolio = vector::from_signals(vector::PriceColumns::of(bars), time,
                                     vector::SignalColumns{entries, exits, {}, {}}, options,
                                     stats_options);
    bars_per_year = metrics::bars_per_year(time.timestamps, time.bar_ns, stats_options);
  } else if (args.engine == "event") {
    if (options.has_stops()) {
      throw UserInputError(
          "--sl, --tp and --trail belong to the vectorized engine; with --engine event a strategy "
          "places its own stop orders (see examples/rsi_reversion.cpp)");
    }
    event::EngineOptions engine_options;
    engine_options.broker.cash = options.init_cash;
    engine_options.broker.fees = options.fees;
    engine_options.broker.slippage.fraction = options.slippage.fraction;
    engine_options.broker.instrument = cli::instrument(args.sim);
    // backtrader fills market orders at the next open unless cheat-on-close is on.
    const bool next_open = args.sim.fill.empty() || args.sim.fill == "next_open" ||
                           args.sim.fill == "next-open";
    if (!args.sim.fill.empty()) {
      (void)vector::parse_fill_timing(args.sim.fill);
    }
    engine_options.broker.cheat_on_close = !next_open;
    fill = next_open ? "next_open" : "close";
    engine_options.stats = stats_options;
    std::unique_ptr<event::Sizer> sizer;
    switch (options.size_type) {
      case vector::SizeType::all: sizer = event::all_in(); break;
      case vector::SizeType::amount: sizer = event::fixed_size(options.size); break;
      case vector::SizeType::value: sizer = event::fixed_value(options.size); break;
      case vector::SizeType::percent:
      case vector::SizeType::target_percent: sizer = event::percent_of_equity(options.size); break;
    }
    event::Engine engine(engine_options);
    engine.add_feed(bars);
    event::SignalReplay replay(entries, exits, options.direction, options.accumulate,
                               std::move(sizer));
    event::RunResult run = engine.run(replay);
    analyzers["returns"] = event::to_json(event::analyze_returns(run));
    analyzers["time_returns"] = event::to_json(event::analyze_time_returns(run, event::TimePeriod::year));
    analyzers["drawdown"] = event::to_json(event::analyze_drawdown(run));
    analyzers["sharpe"] = event::to_json(event::analyze_sharpe(run));
    analyzers["sqn"] = event::to_json(event::analyze_sqn(run));
    analyzers["trades"] = event::to_json(event::analyze_trades(run));
    portfolio.cash = std::move(run.cash);
    portfolio.value = std::move(run.value);
    portfolio.position = std::move(run.positions[0]);
    for (const event::FillRecord& record : run.fills) {
      portfolio.orders.push_back(record.fill);
    }
    for (const event::TradeEvent& trade : run.trades) {
      portfolio.trades.push_back(trade.trade);
    }
    portfolio.stats = run.stats;
    bars_per_year = run.bars_per_year;
  } else {
    throw UserInputError(fmt::format("unknown engine '{}' (use vector or event)", args.engine));
  }
  result.order_count = portfolio.orders.size();
  return result;
}

/// The cache key of a backtest: the bars' content, the strategy with its resolved parameters
/// and every option given except the outputs (docs/cache.md).
cache::KeyBuilder backtest_key(const CLI::App& command, const strategy::SignalStrategy& strategy,
                               const strategy::ParamSet& params, const data::BarFrame& bars) {
  cache::KeyBuilder key("backtest");
  key.add_text("data", cache::data_checksum(bars))
      .add_int("data.frequency_ns", bars.frequency().ns())
      .add_text("strategy", strategy.name())
      .add_reals("params", params.view());
  add_command_options(key, command,
                      {"DATA", "--param", "--trades", "--orders", "--equity", "--json", "--threads"});
  return key;
}

/// A cached backtest lives in two values: the statistics, bit for bit, and the rest as JSON.
/// Only what the printed output needs is cached; the record files need the whole portfolio.
std::optional<BacktestResult> cached_backtest(cache::ResultCache& result_cache,
                                              cache::KeyBuilder key) {
  const std::string stats_key = cache::KeyBuilder(key).add_text("part", "stats").finish();
  const std::string extras_key = key.add_text("part", "extras").finish();
  std::optional<std::vector<metrics::Stats>> stats = result_cache.get_stats(stats_key);
  if (!stats || stats->size() != 1) {
    return std::nullopt;
  }
  const std::optional<std::string> extras = result_cache.get_text(extras_key);
  if (!extras) {
    return std::nullopt;
  }
  const auto json = nlohmann::ordered_json::parse(*extras, nullptr, false);
  if (json.is_discarded() || !json.contains("orders") || !json.contains("bars_per_year_bits") ||
      !json.contains("fill") || !json.contains("analyzers")) {
    return std::nullopt;
  }
  BacktestResult result;
  result.portfolio.stats = stats->front();
  result.order_count = json["orders"].get<std::size_t>();
  result.bars_per_year = std::bit_cast<double>(json["bars_per_year_bits"].get<std::uint64_t>());
  result.fill = json["fill"].get<std::string>();
  result.analyzers = json["analyzers"];
  return result;
}

void store_backtest(cache::ResultCache& result_cache, cache::KeyBuilder key,
                    const BacktestResult& result) {
  const nlohmann::ordered_json extras = {
      {"orders", result.order_count},
      {"bars_per_year_bits", std::bit_cast<std::uint64_t>(result.bars_per_year)},
      {"fill", result.fill},
      {"analyzers", result.analyzers}};
  result_cache.put_stats(cache::KeyBuilder(key).add_text("part", "stats").finish(),
                         std::span<const metrics::Stats>(&result.portfolio.stats, 1));
  result_cache.put_text(key.add_text("part", "extras").finish(), extras.dump());
}

/// The bars a backtest ran on, as its output describes them.
struct BarsInfo {
  std::string symbol;
  std::size_t bars = 0;
  std::int64_t bar_ns = 0;
};

/// Print the statistics: JSON with --json, else a header line and the table.
void print_backtest(const BacktestArgs& args, const strategy::SignalStrategy& strategy,
                    const strategy::ParamSet& params, const vector::SimulationOptions& options,
                    const BacktestResult& computed, const BarsInfo& info) {
  const vector::Portfolio& portfolio = computed.portfolio;
  const nlohmann::ordered_json& analyzers = computed.analyzers;
  const double bars_per_year = computed.bars_per_year;
  const std::string& fill = computed.fill;
  if (args.json) {
    nlohmann::ordered_json out;
    out["strategy"] = std::string(strategy.name());
    out["params"] = params_json(strategy, params);
    out["data"] = {{"path", args.data},
                   {"symbol", info.symbol},
                   {"bars", info.bars},
                   {"frequency", format_duration(info.bar_ns)},
                   {"bars_per_year", bars_per_year}};
    out["options"] = {{"engine", args.engine},
                      {"cash", options.init_cash},
                      {"fees", options.fees.fraction},
                      {"fixed_fees", options.fees.fixed},
                      {"slippage", options.slippage.fraction},
                      {"fill", fill},
                      {"commission_scheme", args.sim.commission_scheme},
                      {"direction", vector::to_string(options.direction)},
                      {"size_type", vector::to_string(options.size_type)},
                      {"size", args.sim.size == "all" ? nlohmann::ordered_json("all")
                                                      : nlohmann::ordered_json(options.size)},
                      {"sl", options.sl_stop},
                      {"tp", options.tp_stop},
                      {"trail", options.trail_stop},
                      {"stats_convention", args.sim.convention}};
    out["stats"] = metrics::to_json(portfolio.stats);
    out["orders"] = computed.order_count;
    if (!analyzers.is_null()) {
      out["analyzers"] = analyzers;
    }
    fmt::print("{}\n", out.dump(2));
    return;
  }
  fmt::print("{} on {} ({} bars, {} bars, {:g} bars/year, {} engine, fills at {})\n",
             strategy.to_string(params), info.symbol.empty() ? args.data : info.symbol, info.bars,
             format_duration(info.bar_ns), bars_per_year, args.engine, fill);
  fmt::print("{}", metrics::format_stats_table(portfolio.stats));
}

/// The vector engine over DATA read in chunks (--memory-budget smaller than the data needs):
/// the same statistics and records, with the bars never all in memory. Not cached: the cache
/// key hashes the whole bars.
void run_backtest_streaming(const BacktestArgs& args, const strategy::SignalStrategy& strategy,
                            const strategy::ParamSet& params,
                            const vector::SimulationOptions& options,
                            const metrics::StatsOptions& stats_options, std::uint64_t budget) {
  if (args.engine != "vector") {
    throw UserInputError(fmt::format("--memory-budget: {} does not fit, and only --engine vector "
                                     "reads data in chunks",
                                     args.data));
  }
  if (cli::instrument(args.sim).is_margin()) {
    throw UserInputError("--commission-scheme futures needs --engine event");
  }
  const std::unique_ptr<data::BarChunks> chunks =
      data::open_bar_chunks(args.data, load_options(args.input));
  vector::StreamingOptions streaming;
  streaming.memory_budget_bytes = budget;
  std::optional<report::EquityCsvWriter> equity;
  if (!args.equity.empty()) {
    equity.emplace(args.equity);
    streaming.on_curves = [&equity](const data::BarFrame& chunk, std::span<const double> cash,
                                    std::span<const double> position,
                                    std::span<const double> value) {
      equity->append(chunk.timestamps(), cash, position, value);
    };
  }
  vector::StreamingBacktest run =
      vector::backtest_streaming(*chunks, strategy, params, options, stats_options, streaming);
  if (equity) {
    equity->close();
  }
  BacktestResult result;
  result.portfolio.stats = run.stats;
  result.portfolio.orders = std::move(run.orders);
  result.portfolio.trades = std::move(run.trades);
  result.bars_per_year = run.bars_per_year;
  result.fill = vector::to_string(options.fill);
  result.order_count = result.portfolio.orders.size();
  const auto time_of = [&run](std::int64_t bar) { return run.time_of(bar); };
  if (!args.trades.empty()) {
    report::write_text_file(args.trades, report::format_trades_csv(result.portfolio, time_of));
  }
  if (!args.orders.empty()) {
    report::write_text_file(args.orders, report::format_orders_csv(result.portfolio, time_of));
  }
  print_backtest(args, strategy, params, options, result,
                 {args.input.symbol.empty() ? chunks->symbol() : args.input.symbol, run.bars,
                  run.bar_ns});
}

void run_backtest(const BacktestArgs& args, const CLI::App& command) {
  const strategy::SignalStrategy& strategy = strategy::builtin_strategies().at(args.sim.strategy);
  const strategy::ParamSet params = resolve_params(strategy, args.params);
  const vector::SimulationOptions options = simulation_options(args.sim);
  const metrics::StatsOptions stats_options = cli::stats_options(args.sim);
  std::vector<strategy::SeriesKey> keys;
  strategy.series(params, keys);
  // In memory, a bar takes its series, two flags and three curve values beside its columns.
  const MemoryPlan memory = plan_memory(args.memory_budget, args.data,
                                        keys.size() * sizeof(double) + 2 + 3 * sizeof(double));
  if (memory.stream) {
    run_backtest_streaming(args, strategy, params, options, stats_options, memory.budget);
    return;
  }
  const data::LoadResult loaded = load_input(args.data, args.input);
  const data::BarFrame& bars = loaded.frame;
  const vector::TimeAxis time = vector::TimeAxis::of(bars);

  // The record files need the whole portfolio, which is not cached: they always compute.
  cache::ResultCache result_cache = open_cache(args.cache);
  const bool records = !args.trades.empty() || !args.orders.empty() || !args.equity.empty();
  std::optional<cache::KeyBuilder> key;
  std::optional<BacktestResult> computed;
  if (result_cache.enabled()) {
    key = backtest_key(command, strategy, params, bars);
    if (!records) {
      computed = cached_backtest(result_cache, *key);
    }
  }
  if (!computed) {
    computed = compute_backtest(args, strategy, params, options, stats_options, bars, time);
    if (key) {
      store_backtest(result_cache, *key, *computed);
    }
  }
  const vector::Portfolio& portfolio = computed->portfolio;
  if (!args.trades.empty()) {
    report::write_text_file(args.trades, report::format_trades_csv(portfolio, time.timestamps));
  }
  if (!args.orders.empty()) {
    report::write_text_file(args.orders, report::format_orders_csv(portfolio, time.timestamps));
  }
  if (!args.equity.empty()) {
    report::write_text_file(args.equity, report::format_equity_csv(portfolio, time.timestamps));
  }

  print_backtest(args, strategy, params, options, *computed,
                 {bars.symbol(), bars.size(), time.bar_ns});
}

}  // namespace

void register_backtest_command(CLI::App& app) {
  auto args = std::make_shared<BacktestArgs>();
  auto* cmd = app.add_subcommand(
      "backtest", "Run a built-in signal strategy on DATA and print its statistics");
  cmd->add_option("DATA", args->data, "Bars to trade (.csv, .qbt)")->required();
  cmd->add_option("--engine", args->engine,
                  "vector (signals to portfolio in one pass) or event (the event-driven engine: "
                  "orders through the broker, backtrader's fill rules)")
      ->capture_default_str();
  cmd->add_option("--param", args->params, "Strategy parameter name=value (repeatable)");
  add_simulation_flags(*cmd, args->sim);
  cmd->add_option("--trades", args->trades, "Write the trade records to this CSV file");
  cmd->add_option("--orders", args->orders, "Write the order records to this CSV file");
  cmd->add_option("--equity", args->equity, "Write cash, position and value per bar to this CSV");
  add_input_options(*cmd, args->input);
  cmd->add_flag("--json", args->json, "Print JSON: strategy, params, data, options, stats");
  add_cache_flags(*cmd, args->cache);
  add_memory_budget_option(*cmd, args->memory_budget);
  cmd->callback([args, cmd] { run_backtest(*args, *cmd); });
}

}  // namespace qbt::cli
