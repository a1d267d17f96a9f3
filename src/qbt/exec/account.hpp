#pragma once
/// Cash and position of one instrument, and how a fill moves them: the accounting both engines
/// share. The model is vectorbt's (portfolio/nb.py buy_nb/sell_nb): a buy pays size * price
/// plus fees from cash; a sell (or a short sale) adds size * price minus fees to cash, so the
/// value is always cash + position * price. Short sales record their entry value as `debt`, and
/// `free_cash` (cash - 2 * debt, moved by realised short P&L) is what can back new shorts.
///
/// Orders larger than the cash allows shrink to what it allows (vectorbt's allow_partial), the
/// fees included; an order that cannot pay its fees is not filled.

#include <cmath>
#include <cstdint>
#include <limits>

#include "qbt/exec/fee_model.hpp"
#include "qbt/exec/order.hpp"

namespace qbt::exec {

/// Relative tolerance of "fits in the cash" and "closes the position" (vectorbt's is_close).
inline constexpr double k_relative_tolerance = 1e-9;
inline constexpr double k_absolute_tolerance = 1e-12;

[[nodiscard]] inline bool is_close(double a, double b) noexcept {
  const double diff = std::abs(a - b);
  return diff <= k_absolute_tolerance ||
         diff <= k_relative_tolerance * std::max(std::abs(a), std::abs(b));
}

class Account {
public:
  explicit Account(double cash) noexcept : cash_(cash), free_cash_(cash) {}

  [[nodiscard]] double cash() const noexcept { return cash_; }
  /// Units held: positive long, negative short.
  [[nodiscard]] double position() const noexcept { return position_; }
  /// Entry value of the open short units.
  [[nodiscard]] double debt() const noexcept { return debt_; }
  /// Cash not backing short positions.
  [[nodiscard]] double free_cash() const noexcept { return free_cash_; }
  /// Cash plus the position marked at `price`.
  [[nodiscard]] double value(double price) const noexcept { return cash_ + position_ * price; }

  /// Buy up to `size` units (infinity = all the cash allows) at `price`, slippage included.
  /// `granularity` > 0 rounds the size down to a multiple of it. Returns the fill; its size is
  /// 0 when nothing could be bought.
  Fill buy(double size, double price, const FeeModel& fees, double granularity) noexcept;

  /// Sell `size` units (finite) at `price`: closes longs first, then opens or adds to a short.
  /// The caller bounds short sales (max_short_size). Size 0 when the proceeds cannot pay the fees.
  Fill sell(double size, double price, const FeeModel& fees, double granularity) noexcept;

  /// Most units a short sale at `price` may have: the long units (whose sale frees cash) plus
  /// what the free cash, net of fees, backs at that price.
  [[nodiscard]] double max_sell_size(double price, const FeeModel& fees) const noexcept;

private:
  double cash_;
  double position_ = 0.0;
  double debt_ = 0.0;
  double free_cash_;
};

}  // namespace qbt::exec
