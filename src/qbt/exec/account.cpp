#include "qbt/exec/account.hpp"

#include <algorithm>
#include <cmath>

namespace qbt::exec {

namespace {

double round_down(double size, double granularity) noexcept {
  return granularity > 0.0 ? std::floor(size / granularity) * granularity : size;
}

}  // namespace

Fill Account::buy(double size, double price, const FeeModel& fees, double granularity) noexcept {
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

  if (position_ < 0.0) {
    const double covered = std::min(final_size, -position_);
    const double average_entry = debt_ / -position_;
    const double debt_released = covered * average_entry;
    debt_ -= debt_released;
    free_cash_ += 2.0 * debt_released - spent;
  } else {
    free_cash_ -= spent;
  }
  cash_ -= spent;
  position_ += final_size;
  if (is_close(position_, 0.0)) {
    position_ = 0.0;
    debt_ = 0.0;
  }
  fill.size = final_size;
  fill.fees = fees_paid;
  return fill;
}

Fill Account::sell(double size, double price, const FeeModel& fees, double granularity) noexcept {
  Fill fill{Side::sell, 0.0, price, 0.0};
  if (!(price > 0.0)) {
    return fill;
  }
  const double final_size = round_down(size, granularity);
  if (!(final_size > 0.0) || !std::isfinite(final_size) || is_close(final_size, 0.0)) {
    return fill;
  }
  const double proceeds = final_size * price;
  const double fees_paid = fees.fee(final_size, price);
  const double received = proceeds - fees_paid;
  if (received < 0.0) {
    return fill;
  }
  const double new_position = is_close(position_, final_size) ? 0.0 : position_ - final_size;
  if (new_position < 0.0) {
    const double shorted = position_ < 0.0 ? final_size : -new_position;
    const double short_value = shorted * price;
    debt_ += short_value;
    free_cash_ += received - 2.0 * short_value;
  } else {
    free_cash_ += received;
  }
  cash_ += received;
  position_ = new_position;
  fill.size = final_size;
  fill.fees = fees_paid;
  return fill;
}

double Account::max_sell_size(double price, const FeeModel& fees) const noexcept {
  const double long_units = std::max(position_, 0.0);
  const double long_cash = long_units * price * (1.0 - fees.fraction);
  const double available = free_cash_ + long_cash;
  if (!(available > 0.0)) {
    return long_units;
  }
  const double short_units = std::max(fees.max_size_for_cash(available, price), 0.0);
  return long_units + short_units;
}

}  // namespace qbt::exec
