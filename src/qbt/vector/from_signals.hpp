#pragma once
/// Signals to portfolio (vectorbt's Portfolio.from_signals): entry and exit flags per bar become
/// fills through the shared exec model, in one pass. See simulation_options.hpp for sizing,
/// costs, direction and stops, and detail/simulator.hpp for the order of events in a bar.

#include "qbt/data/bar_frame.hpp"
#include "qbt/metrics/annualization.hpp"
#include "qbt/metrics/stats.hpp"
#include "qbt/vector/portfolio.hpp"
#include "qbt/vector/price_columns.hpp"
#include "qbt/vector/simulation_options.hpp"

namespace qbt::vector {

/// Simulate `signals` on `prices` (all columns as long as `time.timestamps`). Throws
/// UserInputError for invalid options or mismatched lengths.
[[nodiscard]] Portfolio from_signals(const PriceColumns& prices, const TimeAxis& time,
                                     const SignalColumns& signals,
                                     const SimulationOptions& options,
                                     const metrics::StatsOptions& stats_options = {});
/// The same on a BarFrame (its OHLC and inferred frequency).
[[nodiscard]] Portfolio from_signals(const data::BarFrame& bars, const SignalColumns& signals,
                                     const SimulationOptions& options,
                                     const metrics::StatsOptions& stats_options = {});

/// Only the statistics, without curves or records: what a sweep keeps per combination. The
/// numbers equal from_signals(...).stats bit for bit. No allocation; options are assumed valid
/// (validate once before a sweep).
[[nodiscard]] metrics::Stats from_signals_stats(const PriceColumns& prices, const TimeAxis& time,
                                                const SignalColumns& signals,
                                                const SimulationOptions& options,
                                                const metrics::StatsOptions& stats_options);

}  // namespace qbt::vector
