#pragma once
/// How an instrument's units turn into money. A cash instrument (stocks, the default) costs its
/// full value; a margin instrument (futures, backtrader's `stocklike=False` commission info)
/// locks `margin` per unit, settles its profit and loss into cash as the price moves
/// (`multiplier` currency per point per unit), and counts the locked margin in the value.

namespace qbt::exec {

struct Instrument {
  double multiplier = 1.0;  ///< currency per point per unit (futures); 1 for cash instruments
  double margin = 0.0;      ///< cash locked per unit; 0 = a cash instrument

  [[nodiscard]] bool is_margin() const noexcept { return margin > 0.0; }
  /// UserInputError when the multiplier is not positive or the margin negative.
  void validate() const;
};

}  // namespace qbt::exec
