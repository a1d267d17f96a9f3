#pragma once
/// The simulation core of the vectorized engine: one pass over the bars, one fill model
/// (exec::Account, exec::FeeModel, exec::SlippageModel, exec::TradeTracker), no allocation and
/// no virtual call per bar. What the pass produces goes to a Sink, so the same loop feeds a full
/// Portfolio (curves and records) or only the streaming statistics of a sweep, and both give
/// identical numbers. A Sink provides:
///   void order(const exec::OrderRecord&);
///   void trade(const exec::TradeRecord&);            // closed trades, then the open one
///   void bar(std::int64_t i, double cash, double position, double value, double price,
///            double free_cash);
///   void flat_bars(std::int64_t first, std::span<const double> close, double cash,
///                  double position, double free_cash, double& mark);  // a run of quiet bars
/// Bar indices the sink sees are global. The bars may arrive in chunks (feed_signals, then
/// finish): prices and flags are then chunk-local, all state between bars lives in the
/// simulator, and the fills are the same for any chunking; only a run of quiet bars that spans a
/// chunk boundary reaches the sink as two flat_bars calls (StatsAccumulator joins them).
///
/// Order of events on bar t (docs/vectorized-engine.md):
///   1. next_open fills: the order a signal on bar t-1 sent fills at open[t];
///   2. stops of a position opened before this point, measured from the price that triggered
///      the entry (vectorbt's stop base): a bar that opens beyond a level fills at the open,
///      otherwise a level inside [low, high] fills at the level, without slippage (vectorbt's
///      stop exit price); stop-loss and trailing stop before take-profit when both are inside
///      the bar (the conservative reading, as vectorbt and backtesting.py);
///   3. signals at the close, unless a stop fired on this bar: filled at close[t] (fill=close)
///      or sent for open[t+1] (fill=next_open);
///   4. the trailing stop's reference moves to the bar's high (longs) / low (shorts);
///   5. the bar is valued at its close.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>

#include "qbt/exec/account.hpp"
#include "qbt/exec/fill_price.hpp"
#include "qbt/exec/order.hpp"
#include "qbt/exec/trade_tracker.hpp"
#include "qbt/vector/price_columns.hpp"
#include "qbt/vector/signal_action.hpp"
#include "qbt/vector/simulation_options.hpp"

namespace qbt::vector::detail {

template <class Sink>
class Simulator {
public:
  Simulator(const SimulationOptions& options, Sink& sink) noexcept
      : options_(options), sink_(sink), account_(options.init_cash) {}

  /// Run from_signals over every bar: one chunk, then finish().
  void run_signals(const PriceColumns& prices, const SignalColumns& signals) {
    feed_signals(prices, signals, 0);
    finish(static_cast<std::int64_t>(prices.size()));
  }

  /// Run from_signals over the next chunk of bars, global bars [first_bar, first_bar +
  /// prices.size()): `prices` and `signals` hold only the chunk's bars, while everything sent to
  /// the sink carries global bar indices. Chunks must arrive in order, without gaps; the state
  /// between them (cash, position, a next-open order, stop levels, the last close) lives in the
  /// simulator, so any chunking gives the same fills as one chunk. Call finish() after the last.
  void feed_signals(const PriceColumns& prices, const SignalColumns& signals,
                    std::int64_t first_bar) {
    prices_ = prices;
    base_ = first_bar;
    const std::uint8_t* long_entries = nullptr;
    const std::uint8_t* long_exits = nullptr;
    const std::uint8_t* short_entries = nullptr;
    const std::uint8_t* short_exits = nullptr;
    const auto ptr = [](std::span<const std::uint8_t> s) { return s.empty() ? nullptr : s.data(); };
    switch (options_.direction) {
      case Direction::long_only:
        long_entries = ptr(signals.entries);
        long_exits = ptr(signals.exits);
        break;
      case Direction::short_only:
        short_entries = ptr(signals.entries);
        short_exits = ptr(signals.exits);
        break;
      case Direction::both:
        long_entries = ptr(signals.entries);
        if (signals.short_entries.empty() && signals.short_exits.empty()) {
          short_entries = ptr(signals.exits);
        } else {
          long_exits = ptr(signals.exits);
          short_entries = ptr(signals.short_entries);
          short_exits = ptr(signals.short_exits);
        }
        break;
    }
    const bool next_open = options_.fill == FillTiming::next_open;
    const bool stops = options_.has_stops();
    if (next_open) {
      stops ? loop<true, true>(long_entries, long_exits, short_entries, short_exits)
            : loop<true, false>(long_entries, long_exits, short_entries, short_exits);
    } else {
      stops ? loop<false, true>(long_entries, long_exits, short_entries, short_exits)
            : loop<false, false>(long_entries, long_exits, short_entries, short_exits);
    }
  }

  /// Run from_orders over every bar: `sizes[t]` (NaN = no order) read as options.size_type,
  /// signed (+ buys, - sells) except target_percent, which is the target itself.
  void run_orders(const PriceColumns& prices, std::span<const double> sizes) {
    feed_orders(prices, sizes, 0);
    finish(static_cast<std::int64_t>(prices.size()));
  }

  /// run_orders over the next chunk of bars, as feed_signals().
  void feed_orders(const PriceColumns& prices, std::span<const double> sizes,
                   std::int64_t first_bar) {
    prices_ = prices;
    base_ = first_bar;
    const std::int64_t n = static_cast<std::int64_t>(prices_.size());
    const bool next_open = options_.fill == FillTiming::next_open;
    double pending = pending_size_;
    for (std::int64_t i = 0; i < n; ++i) {
      const double close = prices_.close[static_cast<std::size_t>(i)];
      if (next_open && !std::isnan(pending)) {
        order_by_size(i, pending, prices_.open[static_cast<std::size_t>(i)]);
        pending = std::numeric_limits<double>::quiet_NaN();
      }
      const double size = sizes[static_cast<std::size_t>(i)];
      if (!std::isnan(size) && !std::isnan(close)) {
        if (next_open) {
          pending = size;
        } else {
          order_by_size(i, size, close);
        }
      }
      value_bar(i, close);
    }
    pending_size_ = pending;
  }

  /// End the run after `n_bars` bars in all: report the position still open as an open trade
  /// valued at the last close. A next-open order sent on the last bar never fills.
  void finish(std::int64_t n_bars) {
    if (n_bars > 0) {
      if (auto open = trades_.open_trade(n_bars - 1, last_close_)) {
        sink_.trade(*open);
      }
    }
  }

private:
  // Below, bar indices are chunk-local (they index prices_ and the flags); fill() and
  // value_bar() add base_ for the sink and the trade records.

  /// The first bar at or after `from` whose flags in `column` are set (n if none), cached per
  /// column so every column is scanned once in total.
  struct FlagScanner {
    const std::uint8_t* flags = nullptr;
    std::int64_t next = -1;

    std::int64_t find(std::int64_t from, std::int64_t n) noexcept {
      if (flags == nullptr) {
        return n;
      }
      if (next >= from) {
        return next;
      }
      std::int64_t i = from;
      // Eight flags at a time while none is set.
      while (i + 8 <= n) {
        std::uint64_t word = 0;
        std::memcpy(&word, flags + i, sizeof word);
        if (word != 0) {
          break;
        }
        i += 8;
      }
      while (i < n && flags[i] == 0) {
        ++i;
      }
      next = i;
      return i;
    }
  };

  template <bool NextOpen, bool Stops>
  void loop(const std::uint8_t* long_entries, const std::uint8_t* long_exits,
            const std::uint8_t* short_entries, const std::uint8_t* short_exits) {
    const std::int64_t n = static_cast<std::int64_t>(prices_.size());
    FlagScanner scanners[4] = {{long_entries}, {long_exits}, {short_entries}, {short_exits}};
    Action pending = pending_action_;  // a next-open order sent on the previous chunk's last bar
    std::int64_t i = 0;
    while (i < n) {
      // Bars on which nothing can happen (no flag, no pending fill, no stop to watch) run as one
      // flat stretch: fixed cash and position, only valuation and statistics.
      const bool watch_stops = Stops && account_.position() != 0.0;
      if (!watch_stops && !(NextOpen && pending != Action::none)) {
        std::int64_t event = n;
        for (FlagScanner& scanner : scanners) {
          event = std::min(event, scanner.find(i, n));
        }
        if (event > i) {
          const auto first = static_cast<std::size_t>(i);
          sink_.flat_bars(base_ + i,
                          prices_.close.subspan(first, static_cast<std::size_t>(event - i)),
                          account_.cash(), account_.position(), account_.free_cash(),
                          last_close_);
          i = event;
          if (i == n) {
            break;
          }
        }
      }
      const auto u = static_cast<std::size_t>(i);
      const double close = prices_.close[u];
      bool stopped = false;
      if constexpr (NextOpen) {
        if (pending != Action::none) {
          execute(i, pending, prices_.open[u]);
          pending = Action::none;
        }
      }
      if constexpr (Stops) {
        if (account_.position() != 0.0) {
          stopped = check_stops(i);
        }
      }
      const bool le = long_entries != nullptr && long_entries[u] != 0;
      const bool lx = long_exits != nullptr && long_exits[u] != 0;
      const bool se = short_entries != nullptr && short_entries[u] != 0;
      const bool sx = short_exits != nullptr && short_exits[u] != 0;
      if ((le || lx || se || sx) && !stopped && !std::isnan(close)) {
        const Action action =
            resolve_action(le, lx, se, sx, account_.position(), options_.accumulate);
        if (action != Action::none) {
          if constexpr (NextOpen) {
            pending = action;
          } else {
            execute(i, action, close);
          }
        }
      }
      if constexpr (Stops) {
        if (account_.position() > 0.0 && !entered_on_close_) {
          peak_ = std::max(peak_, prices_.high[u]);
        } else if (account_.position() < 0.0 && !entered_on_close_) {
          peak_ = std::min(peak_, prices_.low[u]);
        }
        entered_on_close_ = false;
      }
      value_bar(i, close);
      ++i;
    }
    pending_action_ = pending;
  }

  void value_bar(std::int64_t i, double close) {
    if (!std::isnan(close)) [[likely]] {
      last_close_ = close;
    }
    const double mark = std::isnan(last_close_) ? 0.0 : last_close_;
    sink_.bar(base_ + i, account_.cash(), account_.position(), account_.value(mark), mark,
              account_.free_cash());
  }

  /// Units an entry of the configured size asks for when triggered at `trigger` (values convert
  /// at the price before slippage, as vectorbt; the account then caps by cash at the fill price).
  [[nodiscard]] double entry_units(double trigger) const noexcept {
    switch (options_.size_type) {
      case SizeType::amount: return options_.size;
      case SizeType::value: return options_.size / trigger;
      case SizeType::percent:
      case SizeType::target_percent: return options_.size * account_.value(trigger) / trigger;
      case SizeType::all: return std::numeric_limits<double>::infinity();
    }
    return 0.0;
  }

  void execute(std::int64_t i, Action action, double price) {
    switch (action) {
      case Action::none: return;
      case Action::open_long:
      case Action::add_long: open(i, exec::Side::buy, price); return;
      case Action::open_short:
      case Action::add_short: open(i, exec::Side::sell, price); return;
      case Action::close_long:
      case Action::close_short: close_position(i, price, exec::OrderReason::signal); return;
      case Action::reverse_to_long:
        close_position(i, price, exec::OrderReason::signal);
        if (account_.position() == 0.0) {
          open(i, exec::Side::buy, price);
        }
        return;
      case Action::reverse_to_short:
        close_position(i, price, exec::OrderReason::signal);
        if (account_.position() == 0.0) {
          open(i, exec::Side::sell, price);
        }
        return;
    }
  }

  void open(std::int64_t i, exec::Side side, double trigger) {
    const double price = fill_price(i, side, trigger);
    const double units = entry_units(trigger);
    if (side == exec::Side::buy) {
      fill(i, account_.buy(units, price, options_.fees, options_.size_granularity),
           exec::OrderReason::signal, trigger);
    } else {
      const double limit = account_.max_sell_size(price, options_.fees) -
                           std::max(account_.position(), 0.0);
      fill(i, account_.sell(std::min(units, limit), price, options_.fees,
                            options_.size_granularity),
           exec::OrderReason::signal, trigger);
    }
  }

  /// Close the whole position at `trigger`: with slippage for signals, at the level itself for
  /// stops (vectorbt's stop exit price: the stop is a limit-like level, not a market order).
  void close_position(std::int64_t i, double trigger, exec::OrderReason reason) {
    const double held = account_.position();
    const bool slip = reason == exec::OrderReason::signal;
    if (held > 0.0) {
      const double price = slip ? fill_price(i, exec::Side::sell, trigger) : trigger;
      fill(i, account_.sell(held, price, options_.fees, 0.0), reason, trigger);
    } else if (held < 0.0) {
      const double price = slip ? fill_price(i, exec::Side::buy, trigger) : trigger;
      fill(i, account_.buy(-held, price, options_.fees, 0.0), reason, trigger);
    }
  }

  /// from_orders: one order of `size` (per options.size_type) triggered at `trigger`.
  void order_by_size(std::int64_t i, double size, double trigger) {
    const double held = account_.position();
    double units = 0.0;  // signed
    switch (options_.size_type) {
      case SizeType::amount: units = size; break;
      case SizeType::value: units = size / trigger; break;
      case SizeType::percent: units = size * account_.value(trigger) / trigger; break;
      case SizeType::target_percent: units = size * account_.value(trigger) / trigger - held; break;
      case SizeType::all:
        units = size > 0.0 ? std::numeric_limits<double>::infinity()
                           : (size < 0.0 ? -std::numeric_limits<double>::infinity() : 0.0);
        break;
    }
    if (units > 0.0) {
      if (options_.direction == Direction::short_only) {
        units = std::min(units, std::max(-held, 0.0));
      }
      const double price = fill_price(i, exec::Side::buy, trigger);
      fill(i, account_.buy(units, price, options_.fees, options_.size_granularity),
           exec::OrderReason::signal, trigger);
    } else if (units < 0.0) {
      const double price = fill_price(i, exec::Side::sell, trigger);
      double limit = options_.direction == Direction::long_only
                         ? std::max(held, 0.0)
                         : account_.max_sell_size(price, options_.fees);
      const double wanted = std::min(-units, limit);
      const bool closes = held > 0.0 && exec::is_close(wanted, held);
      fill(i, account_.sell(closes ? held : wanted, price, options_.fees,
                            closes ? 0.0 : options_.size_granularity),
           exec::OrderReason::signal, trigger);
    }
  }

  [[nodiscard]] double fill_price(std::int64_t i, exec::Side side, double trigger) const noexcept {
    const auto u = static_cast<std::size_t>(i);
    return options_.slippage.apply(trigger, side, prices_.low[u], prices_.high[u]);
  }

  /// Record a fill; `trigger` is the price that triggered it before slippage.
  void fill(std::int64_t i, const exec::Fill& done, exec::OrderReason reason, double trigger) {
    if (done.size == 0.0) {
      return;
    }
    const double before = account_.position() + (done.side == exec::Side::buy ? -done.size
                                                                               : done.size);
    sink_.order(
        exec::OrderRecord{base_ + i, done.side, reason, done.size, done.price, done.fees});
    trades_.on_fill(base_ + i, done, before,
                    [this](const exec::TradeRecord& trade) { sink_.trade(trade); });
    if (account_.position() == 0.0) {
      return;
    }
    // A new or larger position: stops measure from the price that triggered the entry (the
    // signal bar's close, or the open for next-open fills), as vectorbt's stop base price; a
    // later entry of an accumulating position moves them there (vectorbt's override).
    const bool grew = (before >= 0.0 && done.side == exec::Side::buy) ||
                      (before <= 0.0 && done.side == exec::Side::sell) ||
                      (before > 0.0) != (account_.position() > 0.0);
    if (grew) {
      stop_reference_ = trigger;
      peak_ = trigger;
      entered_on_close_ = options_.fill == FillTiming::close;
    }
  }

  /// Check the stops of the open position on bar i; true if one fired.
  bool check_stops(std::int64_t i) {
    if (entered_on_close_) {
      return false;
    }
    const auto u = static_cast<std::size_t>(i);
    const double open = prices_.open[u];
    const double high = prices_.high[u];
    const double low = prices_.low[u];
    if (std::isnan(open) || std::isnan(high) || std::isnan(low)) {
      return false;
    }
    const bool is_long = account_.position() > 0.0;
    const double sign = is_long ? 1.0 : -1.0;
    // The adverse level (stop-loss or trailing stop, whichever is nearer) and the favourable one.
    double adverse = std::numeric_limits<double>::quiet_NaN();
    exec::OrderReason adverse_reason = exec::OrderReason::stop_loss;
    if (options_.sl_stop > 0.0) {
      adverse = stop_reference_ * (1.0 - sign * options_.sl_stop);
    }
    if (options_.trail_stop > 0.0) {
      const double trail = peak_ * (1.0 - sign * options_.trail_stop);
      if (std::isnan(adverse) || (is_long ? trail > adverse : trail < adverse)) {
        adverse = trail;
        adverse_reason = exec::OrderReason::trailing_stop;
      }
    }
    const double favourable = options_.tp_stop > 0.0
                                  ? stop_reference_ * (1.0 + sign * options_.tp_stop)
                                  : std::numeric_limits<double>::quiet_NaN();
    std::optional<double> adverse_fill;
    std::optional<double> favourable_fill;
    if (!std::isnan(adverse)) {
      adverse_fill = is_long ? exec::fill_falling_to(adverse, open, low)
                             : exec::fill_rising_to(adverse, open, high);
    }
    if (!std::isnan(favourable)) {
      favourable_fill = is_long ? exec::fill_rising_to(favourable, open, high)
                                : exec::fill_falling_to(favourable, open, low);
    }
    if (favourable_fill && (!adverse_fill || (*favourable_fill == open && *adverse_fill != open))) {
      close_position(i, *favourable_fill, exec::OrderReason::take_profit);
      return true;
    }
    if (adverse_fill) {
      close_position(i, *adverse_fill, adverse_reason);
      return true;
    }
    return false;
  }

  PriceColumns prices_;       ///< the current chunk's bars, indexed by the chunk-local bar
  std::int64_t base_ = 0;     ///< global index of the chunk's first bar
  const SimulationOptions& options_;
  Sink& sink_;
  exec::Account account_;
  exec::TradeTracker trades_;
  Action pending_action_ = Action::none;  ///< from_signals: the order a next-open fill owes
  double pending_size_ = std::numeric_limits<double>::quiet_NaN();  ///< the same for from_orders
  double last_close_ = std::numeric_limits<double>::quiet_NaN();
  double stop_reference_ = 0.0;
  double peak_ = 0.0;             ///< best price since entry (low for shorts)
  bool entered_on_close_ = false;  ///< the position changed at this bar's close: no stop yet
};

}  // namespace qbt::vector::detail
