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
#include <vector>

#include "qbt/exec/fee_model.hpp"
#include "qbt/exec/instrument.hpp"
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
  /// One cash instrument (the vectorized engine's case).
  explicit Account(double cash) : Account(cash, std::vector<Instrument>(1)) {}
  /// Several instruments sharing the cash (the event-driven broker's feeds).
  Account(double cash, std::vector<Instrument> instruments);

  [[nodiscard]] double cash() const noexcept { return cash_; }
  /// Cash not backing short positions.
  [[nodiscard]] double free_cash() const noexcept { return free_cash_; }
  [[nodiscard]] std::size_t instrument_count() const noexcept { return holdings_.size(); }
  [[nodiscard]] const Instrument& instrument(std::size_t k = 0) const noexcept {
    return holdings_[k].spec;
  }
  /// Units held: positive long, negative short.
  [[nodiscard]] double position(std::size_t k = 0) const noexcept { return holdings_[k].units; }
  /// Entry value of the open short units of a cash instrument.
  [[nodiscard]] double debt(std::size_t k = 0) const noexcept { return holdings_[k].debt; }
  /// Cash plus instrument 0 marked at `price` (a single cash instrument).
  [[nodiscard]] double value(double price) const noexcept {
    return cash_ + holdings_[0].units * price;
  }
  /// What instrument k adds to the value at `price`: units * price for a cash instrument; the
  /// locked margin plus the profit since the last settlement for a margin instrument.
  [[nodiscard]] double holding_value(std::size_t k, double price) const noexcept;

  /// Buy up to `size` units (infinity = all the cash allows) at `price`, slippage included.
  /// `granularity` > 0 rounds the size down to a multiple of it. Returns the fill; its size is
  /// 0 when nothing could be bought. (Cash instruments: vectorbt's buy_nb.)
  Fill buy(double size, double price, const FeeModel& fees, double granularity,
           std::size_t k = 0) noexcept;

  /// Sell `size` units (finite) at `price`: closes longs first, then opens or adds to a short.
  /// The caller bounds short sales (max_sell_size). Size 0 when the proceeds cannot pay the fees.
  Fill sell(double size, double price, const FeeModel& fees, double granularity,
            std::size_t k = 0) noexcept;

  /// Most units a short sale at `price` may have: the long units (whose sale frees cash) plus
  /// what the free cash, net of fees, backs at that price.
  [[nodiscard]] double max_sell_size(double price, const FeeModel& fees,
                                     std::size_t k = 0) const noexcept;

  /// Cash an execution of `units` (+ buy, - sell) at `price` with `fee` needs beyond what it
  /// releases: > 0 means the cash must cover it (the event broker's margin check).
  [[nodiscard]] double cash_needed(std::size_t k, double units, double price,
                                   double fee) const noexcept;

  /// Execute exactly `units` (+ buy, - sell) of instrument k at `price` paying `fee`, without
  /// any cash check: the one place cash, debt and positions move.
  void execute(std::size_t k, double units, double price, double fee) noexcept;

  /// Settle a margin instrument's profit since its last settlement into cash at `price` (daily
  /// variation margin; backtrader adjusts cash this way every bar). No-op for cash instruments.
  void mark_to_market(std::size_t k, double price) noexcept;

private:
  struct Holding {
    Instrument spec;
    double units = 0.0;
    double debt = 0.0;  ///< cash instruments: entry value of short units
    double mark = 0.0;  ///< margin instruments: price of the last settlement
  };

  double cash_;
  double free_cash_;
  std::vector<Holding> holdings_;
};

}  // namespace qbt::exec
