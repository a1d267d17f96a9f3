#include "qbt/exec/account.hpp"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace qbt::exec {
namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();

TEST(Account, BuysWhatTheSizeAsksWhenCashSuffices) {
  Account account(100.0);
  const FeeModel fees{.fraction = 0.01};
  const Fill fill = account.buy(5.0, 10.0, fees, 0.0);
  EXPECT_EQ(fill.side, Side::buy);
  EXPECT_DOUBLE_EQ(fill.size, 5.0);
  EXPECT_DOUBLE_EQ(fill.price, 10.0);
  EXPECT_DOUBLE_EQ(fill.fees, 0.5);  // 1% of 50
  EXPECT_DOUBLE_EQ(account.cash(), 49.5);
  EXPECT_DOUBLE_EQ(account.position(), 5.0);
  EXPECT_DOUBLE_EQ(account.value(12.0), 49.5 + 60.0);
}

TEST(Account, AllCashSpendsExactlyTheCashFeesIncluded) {
  // vectorbt: max value = (cash - fixed) / (1 + fees) = 99 / 1.01; fees = cash - that value.
  Account account(100.0);
  const FeeModel fees{.fraction = 0.01, .fixed = 1.0};
  const Fill fill = account.buy(k_inf, 10.0, fees, 0.0);
  EXPECT_NEAR(fill.size, 99.0 / 1.01 / 10.0, 1e-12);
  EXPECT_NEAR(fill.fees, 100.0 - 99.0 / 1.01, 1e-12);
  EXPECT_EQ(account.cash(), 0.0);
}

TEST(Account, OversizedOrderShrinksToTheCash) {
  Account account(100.0);
  const Fill fill = account.buy(50.0, 10.0, FeeModel{}, 0.0);
  EXPECT_DOUBLE_EQ(fill.size, 10.0);
  EXPECT_EQ(account.cash(), 0.0);
}

TEST(Account, GranularityRoundsDown) {
  Account account(100.0);
  const Fill fill = account.buy(k_inf, 30.0, FeeModel{}, 1.0);
  EXPECT_DOUBLE_EQ(fill.size, 3.0);
  EXPECT_DOUBLE_EQ(account.cash(), 10.0);
}

TEST(Account, FixedFeeLargerThanCashBuysNothing) {
  Account account(100.0);
  const Fill fill = account.buy(k_inf, 10.0, FeeModel{.fixed = 150.0}, 0.0);
  EXPECT_EQ(fill.size, 0.0);
  EXPECT_EQ(account.cash(), 100.0);
  EXPECT_EQ(account.position(), 0.0);
}

TEST(Account, ShortSaleAndCoverMoveCashDebtAndFreeCash) {
  Account account(100.0);
  const Fill sold = account.sell(5.0, 10.0, FeeModel{}, 0.0);
  EXPECT_DOUBLE_EQ(sold.size, 5.0);
  EXPECT_DOUBLE_EQ(account.cash(), 150.0);
  EXPECT_DOUBLE_EQ(account.position(), -5.0);
  EXPECT_DOUBLE_EQ(account.debt(), 50.0);
  EXPECT_DOUBLE_EQ(account.free_cash(), 50.0);
  EXPECT_DOUBLE_EQ(account.value(10.0), 100.0);
  EXPECT_DOUBLE_EQ(account.value(8.0), 110.0);

  const Fill covered = account.buy(5.0, 8.0, FeeModel{}, 0.0);
  EXPECT_DOUBLE_EQ(covered.size, 5.0);
  EXPECT_DOUBLE_EQ(account.cash(), 110.0);
  EXPECT_EQ(account.position(), 0.0);
  EXPECT_EQ(account.debt(), 0.0);
  EXPECT_DOUBLE_EQ(account.free_cash(), 110.0);
}

TEST(Account, MaxSellSizeCountsLongUnitsAndFreeCash) {
  Account account(100.0);
  EXPECT_DOUBLE_EQ(account.max_sell_size(10.0, FeeModel{}), 10.0);
  (void)account.buy(4.0, 10.0, FeeModel{}, 0.0);  // cash 60, 4 units
  // Selling the 4 units frees 40: 100 of free cash backs 10 short units, 14 in all.
  EXPECT_DOUBLE_EQ(account.max_sell_size(10.0, FeeModel{}), 14.0);
}

TEST(Account, SaleThatCannotPayItsFeesIsNotFilled) {
  Account account(100.0);
  (void)account.buy(1.0, 10.0, FeeModel{}, 0.0);
  const Fill fill = account.sell(1.0, 10.0, FeeModel{.fixed = 20.0}, 0.0);
  EXPECT_EQ(fill.size, 0.0);
  EXPECT_DOUBLE_EQ(account.position(), 1.0);
}

TEST(Account, RejectsNonPositivePricesAndSizes) {
  Account account(100.0);
  EXPECT_EQ(account.buy(1.0, 0.0, FeeModel{}, 0.0).size, 0.0);
  EXPECT_EQ(account.buy(-1.0, 10.0, FeeModel{}, 0.0).size, 0.0);
  EXPECT_EQ(account.buy(std::nan(""), 10.0, FeeModel{}, 0.0).size, 0.0);
  EXPECT_EQ(account.sell(1.0, std::nan(""), FeeModel{}, 0.0).size, 0.0);
  EXPECT_EQ(account.cash(), 100.0);
}

}  // namespace
}  // namespace qbt::exec
