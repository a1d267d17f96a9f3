#pragma once
/// How many units an order without an explicit size trades (backtrader's sizers).

#include <cstddef>
#include <memory>

#include "qbt/event/line.hpp"
#include "qbt/exec/order.hpp"

namespace qbt::event {

/// What a sizer may look at.
struct SizerInput {
  exec::Side side = exec::Side::buy;
  std::size_t feed = 0;
  double price = 0.0;     ///< the feed's current close
  double cash = 0.0;
  double value = 0.0;     ///< portfolio value
  double position = 0.0;  ///< units held in the feed
};

class Sizer {
public:
  Sizer() = default;
  Sizer(const Sizer&) = delete;
  Sizer& operator=(const Sizer&) = delete;
  virtual ~Sizer() = default;
  /// Units to trade (> 0), +infinity for "all the cash allows", or 0 to skip the order.
  [[nodiscard]] virtual double size(const SizerInput& input) const = 0;
};

/// A fixed number of units (backtrader's FixedSize; its default stake is 1).
[[nodiscard]] std::unique_ptr<Sizer> fixed_size(double stake = 1.0);
/// Units worth `amount` of cash at the current close.
[[nodiscard]] std::unique_ptr<Sizer> fixed_value(double amount);
/// A fraction of the portfolio value at the current close (backtrader's PercentSizer).
[[nodiscard]] std::unique_ptr<Sizer> percent_of_equity(double fraction);
/// All the cash, fees included, at the fill price (vectorbt's size=inf; backtrader's AllInSizer
/// sizes at the signal's close instead).
[[nodiscard]] std::unique_ptr<Sizer> all_in();
/// Risk a fraction of the value per trade with a stop `atr_multiple` ATRs away:
/// units = fraction * value / (atr_multiple * atr(0)); 0 while the ATR is undefined.
[[nodiscard]] std::unique_ptr<Sizer> atr_risk(Line atr, double fraction, double atr_multiple);

}  // namespace qbt::event
