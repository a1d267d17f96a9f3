#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iterator>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <thread>
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
#include "qbt/metrics/stats.hpp"
#include "qbt/metrics/stats_json.hpp"
#include "qbt/optimize/constraint.hpp"
#include "qbt/optimize/param_space.hpp"
#include "qbt/optimize/streaming_sweep.hpp"
#include "qbt/optimize/sweep.hpp"
#include "qbt/report/portfolio_csv.hpp"
#include "qbt/strategy/strategy_registry.hpp"
#include "qbt/vector/streaming_backtest.hpp"

namespace qbt::cli {

namespace {

struct OptimizeArgs {
  std::string data;
  std::vector<std::string> grids;
  std::vector<std::string> constraints;
  std::vector<std::string> params;
  SimulationFlags sim;
  InputOptions input;
  std::size_t random = 0;
  std::uint64_t seed = 0;
  std::string metric = "sharpe_ratio";
  std::size_t top = 20;
  bool ascending = false;
  std::string out;
  bool json = false;
  CacheFlags cache;
  std::string memory_budget;
};

/// Statistics where smaller is better: ranked ascending unless told otherwise.
bool lower_is_better(std::string_view metric) {
  return metric == "max_drawdown_pct" || metric == "max_drawdown_duration" ||
         metric == "total_fees_paid" || metric == "annual_volatility_pct";
}

std::string format_value(const metrics::StatValue& value) {
  switch (value.key->kind) {
    case metrics::StatKind::timestamp: return format_timestamp(value.integer);
    case metrics::StatKind::duration:
      return std::isnan(value.number()) ? "NaT"
                                        : metrics::format_timedelta(static_cast<std::int64_t>(value.number()));
    case metrics::StatKind::count: return fmt::format("{}", value.integer);
    case metrics::StatKind::real: break;
  }
  return fmt::format("{}", value.real);
}

std::string format_param(const indicators::ParamSpec& spec, double value) {
  return spec.kind == indicators::ParamKind::integer
             ? fmt::format("{}", static_cast<std::int64_t>(value))
             : fmt::format("{}", value);
}

class ProgressBar {
public:
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}
  void update(std::size_t done, std::size_t total) {
    const std::size_t percent = done * 100 / std::max<std::size_t>(total, 1);
    if (!enabled_ || percent == last_percent_) {
      return;
    }
    last_percent_ = percent;
    const std::size_t width = 40;
    const std::size_t filled = percent * width / 100;
    fmt::print(stderr, "\r[{}{}] {:3}% {}/{}", std::string(filled, '#'),
               std::string(width - filled, '.'), percent, done, total);
    if (done == total) {
      fmt::print(stderr, "\n");
    }
    std::fflush(stderr);
  }

private:
  bool enabled_;
  std::size_t last_percent_ = static_cast<std::size_t>(-1);
};

/// The cache key of a sweep: the bars' content, the strategy, every combination's parameters and
/// every option given except those that only rank, select or print results (docs/cache.md).
std::string sweep_key(const CLI::App& command, const strategy::SignalStrategy& strategy,
                      const std::vector<strategy::ParamSet>& combinations,
                      const data::BarFrame& bars) {
  cache::KeyBuilder key("optimize.sweep");
  key.add_text("data", cache::data_checksum(bars))
      .add_int("data.frequency_ns", bars.frequency().ns())
      .add_text("strategy", strategy.name())
      .add_int("combinations", static_cast<std::int64_t>(combinations.size()));
  std::vector<double> values;
  for (const strategy::ParamSet& set : combinations) {
    values.insert(values.end(), set.view().begin(), set.view().end());
  }
  key.add_reals("params", values);
  add_command_options(key, command,
                      {"DATA", "--grid", "--constraint", "--param", "--random", "--seed", "--metric",
                       "--ascending", "--top", "--out", "--json", "--threads"});
  return key.finish();
}

/// The most series one combination reads.
std::size_t series_width(const strategy::SignalStrategy& strategy,
                         std::span<const strategy::ParamSet> combinations) {
  std::size_t width = 0;
  std::vector<strategy::SeriesKey> keys;
  for (const strategy::ParamSet& set : combinations) {
    keys.clear();
    strategy.series(set, keys);
    width = std::max(width, keys.size());
  }
  return width;
}

/// The sweep over DATA read in chunks (--memory-budget smaller than the data needs): the same
/// statistics, with the bars never all in memory. Not cached: the cache key hashes the bars.
std::vector<metrics::Stats> sweep_streaming(
    const OptimizeArgs& args, const strategy::SignalStrategy& strategy,
    std::span<const strategy::ParamSet> combinations, const vector::SimulationOptions& options,
    const metrics::StatsOptions& stats_options, std::uint64_t budget,
    const std::function<void(std::size_t, std::size_t)>& progress, std::string& symbol,
    std::size_t& bar_count) {
  const std::unique_ptr<data::BarChunks> chunks =
      data::open_bar_chunks(args.data, load_options(args.input));
  optimize::StreamingSweepOptions sweep_options;
  sweep_options.threads = args.input.threads;
  sweep_options.memory_budget_bytes = static_cast<std::size_t>(budget);
  sweep_options.progress = progress;
  optimize::StreamingSweepCounters counters;
  std::vector<metrics::Stats> results = optimize::run_streaming_sweep(
      strategy, *chunks, combinations, options, stats_options, sweep_options, &counters);
  symbol = args.input.symbol.empty() ? chunks->symbol() : args.input.symbol;
  bar_count = counters.bars;
  return results;
}

void run_optimize(const OptimizeArgs& args, const CLI::App& command) {
  const strategy::SignalStrategy& strategy = strategy::builtin_strategies().at(args.sim.strategy);
  const auto& specs = strategy.params();
  std::vector<std::string> names;
  for (const auto& spec : specs) {
    names.push_back(spec.name);
  }
  const metrics::StatKey& metric = metrics::stat_key(args.metric);
  const vector::SimulationOptions options = simulation_options(args.sim);
  const metrics::StatsOptions stats_options = cli::stats_options(args.sim);

  // Fixed parameters (--param) become one-value axes.
  std::vector<optimize::ParamAxis> axes;
  for (const std::string& grid : args.grids) {
    axes.push_back(optimize::parse_grid_axis(grid));
  }
  for (const std::string& flag : args.params) {
    const indicators::ParamArg arg = parse_param_flag(flag);
    axes.push_back(optimize::ParamAxis{std::string(arg.name), {arg.value}});
  }
  const optimize::ParamSpace space(specs, std::move(axes));
  std::vector<optimize::Constraint> constraints;
  for (const std::string& text : args.constraints) {
    constraints.push_back(optimize::Constraint::parse(text, names));
  }
  const optimize::ParamTable table = args.random > 0
                                         ? space.sample(args.random, args.seed, constraints)
                                         : space.enumerate(constraints);

  // Combinations the strategy itself rejects (sma_cross with fast >= slow) are skipped.
  std::vector<strategy::ParamSet> combinations;
  combinations.reserve(table.size());
  std::size_t rejected = 0;
  std::string first_rejection;
  for (std::size_t i = 0; i < table.size(); ++i) {
    strategy::ParamSet set;
    set.size = static_cast<std::uint8_t>(table.param_count());
    std::copy_n(table.row(i).begin(), table.param_count(), set.values.begin());
    try {
      strategy.validate(set);
      combinations.push_back(set);
    } catch (const UserInputError& error) {
      if (rejected++ == 0) {
        first_rejection = error.what();
      }
    }
  }
  if (rejected > 0) {
    fmt::print(stderr, "qbt: note: skipped {} combination(s) that {} rejects, e.g. {}\n",
               rejected, strategy.name(), first_rejection);
  }
  if (combinations.empty()) {
    throw UserInputError("no parameter combination to run (check --grid and --constraint)");
  }

  ProgressBar bar(isatty(fileno(stderr)) != 0 && !args.json);
  const auto progress = [&bar](std::size_t done, std::size_t total) { bar.update(done, total); };
  const std::size_t threads = args.input.threads != 0
                                  ? args.input.threads
                                  : std::max(1u, std::thread::hardware_concurrency());
  // In memory, a bar takes its columns, the series of at least one combination and two flags
  // per thread.
  const std::size_t width = series_width(strategy, combinations);
  const MemoryPlan memory =
      plan_memory(args.memory_budget, args.data, width * sizeof(double) + 2 * threads);
  std::string symbol;
  std::size_t bar_count = 0;
  std::vector<metrics::Stats> results;
  if (memory.stream) {
    results = sweep_streaming(args, strategy, combinations, options, stats_options, memory.budget,
                              progress, symbol, bar_count);
  } else {
    const data::LoadResult loaded = load_input(args.data, args.input);
    symbol = loaded.frame.symbol();
    bar_count = loaded.frame.size();
    optimize::SweepOptions sweep_options;
    sweep_options.threads = args.input.threads;
    sweep_options.progress = progress;
    if (memory.budget > 0) {
      // The series cache takes what the bars and flags leave of the budget (one tile at least).
      const std::uint64_t fixed = bar_count * (vector::k_chunk_bar_bytes + 2 * threads);
      sweep_options.series_budget_bytes = static_cast<std::size_t>(std::min<std::uint64_t>(
          sweep_options.series_budget_bytes, memory.budget > fixed ? memory.budget - fixed : 0));
    }
    // The statistics of every combination are cached; ranking and printing run either way.
    cache::ResultCache result_cache = open_cache(args.cache);
    const std::string key =
        result_cache.enabled() ? sweep_key(command, strategy, combinations, loaded.frame) : "";
    std::optional<std::vector<metrics::Stats>> cached;
    if (result_cache.enabled()) {
      cached = result_cache.get_stats(key);
      if (cached && cached->size() != combinations.size()) {
        cached.reset();
      }
    }
    results = cached ? std::move(*cached)
                     : optimize::run_sweep(strategy, loaded.frame, combinations, options,
                                           stats_options, sweep_options);
    if (result_cache.enabled() && !cached) {
      result_cache.put_stats(key, results);
    }
  }

  // Rank: best first, NaN last, ties in combination order (deterministic).
  const bool ascending = args.ascending || lower_is_better(metric.name);
  std::vector<std::size_t> order(results.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::vector<double> keys(results.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    keys[i] = metrics::stat_value(results[i], metric).number();
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double x = keys[a];
    const double y = keys[b];
    if (std::isnan(x) || std::isnan(y)) {
      return !std::isnan(x) && std::isnan(y);
    }
    return ascending ? x < y : x > y;
  });

  if (!args.out.empty()) {
    std::string csv;
    auto it = std::back_inserter(csv);
    for (const auto& spec : specs) {
      fmt::format_to(it, "{},", spec.name);
    }
    const auto keys_list = metrics::stat_keys();
    for (std::size_t k = 0; k < keys_list.size(); ++k) {
      fmt::format_to(it, "{}{}", keys_list[k].name, k + 1 < keys_list.size() ? "," : "\n");
    }
    for (std::size_t index : order) {
      for (std::size_t p = 0; p < specs.size(); ++p) {
        fmt::format_to(it, "{},", format_param(specs[p], combinations[index][p]));
      }
      const auto values = metrics::stat_values(results[index]);
      for (std::size_t k = 0; k < values.size(); ++k) {
        fmt::format_to(it, "{}{}", format_value(values[k]), k + 1 < values.size() ? "," : "\n");
      }
    }
    report::write_text_file(args.out, csv);
  }

  const std::size_t shown = std::min(args.top, order.size());
  if (args.json) {
    nlohmann::ordered_json out;
    out["strategy"] = std::string(strategy.name());
    out["metric"] = std::string(metric.name);
    out["combinations"] = combinations.size();
    out["skipped"] = rejected;
    out["data"] = {{"path", args.data}, {"symbol", symbol}, {"bars", bar_count}};
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (std::size_t r = 0; r < shown; ++r) {
      const std::size_t index = order[r];
      nlohmann::ordered_json params = nlohmann::ordered_json::object();
      for (std::size_t p = 0; p < specs.size(); ++p) {
        if (specs[p].kind == indicators::ParamKind::integer) {
          params[specs[p].name] = static_cast<std::int64_t>(combinations[index][p]);
        } else {
          params[specs[p].name] = combinations[index][p];
        }
      }
      rows.push_back({{"rank", r + 1}, {"params", params}, {"stats", metrics::to_json(results[index])}});
    }
    out["results"] = rows;
    fmt::print("{}\n", out.dump(2));
    return;
  }
  fmt::print("{} combinations of {} on {} ({} bars), ranked by {}{}\n", combinations.size(),
             strategy.name(), symbol, bar_count, metric.name,
             ascending ? " (ascending)" : "");
  std::string header = fmt::format("{:>5}", "rank");
  for (const auto& spec : specs) {
    header += fmt::format(" {:>10}", spec.name);
  }
  const std::vector<std::string_view> columns = {metric.name, "total_return_pct", "sharpe_ratio",
                                                 "max_drawdown_pct", "total_trades"};
  std::vector<const metrics::StatKey*> column_keys;
  for (std::string_view name : columns) {
    if (std::find(column_keys.begin(), column_keys.end(), &metrics::stat_key(name)) == column_keys.end()) {
      column_keys.push_back(&metrics::stat_key(name));
      header += fmt::format(" {:>18}", name);
    }
  }
  fmt::print("{}\n", header);
  for (std::size_t r = 0; r < shown; ++r) {
    const std::size_t index = order[r];
    std::string line = fmt::format("{:>5}", r + 1);
    for (std::size_t p = 0; p < specs.size(); ++p) {
      line += fmt::format(" {:>10}", format_param(specs[p], combinations[index][p]));
    }
    for (const metrics::StatKey* key : column_keys) {
      const metrics::StatValue value = metrics::stat_value(results[index], *key);
      line += value.is_integer() && key->kind == metrics::StatKind::count
                  ? fmt::format(" {:>18}", value.integer)
                  : fmt::format(" {:>18.6f}", value.number());
    }
    fmt::print("{}\n", line);
  }
}

}  // namespace

void register_optimize_command(CLI::App& app) {
  auto args = std::make_shared<OptimizeArgs>();
  auto* cmd = app.add_subcommand(
      "optimize", "Sweep a strategy's parameters on DATA and rank the combinations by a statistic");
  cmd->add_option("DATA", args->data, "Bars to trade (.csv, .qbt)")->required();
  cmd->add_option("--grid", args->grids,
                  "Parameter axis: name=start:stop:step, name=a,b,c or name=value (repeatable)");
  cmd->add_option("--constraint", args->constraints,
                  "Keep combinations where this holds, e.g. 'fast<slow' (repeatable)");
  cmd->add_option("--param", args->params, "Fix a parameter: name=value (repeatable)");
  add_simulation_flags(*cmd, args->sim);
  cmd->add_option("--random", args->random,
                  "Run N combinations drawn at random from the grid instead of all");
  cmd->add_option("--seed", args->seed, "Seed of --random")->capture_default_str();
  cmd->add_option("--metric", args->metric, "Statistic to rank by (a key of backtest --json)")
      ->capture_default_str();
  cmd->add_flag("--ascending", args->ascending, "Rank smallest first");
  cmd->add_option("--top", args->top, "Rows to print")->capture_default_str();
  cmd->add_option("--out", args->out, "Write every combination with all statistics to this CSV");
  add_input_options(*cmd, args->input);
  cmd->add_flag("--json", args->json, "Print JSON: strategy, metric, combinations, results");
  add_cache_flags(*cmd, args->cache);
  add_memory_budget_option(*cmd, args->memory_budget);
  cmd->callback([args, cmd] { run_optimize(*args, *cmd); });
}

}  // namespace qbt::cli
