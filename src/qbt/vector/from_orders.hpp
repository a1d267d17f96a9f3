#pragma once
/// Orders to portfolio (vectorbt's Portfolio.from_orders): one optional order per bar, its size
/// read as options.size_type (amount, value, percent of equity, target percent of equity), filled
/// through the shared exec model at the bar's close or the next bar's open.

#include <span>

#include "qbt/data/bar_frame.hpp"
#include "qbt/metrics/annualization.hpp"
#include "qbt/vector/portfolio.hpp"
#include "qbt/vector/price_columns.hpp"
#include "qbt/vector/simulation_options.hpp"

namespace qbt::vector {

/// `sizes[t]`: NaN = no order on bar t; otherwise signed (+ buy, - sell) for amount, value and
/// percent, the target fraction of equity for target_percent. Direction long_only never sells
/// below zero units, short_only never buys above zero. Stops are not applied.
[[nodiscard]] Portfolio from_orders(const PriceColumns& prices, const TimeAxis& time,
                                    std::span<const double> sizes,
                                    const SimulationOptions& options,
                                    const metrics::StatsOptions& stats_options = {});
[[nodiscard]] Portfolio from_orders(const data::BarFrame& bars, std::span<const double> sizes,
                                    const SimulationOptions& options,
                                    const metrics::StatsOptions& stats_options = {});

}  // namespace qbt::vector
