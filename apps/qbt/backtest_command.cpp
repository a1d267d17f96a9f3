#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "input_options.hpp"
#include "simulation_flags.hpp"
#include "qbt/core/error.hpp"
#include "qbt/core/timestamp.hpp"
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

void run_backtest(const BacktestArgs& args) {
  const strategy::SignalStrategy& strategy = strategy::builtin_strategies().at(args.sim.strategy);
  const strategy::ParamSet params = resolve_params(strategy, args.params);
  const vector::SimulationOptions options = simulation_options(args.sim);
  const metrics::StatsOptions stats_options = cli::stats_options(args.sim);
  const data::LoadResult loaded = load_input(args.data, args.input);
  const data::BarFrame& bars = loaded.frame;

  const auto series = strategy::compute_all_series(strategy, params, bars);
  std::vector<std::span<const double>> views(series.begin(), series.end());
  AlignedVector<std::uint8_t> entries(bars.size());
  AlignedVector<std::uint8_t> exits(bars.size());
  strategy.signals(params, bars, views, strategy::SignalSpans{entries, exits});

  const vector::TimeAxis time = vector::TimeAxis::of(bars);
  vector::Portfolio portfolio;
  nlohmann::ordered_json analyzers;  // event engine: backtrader's analyzers
  double bars_per_year = 0.0;
  std::string fill = vector::to_string(options.fill);
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

  if (!args.trades.empty()) {
    report::write_text_file(args.trades, report::format_trades_csv(portfolio, time.timestamps));
  }
  if (!args.orders.empty()) {
    report::write_text_file(args.orders, report::format_orders_csv(portfolio, time.timestamps));
  }
  if (!args.equity.empty()) {
    report::write_text_file(args.equity, report::format_equity_csv(portfolio, time.timestamps));
  }

  if (args.json) {
    nlohmann::ordered_json out;
    out["strategy"] = std::string(strategy.name());
    out["params"] = params_json(strategy, params);
    out["data"] = {{"path", args.data},
                   {"symbol", bars.symbol()},
                   {"bars", bars.size()},
                   {"frequency", format_duration(time.bar_ns)},
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
    out["orders"] = portfolio.orders.size();
    if (!analyzers.is_null()) {
      out["analyzers"] = analyzers;
    }
    fmt::print("{}\n", out.dump(2));
    return;
  }
  fmt::print("{} on {} ({} bars, {} bars, {:g} bars/year, {} engine, fills at {})\n",
             strategy.to_string(params), bars.symbol().empty() ? args.data : bars.symbol(),
             bars.size(), format_duration(time.bar_ns), bars_per_year, args.engine, fill);
  fmt::print("{}", metrics::format_stats_table(portfolio.stats));
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
  cmd->callback([args] { run_backtest(*args); });
}

}  // namespace qbt::cli
