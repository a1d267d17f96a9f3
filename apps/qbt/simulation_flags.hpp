#pragma once
/// Flags shared by `qbt backtest` and `qbt optimize`: the strategy, how signals become fills
/// (cash, size, costs, direction, stops, fill timing) and how statistics are annualized.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "qbt/data/bar_frame.hpp"
#include "qbt/indicators/indicator.hpp"
#include "qbt/exec/fee_model.hpp"
#include "qbt/exec/instrument.hpp"
#include "qbt/metrics/annualization.hpp"
#include "qbt/strategy/signal_strategy.hpp"
#include "qbt/vector/simulation_options.hpp"

namespace qbt::cli {

struct SimulationFlags {
  std::string strategy;
  double cash = 100'000.0;
  double fees = 0.0;
  double fixed_fees = 0.0;
  double slippage = 0.0;
  std::string fill;  ///< empty: the engine's default (close for vector, next_open for event)
  std::string commission_scheme = "percent";
  double min_fee = 0.0;
  double multiplier = 1.0;
  double margin = 0.0;
  std::string direction = "long";
  std::string size = "all";
  std::string size_type;
  double granularity = 0.0;
  bool accumulate = false;
  double sl = 0.0;
  double tp = 0.0;
  double trail = 0.0;
  std::string convention = "qbt";
  double bars_per_year = 0.0;
  double year_days = 0.0;
};

/// Add --strategy and the simulation and statistics flags.
void add_simulation_flags(CLI::App& command, SimulationFlags& flags);

/// The simulation options the flags describe; UserInputError for invalid values.
[[nodiscard]] vector::SimulationOptions simulation_options(const SimulationFlags& flags);
/// The fee model of --commission-scheme with --fees, --fixed-fees and --min-fee.
[[nodiscard]] exec::FeeModel fee_model(const SimulationFlags& flags);
/// The instrument of --commission-scheme futures (--multiplier, --margin); a cash instrument
/// otherwise.
[[nodiscard]] exec::Instrument instrument(const SimulationFlags& flags);
/// The statistics options (convention, annualization overrides).
[[nodiscard]] metrics::StatsOptions stats_options(const SimulationFlags& flags);

/// Split `name=value` (a --param flag) into name and a finite number; UserInputError quoting
/// the flag otherwise.
[[nodiscard]] indicators::ParamArg parse_param_flag(const std::string& text);
/// The strategy's parameters from --param flags (defaults for the rest).
[[nodiscard]] strategy::ParamSet resolve_params(const strategy::SignalStrategy& strategy,
                                                const std::vector<std::string>& param_flags);

}  // namespace qbt::cli
