#include "qbt/vector/detail/run.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "qbt/core/error.hpp"

namespace qbt::vector::detail {

void check_lengths(std::string_view what, const PriceColumns& prices, const TimeAxis& time,
                   std::span<const std::size_t> other_lengths) {
  const std::size_t n = time.timestamps.size();
  const auto check = [&](std::string_view column, std::size_t length) {
    if (length != n) {
      throw UserInputError(fmt::format("{}: {} has {} elements but there are {} bars", what,
                                       column, length, n));
    }
  };
  check("open", prices.open.size());
  check("high", prices.high.size());
  check("low", prices.low.size());
  check("close", prices.close.size());
  for (std::size_t length : other_lengths) {
    if (length != 0) {
      check("a signal or order column", length);
    }
  }
}

metrics::StatsAccumulator make_accumulator(const TimeAxis& time, const SimulationOptions& options,
                                           const metrics::StatsOptions& stats_options) {
  return metrics::StatsAccumulator(
      options.init_cash, metrics::bars_per_year(time.timestamps, time.bar_ns, stats_options),
      stats_options);
}

metrics::StatsContext stats_context(const PriceColumns& prices, const TimeAxis& time) {
  metrics::StatsContext context{};
  const std::size_t n = time.timestamps.size();
  context.n_bars = static_cast<std::int64_t>(n);
  context.bar_ns = time.bar_ns;
  context.first_close = std::numeric_limits<double>::quiet_NaN();
  context.last_close = std::numeric_limits<double>::quiet_NaN();
  if (n == 0) {
    return context;
  }
  context.start = time.timestamps.front();
  context.end = time.timestamps.back();
  for (double close : prices.close) {
    if (!std::isnan(close)) {
      context.first_close = close;
      break;
    }
  }
  for (std::size_t i = n; i-- > 0;) {
    if (!std::isnan(prices.close[i])) {
      context.last_close = prices.close[i];
      break;
    }
  }
  return context;
}

}  // namespace qbt::vector::detail
