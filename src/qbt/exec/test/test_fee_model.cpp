#include "qbt/exec/fee_model.hpp"

#include <limits>

#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/exec/slippage_model.hpp"

namespace qbt::exec {
namespace {

TEST(FeeModel, AddsFractionFixedAndPerUnitWithAMinimum) {
  const FeeModel fees{.fraction = 0.001, .fixed = 1.0, .per_unit = 0.01, .minimum = 0.0};
  EXPECT_DOUBLE_EQ(fees.fee(100.0, 50.0), 5.0 + 1.0 + 1.0);
  const FeeModel with_minimum{.per_unit = 0.005, .minimum = 1.0};
  EXPECT_DOUBLE_EQ(with_minimum.fee(100.0, 50.0), 1.0);   // 0.5 raised to the minimum
  EXPECT_DOUBLE_EQ(with_minimum.fee(1000.0, 50.0), 5.0);  // above the minimum
}

TEST(FeeModel, MaxSizeForCashLeavesRoomForTheFees) {
  const FeeModel fees{.fraction = 0.01, .fixed = 1.0, .per_unit = 0.5};
  const double size = fees.max_size_for_cash(100.0, 10.0);
  EXPECT_NEAR(size * 10.0 + fees.fee(size, 10.0), 100.0, 1e-12);
  const FeeModel minimum{.minimum = 5.0};
  EXPECT_DOUBLE_EQ(minimum.max_size_for_cash(100.0, 10.0), 9.5);
}

TEST(FeeModel, ValidateNamesTheBadValue) {
  EXPECT_NO_THROW(FeeModel{}.validate());
  try {
    FeeModel{.fraction = -0.1}.validate();
    FAIL() << "negative fees accepted";
  } catch (const UserInputError& error) {
    EXPECT_STREQ(error.what(), "fees must be a finite number >= 0, got -0.1");
  }
  EXPECT_THROW(FeeModel{.fixed = std::numeric_limits<double>::quiet_NaN()}.validate(),
               UserInputError);
  EXPECT_THROW(FeeModel{.fraction = 1.0}.validate(), UserInputError);
}

TEST(SlippageModel, BuysPayMoreSellsReceiveLess) {
  const SlippageModel slippage{.fraction = 0.01};
  EXPECT_DOUBLE_EQ(slippage.apply(100.0, Side::buy, 90.0, 110.0), 101.0);
  EXPECT_DOUBLE_EQ(slippage.apply(100.0, Side::sell, 90.0, 110.0), 99.0);
}

TEST(SlippageModel, ClampKeepsFillsInsideTheBar) {
  const SlippageModel slippage{.fraction = 0.05, .clamp_to_bar = true};
  EXPECT_DOUBLE_EQ(slippage.apply(100.0, Side::buy, 95.0, 102.0), 102.0);
  EXPECT_DOUBLE_EQ(slippage.apply(100.0, Side::sell, 99.0, 102.0), 99.0);
  EXPECT_DOUBLE_EQ(slippage.apply(100.0, Side::buy, 95.0, 110.0), 105.0);
  EXPECT_THROW(SlippageModel{.fraction = 1.0}.validate(), UserInputError);
  EXPECT_THROW(SlippageModel{.fixed = -1.0}.validate(), UserInputError);
}

}  // namespace
}  // namespace qbt::exec
