#include "qbt/vector/from_orders.hpp"

#include <fmt/format.h>

#include "qbt/core/error.hpp"

#include "qbt/vector/detail/run.hpp"
#include "qbt/vector/detail/simulator.hpp"
#include "qbt/vector/detail/sinks.hpp"

namespace qbt::vector {

Portfolio from_orders(const PriceColumns& prices, const TimeAxis& time,
                      std::span<const double> sizes, const SimulationOptions& options,
                      const metrics::StatsOptions& stats_options) {
  options.validate();
  detail::check_lengths("from_orders", prices, time, {});
  if (sizes.size() != prices.size()) {
    throw UserInputError(fmt::format("from_orders: sizes has {} elements but there are {} bars",
                                     sizes.size(), prices.size()));
  }
  Portfolio portfolio;
  metrics::StatsAccumulator stats = detail::make_accumulator(time, options, stats_options);
  detail::RecordingSink sink(stats, prices.size(), portfolio.orders, portfolio.trades,
                             portfolio.cash, portfolio.position, portfolio.value);
  detail::Simulator<detail::RecordingSink> simulator(options, sink);
  simulator.run_orders(prices, sizes);
  portfolio.stats = stats.finish(detail::stats_context(prices, time));
  return portfolio;
}

Portfolio from_orders(const data::BarFrame& bars, std::span<const double> sizes,
                      const SimulationOptions& options,
                      const metrics::StatsOptions& stats_options) {
  return from_orders(PriceColumns::of(bars), TimeAxis::of(bars), sizes, options, stats_options);
}

}  // namespace qbt::vector
