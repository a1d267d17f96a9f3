#include "qbt/optimize/param_space.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/indicator.hpp"
#include "qbt/optimize/constraint.hpp"

namespace qbt::optimize {
namespace {

using indicators::ParamKind;
using indicators::ParamSpec;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

ParamSpec spec(std::string name, ParamKind kind, double default_value, double min_value,
               double max_value) {
  return {std::move(name), kind, default_value, min_value, max_value, "test parameter"};
}

/// A crossover strategy's parameters: two windows, a real threshold and a flag.
std::vector<ParamSpec> crossover_params() {
  return {spec("fast", ParamKind::integer, 10, 1, 1000),
          spec("slow", ParamKind::integer, 30, 1, 1000),
          spec("threshold", ParamKind::real, 0.5, 0, 1),
          spec("flag", ParamKind::boolean, 0, 0, 1)};
}

std::vector<ParamAxis> axes(std::initializer_list<std::string_view> texts) {
  std::vector<ParamAxis> out;
  for (const std::string_view text : texts) {
    out.push_back(parse_grid_axis(text));
  }
  return out;
}

void expect_grid_error(std::string_view text, const std::string& what) {
  EXPECT_THAT([&] { (void)parse_grid_axis(text); },
              ThrowsMessage<UserInputError>("--grid '" + std::string(text) + "': " + what))
      << text;
}

std::vector<double> row_of(const ParamTable& table, std::size_t i) {
  const auto row = table.row(i);
  return {row.begin(), row.end()};
}

TEST(GridAxis, RangeIncludesALandedStop) {
  const ParamAxis axis = parse_grid_axis("fast=5:50:5");
  EXPECT_EQ(axis.name, "fast");
  EXPECT_THAT(axis.values, ElementsAre(5, 10, 15, 20, 25, 30, 35, 40, 45, 50));
}

TEST(GridAxis, RangeStopsBeforeAnOvershootingStep) {
  EXPECT_THAT(parse_grid_axis("fast=5:52:5").values,
              ElementsAre(5, 10, 15, 20, 25, 30, 35, 40, 45, 50));
  EXPECT_THAT(parse_grid_axis("fast=5:5:3").values, ElementsAre(5));
  EXPECT_THAT(parse_grid_axis("fast=5:7:3").values, ElementsAre(5));
}

TEST(GridAxis, DecimalStepsGiveTheDoublesOfTheDecimals) {
  // Exact equality: 0.1 + 0.1 + 0.1 would be 0.30000000000000004.
  EXPECT_THAT(parse_grid_axis("x=0.1:0.5:0.1").values, ElementsAre(0.1, 0.2, 0.3, 0.4, 0.5));
  const std::vector<double> tenths = parse_grid_axis("x=0:1:0.1").values;
  ASSERT_EQ(tenths.size(), 11U);
  EXPECT_EQ(tenths[3], 0.3);
  EXPECT_EQ(tenths[7], 0.7);
  EXPECT_EQ(tenths[10], 1.0);
  EXPECT_THAT(parse_grid_axis("x=-1:1:0.5").values, ElementsAre(-1, -0.5, 0, 0.5, 1));
  EXPECT_THAT(parse_grid_axis("x=1.1:1.4:0.15").values, ElementsAre(1.1, 1.25, 1.4));
  EXPECT_THAT(parse_grid_axis("x=0.001:0.003:0.001").values, ElementsAre(0.001, 0.002, 0.003));
}

TEST(GridAxis, NonDecimalStepsLandOnTheStopWithinTolerance) {
  // 1e-20 has more than 15 decimal places: start + i * step in doubles, stop landed on.
  const std::vector<double> tiny = parse_grid_axis("x=1e-20:5e-20:1e-20").values;
  ASSERT_EQ(tiny.size(), 5U);
  EXPECT_EQ(tiny.front(), 1e-20);
  EXPECT_EQ(tiny.back(), 5e-20);
  // A step of a third: 0, 1/3, 2/3, 1 with the last value exactly the stop.
  const std::vector<double> thirds = parse_grid_axis("x=0:1:0.33333333333333333").values;
  ASSERT_EQ(thirds.size(), 4U);
  EXPECT_EQ(thirds.back(), 1.0);
}

TEST(GridAxis, ListKeepsItsOrder) {
  EXPECT_THAT(parse_grid_axis("fast=20,5,10").values, ElementsAre(20, 5, 10));
  EXPECT_THAT(parse_grid_axis("fast=7").values, ElementsAre(7));
  EXPECT_THAT(parse_grid_axis("x=-1.5,+2,3e2").values, ElementsAre(-1.5, 2, 300));
}

TEST(GridAxis, IgnoresSpacesAroundParts) {
  const ParamAxis axis = parse_grid_axis(" fast = 5 : 15 : 5 ");
  EXPECT_EQ(axis.name, "fast");
  EXPECT_THAT(axis.values, ElementsAre(5, 10, 15));
  EXPECT_THAT(parse_grid_axis("fast=5, 10").values, ElementsAre(5, 10));
}

TEST(GridAxis, RejectsMalformedText) {
  expect_grid_error("fast", "expected name=values, e.g. fast=5:50:5, fast=5,10,20 or fast=7");
  expect_grid_error("=5", "parameter name is empty");
  expect_grid_error(" =5", "parameter name is empty");
  expect_grid_error("fast=", "no values after '='");
  expect_grid_error("fast=abc", "'abc' is not a number");
  expect_grid_error("fast=5:x:5", "'x' is not a number");
  expect_grid_error("fast=5x", "'5x' is not a number");
  expect_grid_error("fast=5,,10", "empty value in the list");
  expect_grid_error("fast=5,10,", "empty value in the list");
  expect_grid_error("fast=5::1", "empty stop");
  expect_grid_error("fast=5:50", "a range is start:stop:step");
  expect_grid_error("fast=1:2:3:4", "a range is start:stop:step");
  expect_grid_error("fast=1:5:1,2", "use either a range start:stop:step or a list a,b,c");
}

TEST(GridAxis, RejectsNonFiniteNumbers) {
  expect_grid_error("fast=nan", "'nan' is not a finite number");
  expect_grid_error("fast=inf", "'inf' is not a finite number");
  expect_grid_error("fast=1:-inf:1", "'-inf' is not a finite number");
  expect_grid_error("fast=1e999", "'1e999' is out of range");
}

TEST(GridAxis, RejectsBadRanges) {
  expect_grid_error("fast=5:50:0", "step must be > 0");
  expect_grid_error("fast=5:50:-5", "step must be > 0");
  expect_grid_error("fast=50:5:5", "start 50 is greater than stop 5");
  expect_grid_error("fast=5,10,5", "value 5 is listed twice");
  // 1e16 + 1 rounds back to 1e16.
  expect_grid_error("x=1e16:1.0000000000000004e16:1",
                    "step is too small for the size of the values (they repeat)");
}

TEST(GridAxis, LimitsValuesPerAxis) {
  EXPECT_EQ(parse_grid_axis("x=1:1000000:1").values.size(), k_max_axis_values);
  expect_grid_error("x=0:1000000:1", "more than 1,000,000 values on one parameter");
  expect_grid_error("x=0:1:1e-300", "more than 1,000,000 values on one parameter");
  expect_grid_error("x=0:1e300:1", "more than 1,000,000 values on one parameter");
}

TEST(ParamSpace, EnumeratesTheFirstAxisOutermost) {
  const auto params = crossover_params();
  const ParamSpace space(params, axes({"fast=1,2", "slow=10:30:10"}));
  EXPECT_EQ(space.grid_size(), 6U);
  const ParamTable table = space.enumerate();
  ASSERT_EQ(table.size(), 6U);
  ASSERT_EQ(table.param_count(), 4U);
  // Rows in the spec's parameter order; threshold and flag keep their defaults.
  EXPECT_THAT(row_of(table, 0), ElementsAre(1, 10, 0.5, 0));
  EXPECT_THAT(row_of(table, 1), ElementsAre(1, 20, 0.5, 0));
  EXPECT_THAT(row_of(table, 2), ElementsAre(1, 30, 0.5, 0));
  EXPECT_THAT(row_of(table, 3), ElementsAre(2, 10, 0.5, 0));
  EXPECT_THAT(row_of(table, 5), ElementsAre(2, 30, 0.5, 0));
  EXPECT_THAT(table.grid_indices(), ElementsAre(0, 1, 2, 3, 4, 5));
  EXPECT_EQ(table.values().size(), 24U);
}

TEST(ParamSpace, AxisOrderOnTheCommandLineDecidesTheOrder) {
  const auto params = crossover_params();
  const ParamSpace space(params, axes({"slow=10:30:10", "fast=1,2"}));
  EXPECT_EQ(space.axis_param(0), 1U);
  EXPECT_EQ(space.axis_param(1), 0U);
  const ParamTable table = space.enumerate();
  ASSERT_EQ(table.size(), 6U);
  EXPECT_THAT(row_of(table, 0), ElementsAre(1, 10, 0.5, 0));
  EXPECT_THAT(row_of(table, 1), ElementsAre(2, 10, 0.5, 0));
  EXPECT_THAT(row_of(table, 2), ElementsAre(1, 20, 0.5, 0));
  EXPECT_THAT(row_of(table, 5), ElementsAre(2, 30, 0.5, 0));
}

TEST(ParamSpace, CombinationDecodesAGridIndex) {
  const auto params = crossover_params();
  const ParamSpace space(params,
                         axes({"flag=0,1", "fast=5:50:5", "threshold=0.1:0.3:0.1", "slow=40,20"}));
  const ParamTable table = space.enumerate();
  ASSERT_EQ(table.size(), space.grid_size());
  ASSERT_EQ(table.size(), 2U * 10U * 3U * 2U);
  std::vector<double> row(space.param_count());
  for (std::size_t i = 0; i < table.size(); ++i) {
    space.combination(table.grid_index(i), row);
    EXPECT_EQ(row, row_of(table, i)) << i;
  }
  EXPECT_THAT(row_of(table, 0), ElementsAre(5, 40, 0.1, 0));
  EXPECT_THAT(row_of(table, 1), ElementsAre(5, 20, 0.1, 0));
  EXPECT_THAT(row_of(table, 2), ElementsAre(5, 40, 0.2, 0));
  EXPECT_THAT(row_of(table, table.size() - 1), ElementsAre(50, 20, 0.3, 1));
}

TEST(ParamSpace, NoAxesIsTheDefaults) {
  const auto params = crossover_params();
  const ParamSpace space(params, {});
  EXPECT_EQ(space.grid_size(), 1U);
  const ParamTable table = space.enumerate();
  ASSERT_EQ(table.size(), 1U);
  EXPECT_THAT(row_of(table, 0), ElementsAre(10, 30, 0.5, 0));
}

TEST(ParamSpace, UnknownParameterListsTheParameters) {
  const std::vector<ParamSpec> params{spec("fast", ParamKind::integer, 10, 1, 1000),
                                      spec("slow", ParamKind::integer, 30, 1, 1000)};
  EXPECT_THAT([&] { (void)ParamSpace(params, axes({"fats=5:50:5"})); },
              ThrowsMessage<UserInputError>(
                  "unknown parameter 'fats' for grid (parameters: fast, slow)"));
}

TEST(ParamSpace, RejectsAxesThatDoNotFitTheSpecs) {
  const auto params = crossover_params();
  const auto expect_error = [&](std::vector<ParamAxis> grid, const std::string& message) {
    EXPECT_THAT([&] { (void)ParamSpace(params, grid); }, ThrowsMessage<UserInputError>(message));
  };
  expect_error(axes({"fast=5", "slow=20", "fast=10"}), "--grid gives parameter 'fast' twice");
  expect_error(axes({"fast=5:10:2.5"}), "parameter 'fast' is an integer, --grid gives 7.5");
  expect_error(axes({"fast=0:10:5"}), "parameter 'fast' must be in [1, 1000], --grid gives 0");
  expect_error(axes({"threshold=0.5:1.5:0.5"}),
               "parameter 'threshold' must be in [0, 1], --grid gives 1.5");
  expect_error(axes({"flag=0,0.5"}), "parameter 'flag' is a boolean (0 or 1), --grid gives 0.5");
  expect_error({ParamAxis{"fast", {}}}, "--grid gives no values for parameter 'fast'");
  expect_error({ParamAxis{"fast", {5, 10, 5}}}, "--grid gives value 5 twice for parameter 'fast'");
  expect_error({ParamAxis{"threshold", {0.5, std::numeric_limits<double>::quiet_NaN()}}},
               "parameter 'threshold' must be a finite number, --grid gives nan");
}

TEST(ParamSpace, LimitsTheNumberOfCombinations) {
  std::vector<ParamSpec> params;
  for (const char* name : {"a", "b", "c", "d"}) {
    params.push_back(spec(name, ParamKind::integer, 1, 1, 1e7));
  }
  // 1000 x 1000 x 100 = 10^8 is allowed, one more value is not.
  EXPECT_EQ(ParamSpace(params, axes({"a=1:1000:1", "b=1:1000:1", "c=1:100:1"})).grid_size(),
            100'000'000U);
  EXPECT_THAT(
      [&] { (void)ParamSpace(params, axes({"a=1:1000:1", "b=1:1000:1", "c=1:101:1"})); },
      ThrowsMessage<UserInputError>("--grid spans more than 100,000,000 combinations (a: 1000 x "
                                    "b: 1000 x c: 101 values); use fewer values"));
  // 10^24 overflows 64 bits: still a clear error.
  EXPECT_THAT(
      [&] {
        (void)ParamSpace(params, axes({"a=1:1000000:1", "b=1:1000000:1", "c=1:1000000:1",
                                       "d=1:1000000:1"}));
      },
      ThrowsMessage<UserInputError>(HasSubstr("more than 100,000,000 combinations")));
}

class ConstrainedGrid : public ::testing::Test {
protected:
  std::vector<ParamSpec> params_ = crossover_params();
  ParamSpace space_{params_, axes({"fast=5:50:5", "slow=20:200:10"})};
  std::vector<Constraint> constraints_{Constraint::parse("fast<slow", space_.param_names())};
};

TEST_F(ConstrainedGrid, CountsByHand) {
  // fast 5..50 (10 values) x slow 20..200 (19 values) = 190. fast < slow fails for fast=20:
  // slow 20; 25: 20; 30: 20, 30; 35: 20, 30; 40: 20..40; 45: 20..40; 50: 20..50; 16 in all.
  EXPECT_EQ(space_.grid_size(), 190U);
  EXPECT_EQ(space_.count(), 190U);
  EXPECT_EQ(space_.count(constraints_), 174U);
  const ParamTable table = space_.enumerate(constraints_);
  ASSERT_EQ(table.size(), 174U);
  for (std::size_t i = 0; i < table.size(); ++i) {
    EXPECT_LT(table.row(i)[0], table.row(i)[1]);
    if (i > 0) {
      EXPECT_LT(table.grid_index(i - 1), table.grid_index(i));
    }
  }
  // fast=20 skips slow=20 (grid index 3 * 19 + 0).
  EXPECT_THAT(row_of(table, 57), ElementsAre(20, 30, 0.5, 0));
  EXPECT_EQ(table.grid_index(57), 58U);
}

TEST_F(ConstrainedGrid, SeveralConstraintsAllHold) {
  constraints_.push_back(Constraint::parse("slow - fast >= 100", space_.param_names()));
  const ParamTable table = space_.enumerate(constraints_);
  // slow >= fast + 100: fast=5: slow 110..200 (10), 10: 110.. (10), 15: 120.. (9), 20: 9,
  // 25: 8, 30: 8, 35: 7, 40: 7, 45: 6, 50: 6.
  EXPECT_EQ(table.size(), 80U);
  EXPECT_EQ(space_.count(constraints_), 80U);
}

TEST_F(ConstrainedGrid, ConstraintForOtherParametersIsABug) {
  const std::vector<std::string> names{"fast", "slow"};
  const std::vector<Constraint> foreign{Constraint::parse("fast<slow", names)};
  EXPECT_THROW((void)space_.enumerate(foreign), InternalError);
}

TEST_F(ConstrainedGrid, SampleIsADistinctSortedSubset) {
  const ParamTable all = space_.enumerate(constraints_);
  for (const std::uint64_t seed : {0U, 1U, 42U, 12345U}) {
    const ParamTable sample = space_.sample(20, seed, constraints_);
    ASSERT_EQ(sample.size(), 20U);
    ASSERT_EQ(sample.param_count(), 4U);
    for (std::size_t i = 0; i < sample.size(); ++i) {
      if (i > 0) {
        EXPECT_LT(sample.grid_index(i - 1), sample.grid_index(i));  // sorted and distinct
      }
      const auto* found =
          std::find(all.grid_indices().data(), all.grid_indices().data() + all.size(),
                    sample.grid_index(i));
      ASSERT_NE(found, all.grid_indices().data() + all.size());
      const auto position = static_cast<std::size_t>(found - all.grid_indices().data());
      EXPECT_EQ(row_of(sample, i), row_of(all, position));
    }
  }
}

TEST_F(ConstrainedGrid, SampleIsDeterministicPerSeed) {
  const ParamTable first = space_.sample(20, 7, constraints_);
  const ParamTable again = space_.sample(20, 7, constraints_);
  const ParamTable other = space_.sample(20, 8, constraints_);
  EXPECT_EQ(first.values(), again.values());
  EXPECT_EQ(first.grid_indices(), again.grid_indices());
  EXPECT_NE(first.grid_indices(), other.grid_indices());
}

TEST_F(ConstrainedGrid, SampleMatchesAnIndependentImplementation) {
  // From a separate Python implementation of splitmix64 seeding, xoshiro256**, Rng::below's
  // rejection rule and Algorithm S over the 174 valid combinations. A change here changes what
  // every published seed selects.
  const ParamTable seed_42 = space_.sample(5, 42, constraints_);
  EXPECT_THAT(seed_42.grid_indices(), ElementsAre(15, 58, 63, 129, 169));
  EXPECT_THAT(row_of(seed_42, 0), ElementsAre(5, 170, 0.5, 0));
  EXPECT_THAT(row_of(seed_42, 1), ElementsAre(20, 30, 0.5, 0));
  EXPECT_THAT(row_of(seed_42, 4), ElementsAre(45, 190, 0.5, 0));
  const ParamTable seed_7 = space_.sample(3, 7, constraints_);
  EXPECT_THAT(seed_7.grid_indices(), ElementsAre(2, 36, 168));
}

TEST_F(ConstrainedGrid, SampleOfAtLeastEverythingIsEverything) {
  const ParamTable all = space_.enumerate(constraints_);
  for (const std::size_t n : {174U, 175U, 1000U}) {
    const ParamTable sample = space_.sample(n, 3, constraints_);
    EXPECT_EQ(sample.grid_indices(), all.grid_indices());
    EXPECT_EQ(sample.values(), all.values());
  }
  EXPECT_TRUE(space_.sample(0, 3, constraints_).empty());
  EXPECT_EQ(space_.sample(1, 3, constraints_).size(), 1U);
}

TEST(ParamSpaceSample, IsUniform) {
  // Over 20000 seeds, 2 of 5 values: each is drawn with probability 0.4 (8000 times, standard
  // deviation about 69) and each of the 10 pairs with probability 0.1 (2000, sd 42).
  const std::vector<ParamSpec> params{spec("a", ParamKind::integer, 1, 1, 5)};
  const ParamSpace space(params, axes({"a=1:5:1"}));
  std::array<int, 5> singles{};
  std::array<int, 25> pairs{};
  constexpr int k_seeds = 20000;
  for (std::uint64_t seed = 0; seed < k_seeds; ++seed) {
    const ParamTable sample = space.sample(2, seed);
    ASSERT_EQ(sample.size(), 2U);
    const std::uint64_t first = sample.grid_index(0);
    const std::uint64_t second = sample.grid_index(1);
    ++singles[first];
    ++singles[second];
    ++pairs[first * 5 + second];
  }
  for (const int hits : singles) {
    EXPECT_NEAR(hits, 8000, 350);
  }
  for (std::size_t first = 0; first < 5; ++first) {
    for (std::size_t second = first + 1; second < 5; ++second) {
      EXPECT_NEAR(pairs[first * 5 + second], 2000, 210) << first << "," << second;
    }
  }
}

TEST(ParamTable, StoresRowsFlat) {
  ParamTable table(2);
  const std::vector<double> a{1, 2};
  const std::vector<double> b{3, 4};
  table.append(a, 7);
  table.append(b, 9);
  EXPECT_EQ(table.size(), 2U);
  EXPECT_THAT(table.values(), ElementsAre(1, 2, 3, 4));
  EXPECT_THAT(row_of(table, 1), ElementsAre(3, 4));
  EXPECT_EQ(table.grid_index(1), 9U);
  const std::vector<double> wrong{1, 2, 3};
  EXPECT_THROW(table.append(wrong, 10), InternalError);
}

}  // namespace
}  // namespace qbt::optimize
