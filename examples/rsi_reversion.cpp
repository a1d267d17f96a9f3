// Mean reversion with a bracket: when RSI(14) drops below 30, buy, with a stop-loss 2 ATR below
// the close and a take-profit 3 ATR above it. The position size risks 1 % of the portfolio if
// the stop is hit. Counts how many trades ended at the stop and how many at the target.
//
//   rsi_reversion DATA      e.g.  rsi_reversion data/backtrader/orcl-1995-2014.txt
#include <cstdio>
#include <exception>

#include <fmt/format.h>

#include "qbt/core/error.hpp"
#include "qbt/data/bar_io.hpp"
#include "qbt/event/engine.hpp"
#include "qbt/metrics/stats.hpp"

namespace {

using qbt::event::Context;
using qbt::event::Order;
using qbt::event::OrderStatus;
using qbt::event::OrderType;

constexpr double k_oversold = 30.0;
constexpr double k_stop_atrs = 2.0;    // stop-loss distance below the close, in ATRs
constexpr double k_target_atrs = 3.0;  // take-profit distance above the close, in ATRs
constexpr double k_risk = 0.01;        // fraction of the portfolio lost if the stop is hit

class RsiReversion final : public qbt::event::Strategy {
public:
  void on_start(Context& context) override {
    rsi_ = context.indicator("RSI", {{"period", 14}});
    atr_ = context.indicator("ATR", {{"period", 14}});  // reads high, low and close
    // units = k_risk * value / (k_stop_atrs * ATR): a stop-out then costs about k_risk.
    context.set_sizer(qbt::event::atr_risk(atr_.line(), k_risk, k_stop_atrs));
  }

  void on_bar(Context& context) override {
    // One trade at a time: skip while holding, or while the last entry still waits to fill.
    const bool entry_waiting =
        bracket_.entry != qbt::event::k_no_order && context.order(bracket_.entry).alive();
    if (context.position() != 0.0 || entry_waiting || !(rsi_(0) < k_oversold)) {
      return;
    }
    const double close = context.feed().close(0);
    qbt::event::OrderSpec entry;  // a market buy; size NaN (the default) asks the sizer
    entry.side = qbt::exec::Side::buy;
    // The broker places the stop and the limit once the entry fills; filling one cancels the other.
    bracket_ = context.bracket(entry, close - k_stop_atrs * atr_(0), close + k_target_atrs * atr_(0));
  }

  // The engine reports orders whose status changed here, before the next on_bar.
  void on_order(Context& /*context*/, const Order& order) override {
    // Exits are the bracket's children: they have a parent (the entry).
    if (order.status != OrderStatus::completed || order.parent == qbt::event::k_no_order) {
      return;
    }
    if (order.spec.type == OrderType::stop) {
      ++stop_losses;
    } else if (order.spec.type == OrderType::limit) {
      ++take_profits;
    }
  }

  int stop_losses = 0;
  int take_profits = 0;

private:
  qbt::event::IndicatorRef rsi_;
  qbt::event::IndicatorRef atr_;
  qbt::event::Bracket bracket_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: rsi_reversion DATA\n");
    return 1;
  }
  try {
    qbt::event::EngineOptions options;
    options.broker.cash = 10'000;
    options.broker.fees.fraction = 0.001;
    qbt::event::Engine engine(options);
    engine.add_feed(qbt::data::load_bars(argv[1]).frame);

    RsiReversion strategy;
    const qbt::event::RunResult result = engine.run(strategy);

    fmt::print("RSI(14) < {} on {}: {} stop-loss exits, {} take-profit exits\n\n", k_oversold,
               argv[1], strategy.stop_losses, strategy.take_profits);
    fmt::print("{}", qbt::metrics::format_stats_table(result.stats));
  } catch (const qbt::Error& e) {
    std::fprintf(stderr, "rsi_reversion: error: %s\n", e.what());
    return qbt::exit_code_for(e.category());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rsi_reversion: error: %s\n", e.what());
    return 2;
  }
  return 0;
}
