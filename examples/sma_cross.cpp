// The smallest complete qbt backtest: buy when a fast moving average crosses above a slow one,
// sell when it crosses back below.
//
//   sma_cross DATA [fast slow]      e.g.  sma_cross data/backtrader/orcl-1995-2014.txt 10 30
#include <charconv>
#include <cstdio>
#include <cstring>
#include <exception>

#include <fmt/format.h>

#include "qbt/core/error.hpp"
#include "qbt/data/bar_io.hpp"
#include "qbt/event/engine.hpp"
#include "qbt/metrics/stats.hpp"

namespace {

/// A strategy is a class with callbacks: on_start registers indicators, on_bar trades.
class SmaCross final : public qbt::event::Strategy {
public:
  SmaCross(int fast, int slow) : fast_(fast), slow_(slow) {}

  void on_start(qbt::event::Context& context) override {
    // Indicators come from the registry by name; the engine updates them before each on_bar.
    // Parameters are numbers (double), checked against the indicator's valid ranges.
    const auto fast = context.indicator("SMA", {{"period", static_cast<double>(fast_)}});
    const auto slow = context.indicator("SMA", {{"period", static_cast<double>(slow_)}});
    // CrossOver reads two lines: +1 on the bar `fast` crosses above `slow`, -1 below, else 0.
    cross_ = context.indicator("CrossOver", {}, {fast.line(), slow.line()});
    // Orders without an explicit size ask the sizer: here, spend all the cash.
    context.set_sizer(qbt::event::all_in());
  }

  void on_bar(qbt::event::Context& context) override {
    // cross_(0) is the value on the current bar; cross_(-1) would be the previous one.
    if (context.position() == 0.0 && cross_(0) > 0.0) {
      context.buy();  // a market order: it fills at the next bar's open
    } else if (context.position() > 0.0 && cross_(0) < 0.0) {
      context.close();  // sell the whole position
    }
  }

private:
  int fast_;
  int slow_;
  qbt::event::IndicatorRef cross_;
};

/// A period from the command line: a whole number, else a UserInputError saying so.
int parse_period(const char* text) {
  int value = 0;
  const char* end = text + std::strlen(text);
  const auto [last, error] = std::from_chars(text, end, value);
  if (error != std::errc{} || last != end) {
    throw qbt::UserInputError(fmt::format("a period must be a whole number, got '{}'", text));
  }
  return value;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && argc != 4) {
    std::fprintf(stderr, "usage: sma_cross DATA [fast slow]\n");
    return 1;
  }
  try {
    const int fast = argc == 4 ? parse_period(argv[2]) : 10;
    const int slow = argc == 4 ? parse_period(argv[3]) : 30;

    qbt::event::EngineOptions options;
    options.broker.cash = 10'000;
    options.broker.fees.fraction = 0.001;  // 0.1 % of each fill's value
    qbt::event::Engine engine(options);
    engine.add_feed(qbt::data::load_bars(argv[1]).frame);  // CSV or native .qbt, by content

    SmaCross strategy(fast, slow);
    const qbt::event::RunResult result = engine.run(strategy);

    fmt::print("SMA({}) x SMA({}) on {}: {} fills\n\n", fast, slow, argv[1], result.fills.size());
    fmt::print("{}", qbt::metrics::format_stats_table(result.stats));
  } catch (const qbt::Error& e) {
    std::fprintf(stderr, "sma_cross: error: %s\n", e.what());
    return qbt::exit_code_for(e.category());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sma_cross: error: %s\n", e.what());
    return 2;
  }
  return 0;
}
