#include "qbt/vector/from_signals.hpp"

#include <array>

#include "qbt/vector/detail/run.hpp"
#include "qbt/vector/detail/simulator.hpp"
#include "qbt/vector/detail/sinks.hpp"

namespace qbt::vector {

namespace {

void check_inputs(const PriceColumns& prices, const TimeAxis& time, const SignalColumns& signals) {
  const std::array<std::size_t, 4> lengths{signals.entries.size(), signals.exits.size(),
                                           signals.short_entries.size(),
                                           signals.short_exits.size()};
  detail::check_lengths("from_signals", prices, time, lengths);
}

}  // namespace

Portfolio from_signals(const PriceColumns& prices, const TimeAxis& time,
                       const SignalColumns& signals, const SimulationOptions& options,
                       const metrics::StatsOptions& stats_options) {
  options.validate();
  check_inputs(prices, time, signals);
  Portfolio portfolio;
  metrics::StatsAccumulator stats = detail::make_accumulator(time, options, stats_options);
  detail::RecordingSink sink(stats, prices.size(), portfolio.orders, portfolio.trades,
                             portfolio.cash, portfolio.position, portfolio.value);
  detail::Simulator<detail::RecordingSink> simulator(options, sink);
  simulator.run_signals(prices, signals);
  portfolio.stats = stats.finish(detail::stats_context(prices, time));
  return portfolio;
}

Portfolio from_signals(const data::BarFrame& bars, const SignalColumns& signals,
                       const SimulationOptions& options,
                       const metrics::StatsOptions& stats_options) {
  return from_signals(PriceColumns::of(bars), TimeAxis::of(bars), signals, options,
                      stats_options);
}

metrics::Stats from_signals_stats(const PriceColumns& prices, const TimeAxis& time,
                                  const SignalColumns& signals, const SimulationOptions& options,
                                  const metrics::StatsOptions& stats_options) {
  metrics::StatsAccumulator stats = detail::make_accumulator(time, options, stats_options);
  detail::StatsSink sink(stats);
  detail::Simulator<detail::StatsSink> simulator(options, sink);
  simulator.run_signals(prices, signals);
  return stats.finish(detail::stats_context(prices, time));
}

}  // namespace qbt::vector
