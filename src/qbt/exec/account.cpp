#include "qbt/exec/account.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "qbt/core/error.hpp"

namespace qbt::exec {

namespace {

double round_down(double size, double granularity) noexcept {
  return granularity > 0.0 ? std::floor(size / granularity) * granularity : size;
}

}  // namespace

void Instrument::validate() const {
  if (!std::isfinite(multiplier) || multiplier <= 0.0) {
    throw UserInputError(fmt::format("multiplier must be a finite number > 0, got {}", multiplier));
  }
  if (!std::isfinite(margin) || margin < 0.0) {
    throw UserInputError(fmt::format("margin must be a finite number >= 0, got {}", margin));
  }
}

Account::Account(double cash, std::vector<Instrument> instruments) : cash_(cash), free_cash_(cash) {
  holdings_.reserve(instruments.size());
  for (const Instrument& spec : instruments) {
    holdings_.push_back(Holding{spec, 0.0, 0.0, 0.0});
  }
}

double Account::holding_value(std::size_t k, double price) const noexcept {
  const Holding& h = holdings_[k];
  if (!h.spec.is_margin()) {
    return h.units * price * h.spec.multiplier;
  }
  return h.spec.margin * std::abs(h.units) + h.units * (price - h.mark) * h.spec.multiplier;
}

Fill Account::buy(double size, double price, const FeeModel& fees, double granularity,
                  std::size_t k) noexcept {
  Fill fill{Side::buy, 0.0, price, 0.0};
  if (!(size > 0.0) || !(price > 0.0)) {
    return fill;
  }
  const double cash_limit = std::max(cash_, 0.0);
  double final_size = round_down(size, granularity);
  double fees_paid = 0.0;
  double spent = 0.0;
  const bool fits = std::isfinite(final_size) && [&] {
    const double need = final_size * price + fees.fee(final_size, price);
    return need <= cash_limit || is_close(need, cash_limit);
  }();
  if (fits) {
    fees_paid = fees.fee(final_size, price);
    spent = final_size * price + fees_paid;
  } else {
    const double max_size = fees.max_size_for_cash(cash_limit, price);
    if (!(max_size > 0.0)) {
      return fill;
    }
    if (granularity > 0.0) {
      final_size = round_down(max_size, granularity);
      fees_paid = fees.fee(final_size, price);
      spent = final_size * price + fees_paid;
    } else {
      // Spend exactly the cash limit: the size takes what the fees leave (vectorbt).
      final_size = max_size;
      spent = cash_limit;
      fees_paid = cash_limit - final_size * price;
    }
  }
  if (!(final_size > 0.0) || is_close(final_size, 0.0)) {
    return fill;
  }
  Holding& h = holdings_[k];
  if (h.units < 0.0) {
    const double covered = std::min(final_size, -h.units);
    const double average_entry = h.debt / -h.units;
    const double debt_released = covered * average_entry;
    h.debt -= debt_released;
    free_cash_ += 2.0 * debt_released - spent;
  } else {
    free_cash_ -= spent;
  }
  cash_ -= spent;
  h.units += final_size;
  if (is_close(h.units, 0.0)) {
    h.units = 0.0;
    h.debt = 0.0;
  }
  fill.size = final_size;
  fill.fees = fees_paid;
  return fill;
}

Fill Account::sell(double size, double price, const FeeModel& fees, double granularity,
                   std::size_t k) noexcept {
  Fill fill{Side::sell, 0.0, price, 0.0};
  if (!(price > 0.0)) {
    return fill;
  }
  const double final_size = round_down(size, granularity);
  if (!(final_size > 0.0) || !std::isfinite(final_size) || is_close(final_size, 0.0)) {
    return fill;
  }
  const double fees_paid = fees.fee(final_size, price);
  if (final_size * price - fees_paid < 0.0) {
    return fill;
  }
  execute(k, -final_size, price, fees_paid);
  fill.size = final_size;
  fill.fees = fees_paid;
  return fill;
}

double Account::max_sell_size(double price, const FeeModel& fees, std::size_t k) const noexcept {
  const double long_units = std::max(holdings_[k].units, 0.0);
  const double long_cash = long_units * price * (1.0 - fees.fraction);
  const double available = free_cash_ + long_cash;
  if (!(available > 0.0)) {
    return long_units;
  }
  const double short_units = std::max(fees.max_size_for_cash(available, price), 0.0);
  return long_units + short_units;
}

double Account::cash_needed(std::size_t k, double units, double price, double fee) const noexcept {
  const Holding& h = holdings_[k];
  if (!h.spec.is_margin()) {
    return units * price * h.spec.multiplier + fee;
  }
  const bool reduces = (units > 0.0) != (h.units > 0.0) && h.units != 0.0;
  const double closed = reduces ? std::min(std::abs(units), std::abs(h.units)) : 0.0;
  const double opened = std::abs(units) - closed;
  const double settled = h.units * (price - h.mark) * h.spec.multiplier;
  return fee + h.spec.margin * (opened - closed) - settled;
}

void Account::execute(std::size_t k, double units, double price, double fee) noexcept {
  Holding& h = holdings_[k];
  if (h.spec.is_margin()) {
    mark_to_market(k, price);
    const bool reduces = (units > 0.0) != (h.units > 0.0) && h.units != 0.0;
    const double closed = reduces ? std::min(std::abs(units), std::abs(h.units)) : 0.0;
    const double opened = std::abs(units) - closed;
    const double delta = h.spec.margin * (closed - opened) - fee;
    cash_ += delta;
    free_cash_ += delta;
    h.units = is_close(h.units, -units) ? 0.0 : h.units + units;
    h.mark = price;
    return;
  }
  const double value = std::abs(units) * price * h.spec.multiplier;
  if (units > 0.0) {
    const double spent = value + fee;
    if (h.units < 0.0) {
      const double covered = std::min(units, -h.units);
      const double debt_released = covered * (h.debt / -h.units);
      h.debt -= debt_released;
      free_cash_ += 2.0 * debt_released - spent;
    } else {
      free_cash_ -= spent;
    }
    cash_ -= spent;
    h.units += units;
    if (is_close(h.units, 0.0)) {
      h.units = 0.0;
      h.debt = 0.0;
    }
    return;
  }
  const double sold = -units;
  const double received = value - fee;
  const double new_units = is_close(h.units, sold) ? 0.0 : h.units - sold;
  if (new_units < 0.0) {
    const double shorted = h.units < 0.0 ? sold : -new_units;
    const double short_value = shorted * price * h.spec.multiplier;
    h.debt += short_value;
    free_cash_ += received - 2.0 * short_value;
  } else {
    free_cash_ += received;
  }
  cash_ += received;
  h.units = new_units;
}

void Account::mark_to_market(std::size_t k, double price) noexcept {
  Holding& h = holdings_[k];
  if (!h.spec.is_margin() || std::isnan(price)) {
    return;
  }
  if (h.units != 0.0) {
    const double pnl = h.units * (price - h.mark) * h.spec.multiplier;
    cash_ += pnl;
    free_cash_ += pnl;
  }
  h.mark = price;
}

}  // namespace qbt::exec
