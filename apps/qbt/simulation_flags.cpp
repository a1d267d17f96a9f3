#include "simulation_flags.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>

#include <fmt/format.h>

#include "qbt/core/error.hpp"

namespace qbt::cli {

namespace {

double parse_number(std::string_view text, std::string_view flag) {
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end || !std::isfinite(value)) {
    throw UserInputError(fmt::format("{}: '{}' is not a finite number", flag, text));
  }
  return value;
}

}  // namespace

void add_simulation_flags(CLI::App& command, SimulationFlags& flags) {
  command.add_option("--strategy", flags.strategy, "Built-in strategy (qbt strategies lists them)")
      ->required();
  const std::string sim = "Simulation";
  command.add_option("--cash", flags.cash, "Initial cash")->group(sim)->capture_default_str();
  command.add_option("--fees", flags.fees,
                     "Commission: a fraction of traded value (0.001 = 10 bp) under the default "
                     "--commission-scheme percent; per unit for per_unit and futures; per order "
                     "for fixed")
      ->group(sim)->capture_default_str();
  command.add_option("--commission-scheme", flags.commission_scheme,
                     "percent, per_unit (per share/contract, with --min-fee), fixed (per order), "
                     "or futures (per contract, with --multiplier and --margin; event engine)")
      ->group(sim)->capture_default_str();
  command.add_option("--min-fee", flags.min_fee, "Minimum commission per order")->group(sim);
  command.add_option("--multiplier", flags.multiplier, "Futures: currency per point per contract")
      ->group(sim);
  command.add_option("--margin", flags.margin, "Futures: cash locked per contract")->group(sim);
  command.add_option("--fixed-fees", flags.fixed_fees, "Fixed fee per order")->group(sim)
      ->capture_default_str();
  command.add_option("--slippage", flags.slippage, "Slippage as a fraction of the price")
      ->group(sim)->capture_default_str();
  command.add_option("--fill", flags.fill,
                     "When a signal fills: close (the signal bar's close; vectorbt, the default "
                     "of the vectorized engine) or next_open (the next bar's open; backtrader, "
                     "the default of the event engine)")
      ->group(sim);
  command.add_option("--direction", flags.direction,
                     "long, short, or both (exits then open shorts)")
      ->group(sim)->capture_default_str();
  command.add_option("--size", flags.size,
                     "Order size: 'all' (all cash), or a number read as --size-type")
      ->group(sim)->capture_default_str();
  command.add_option("--size-type", flags.size_type,
                     "amount (units), value (cash), percent (fraction of equity); default amount "
                     "for a numeric --size")
      ->group(sim);
  command.add_option("--granularity", flags.granularity,
                     "Round sizes down to a multiple of this (1 = whole units); 0 = fractional")
      ->group(sim)->capture_default_str();
  command.add_flag("--accumulate", flags.accumulate, "Entries add to an open position")->group(sim);
  command.add_option("--sl", flags.sl, "Stop-loss as a fraction of the entry price (0.05 = 5%)")
      ->group(sim);
  command.add_option("--tp", flags.tp, "Take-profit as a fraction of the entry price")->group(sim);
  command.add_option("--trail", flags.trail,
                     "Trailing stop as a fraction below the best price since entry")
      ->group(sim);
  const std::string stats = "Statistics";
  command.add_option("--stats-convention", flags.convention,
                     "qbt (vectorbt formulas, calendar annualization), vectorbt, backtesting or backtrader (docs/statistics.md)")
      ->group(stats)->capture_default_str();
  command.add_option("--bars-per-year", flags.bars_per_year,
                     "Annualization factor (default: from the data's calendar, see --stats-convention)")
      ->group(stats);
  command.add_option("--year-days", flags.year_days,
                     "Days in a year for annualization (default: 252 trading days, 365 with weekend bars)")
      ->group(stats);
}

vector::SimulationOptions simulation_options(const SimulationFlags& flags) {
  vector::SimulationOptions options;
  options.init_cash = flags.cash;
  options.fees = fee_model(flags);
  options.slippage.fraction = flags.slippage;
  options.fill = vector::parse_fill_timing(flags.fill.empty() ? "close" : flags.fill);
  options.direction = vector::parse_direction(flags.direction);
  if (flags.size == "all") {
    if (!flags.size_type.empty() && flags.size_type != "all") {
      throw UserInputError(fmt::format("--size all cannot be read as --size-type {}", flags.size_type));
    }
    options.size_type = vector::SizeType::all;
  } else {
    options.size = parse_number(flags.size, "--size");
    options.size_type = flags.size_type.empty() ? vector::SizeType::amount
                                                : vector::parse_size_type(flags.size_type);
    if (options.size_type == vector::SizeType::target_percent) {
      throw UserInputError("--size-type target_percent applies to orders, not to signals");
    }
  }
  options.size_granularity = flags.granularity;
  options.accumulate = flags.accumulate;
  options.sl_stop = flags.sl;
  options.tp_stop = flags.tp;
  options.trail_stop = flags.trail;
  options.validate();
  return options;
}

exec::FeeModel fee_model(const SimulationFlags& flags) {
  exec::FeeModel fees;
  fees.fixed = flags.fixed_fees;
  fees.minimum = flags.min_fee;
  if (flags.commission_scheme == "percent") {
    fees.fraction = flags.fees;
  } else if (flags.commission_scheme == "per_unit" || flags.commission_scheme == "futures") {
    fees.per_unit = flags.fees;
  } else if (flags.commission_scheme == "fixed") {
    fees.fixed += flags.fees;
  } else {
    throw UserInputError(fmt::format(
        "unknown commission scheme '{}' (use percent, per_unit, fixed or futures)",
        flags.commission_scheme));
  }
  fees.validate();
  return fees;
}

exec::Instrument instrument(const SimulationFlags& flags) {
  exec::Instrument spec;
  if (flags.commission_scheme == "futures") {
    spec.multiplier = flags.multiplier;
    spec.margin = flags.margin;
    spec.validate();
    if (!(spec.margin > 0.0)) {
      throw UserInputError("--commission-scheme futures needs --margin > 0 (cash per contract)");
    }
  } else if (flags.multiplier != 1.0 || flags.margin != 0.0) {
    throw UserInputError("--multiplier and --margin apply to --commission-scheme futures");
  }
  return spec;
}

metrics::StatsOptions stats_options(const SimulationFlags& flags) {
  metrics::StatsOptions options = metrics::StatsOptions::convention(flags.convention);
  if (flags.year_days != 0.0) {
    if (!(flags.year_days > 0.0) || !std::isfinite(flags.year_days)) {
      throw UserInputError(fmt::format("--year-days must be > 0, got {}", flags.year_days));
    }
    options.year_days = flags.year_days;
  }
  if (flags.bars_per_year != 0.0) {
    if (!(flags.bars_per_year > 0.0) || !std::isfinite(flags.bars_per_year)) {
      throw UserInputError(fmt::format("--bars-per-year must be > 0, got {}", flags.bars_per_year));
    }
    options.bars_per_year = flags.bars_per_year;
  }
  return options;
}

indicators::ParamArg parse_param_flag(const std::string& text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw UserInputError(fmt::format("--param '{}': expected name=value, e.g. fast=10", text));
  }
  const std::string_view view(text);
  return {view.substr(0, eq), parse_number(view.substr(eq + 1), fmt::format("--param '{}'", text))};
}

strategy::ParamSet resolve_params(const strategy::SignalStrategy& strategy,
                                  const std::vector<std::string>& param_flags) {
  std::vector<indicators::ParamArg> args;
  args.reserve(param_flags.size());
  for (const std::string& flag : param_flags) {
    args.push_back(parse_param_flag(flag));
  }
  return strategy.resolve(args);
}

}  // namespace qbt::cli
