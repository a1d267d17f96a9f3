#pragma once
/// Shared set-up of the public entry points: checks, the statistics context and accumulator.

#include <cstdint>
#include <span>
#include <string_view>

#include "qbt/metrics/annualization.hpp"
#include "qbt/metrics/stats_accumulator.hpp"
#include "qbt/vector/portfolio.hpp"
#include "qbt/vector/price_columns.hpp"
#include "qbt/vector/simulation_options.hpp"

namespace qbt::vector::detail {

/// UserInputError unless every column has one element per timestamp.
void check_lengths(std::string_view what, const PriceColumns& prices, const TimeAxis& time,
                   std::span<const std::size_t> other_lengths);

/// The accumulator for a run with these options.
[[nodiscard]] metrics::StatsAccumulator make_accumulator(const TimeAxis& time,
                                                         const SimulationOptions& options,
                                                         const metrics::StatsOptions& stats_options);

/// Start/end, length, bar duration and first/last valid close of the run.
[[nodiscard]] metrics::StatsContext stats_context(const PriceColumns& prices, const TimeAxis& time);

}  // namespace qbt::vector::detail
