#pragma once
/// What a fill costs: a fraction of the traded value, a fixed amount per order, an amount per
/// unit (backtrader's per-share/per-contract commission) and a minimum per order. vectorbt's
/// `fees` and `fixed_fees` are `fraction` and `fixed`; backtrader's stock-like percent
/// commission is `fraction`, its futures-like `commission=2.0` is `per_unit`.

#include <algorithm>

namespace qbt::exec {

struct FeeModel {
  double fraction = 0.0;  ///< of size * price, e.g. 0.001 = 10 bp
  double fixed = 0.0;     ///< per order
  double per_unit = 0.0;  ///< per unit traded
  double minimum = 0.0;   ///< the fee of an order is at least this

  /// Fee of one fill of `size` units (positive) at `price`.
  [[nodiscard]] double fee(double size, double price) const noexcept {
    const double fee = size * price * fraction + fixed + size * per_unit;
    return std::max(fee, minimum);
  }

  /// Largest size whose value plus fee fits in `cash` at `price` (may be <= 0 when the fixed
  /// or minimum fee alone exceeds the cash).
  [[nodiscard]] double max_size_for_cash(double cash, double price) const noexcept {
    const double size = (cash - fixed) / (price * (1.0 + fraction) + per_unit);
    if (minimum > 0.0 && size > 0.0 && size * price * fraction + fixed + size * per_unit < minimum) {
      return (cash - minimum) / price;
    }
    return size;
  }

  /// Throw UserInputError naming the option when a value is negative or not finite.
  void validate() const;
};

}  // namespace qbt::exec
