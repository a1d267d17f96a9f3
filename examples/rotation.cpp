// Momentum rotation between two symbols: on the first bar of each month, rank both by their
// 3-month rate of change (63 trading days) and hold only the stronger one, with all the cash.
//
//   rotation DATA_A DATA_B
//   e.g.  rotation data/backtrader/nvda-1999-2014.txt data/backtrader/orcl-1995-2014.txt
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>

#include <fmt/format.h>

#include "qbt/core/error.hpp"
#include "qbt/core/timestamp.hpp"
#include "qbt/data/bar_io.hpp"
#include "qbt/event/engine.hpp"
#include "qbt/metrics/stats.hpp"

namespace {

using qbt::event::Context;

constexpr double k_momentum_bars = 63;  // about three months of trading days

class Rotation final : public qbt::event::Strategy {
public:
  void on_start(Context& context) override {
    // One indicator per feed: the last argument says which feed's close it reads.
    for (std::size_t k = 0; k < 2; ++k) {
      momentum_[k] = context.indicator("ROC", {{"period", k_momentum_bars}}, k);
    }
    context.set_sizer(qbt::event::all_in());
  }

  void on_bar(Context& context) override {
    // Re-rank on the first bar of each month (comparisons with NaN, before the ROCs have
    // enough history, are false, so nothing is picked until both are defined).
    const std::int32_t month = qbt::to_civil(context.now()).date.month;
    if (month != month_) {
      month_ = month;
      const double a = momentum_[0](0);
      const double b = momentum_[1](0);
      if (a >= b) {
        target_ = 0;
      } else if (b > a) {
        target_ = 1;
      }
    }
    // Market orders fill at the next bar's open; wait for one before sending another.
    if (target_ < 0 || (pending_ != qbt::event::k_no_order && context.order(pending_).alive())) {
      return;
    }
    const auto target = static_cast<std::size_t>(target_);
    const std::size_t other = 1 - target;
    if (context.position(other) != 0.0) {
      // Sell the loser first and buy the winner on a later bar, once the sale's cash is in
      // (orders sent on the same bar would not see each other's fills).
      pending_ = context.close(other);
    } else if (context.position(target) == 0.0) {
      // No size given: the sizer decides (all in).
      pending_ = context.submit({.feed = target, .side = qbt::exec::Side::buy});
    }
  }

private:
  qbt::event::IndicatorRef momentum_[2];
  std::int32_t month_ = 0;
  int target_ = -1;  // the feed to hold; -1 before the first ranking
  qbt::event::OrderId pending_ = qbt::event::k_no_order;
};

/// The bars of `frame` from `start` on.
qbt::data::BarFrame from(const qbt::data::BarFrame& frame, qbt::Timestamp start) {
  const auto times = frame.timestamps();
  const auto first = std::lower_bound(times.begin(), times.end(), start) - times.begin();
  return frame.slice(static_cast<std::size_t>(first), frame.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: rotation DATA_A DATA_B\n");
    return 1;
  }
  try {
    const qbt::data::BarFrame a = qbt::data::load_bars(argv[1]).frame;
    const qbt::data::BarFrame b = qbt::data::load_bars(argv[2]).frame;
    if (a.empty() || b.empty()) {
      throw qbt::UserInputError("both data files need bars");
    }
    // Start both series on the same day so neither gets a head start.
    const qbt::Timestamp start = std::max(a.timestamps().front(), b.timestamps().front());

    qbt::event::EngineOptions options;
    options.broker.cash = 10'000;
    options.broker.fees.fraction = 0.001;
    qbt::event::Engine engine(options);
    engine.add_feed(from(a, start));  // feed 0; the benchmark in the table is its buy and hold
    engine.add_feed(from(b, start));  // feed 1

    Rotation strategy;
    const qbt::event::RunResult result = engine.run(strategy);

    fmt::print("Rotation {} / {} by {}-bar momentum from {}: {} fills\n\n", a.symbol(), b.symbol(),
               k_momentum_bars, qbt::format_timestamp(start, true), result.fills.size());
    fmt::print("{}", qbt::metrics::format_stats_table(result.stats));
  } catch (const qbt::Error& e) {
    std::fprintf(stderr, "rotation: error: %s\n", e.what());
    return qbt::exit_code_for(e.category());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rotation: error: %s\n", e.what());
    return 2;
  }
  return 0;
}
