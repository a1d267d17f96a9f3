#include "qbt/strategy/strategy_registry.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/strategy/signal_strategy.hpp"

namespace qbt::strategy {
namespace {

using indicators::ParamArg;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

/// A test strategy with one parameter of each kind and a cross-parameter rule (lag < window).
class Toy final : public SignalStrategy {
public:
  explicit Toy(std::string name = "Toy", double lag_default = 2.0)
      : name_(std::move(name)),
        params_{indicators::integer_param("lag", static_cast<std::int32_t>(lag_default), 1, 100,
                                          "bars back"),
                indicators::integer_param("window", 5, 1, 100, "bars in the window"),
                indicators::real_param("level", 0.5, -1.0, 1.0, "threshold"),
                indicators::bool_param("flip", false, "swap entries and exits")} {}

  [[nodiscard]] std::string_view name() const noexcept override { return name_; }
  [[nodiscard]] std::string_view doc() const noexcept override { return "test strategy"; }
  [[nodiscard]] const std::vector<ParamSpec>& params() const noexcept override { return params_; }
  void validate(const ParamSet& params) const override {
    require_less(*this, params, "lag", "window");
  }
  void series(const ParamSet& /*params*/, std::vector<SeriesKey>& /*out*/) const override {}
  void next_signals(const ParamSet& /*params*/, const data::BarFrame& /*bars*/,
                    std::span<const std::span<const double>> /*series*/, SignalSpans out,
                    SignalCarry& /*carry*/) const override {
    std::fill(out.entries.begin(), out.entries.end(), std::uint8_t{0});
    std::fill(out.exits.begin(), out.exits.end(), std::uint8_t{0});
  }

  std::vector<ParamSpec>& mutable_params() { return params_; }

private:
  std::string name_;
  std::vector<ParamSpec> params_;
};

ParamSet resolve(const SignalStrategy& strategy, std::initializer_list<ParamArg> args) {
  return strategy.resolve(std::span<const ParamArg>(args.begin(), args.size()));
}

TEST(SignalStrategy, ResolveOverridesDefaultsByName) {
  const Toy toy;
  const ParamSet defaults = resolve(toy, {});
  ASSERT_EQ(defaults.size, 4);
  EXPECT_EQ(defaults[0], 2.0);
  EXPECT_EQ(defaults[1], 5.0);
  EXPECT_EQ(defaults[2], 0.5);
  EXPECT_EQ(defaults[3], 0.0);
  const ParamSet set = resolve(toy, {{"level", -0.25}, {"lag", 3}, {"flip", 1}});
  EXPECT_EQ(set[0], 3.0);
  EXPECT_EQ(set[1], 5.0);
  EXPECT_EQ(set[2], -0.25);
  EXPECT_EQ(set[3], 1.0);
  EXPECT_EQ(set.view().size(), 4U);
  EXPECT_FALSE(set == defaults);
  EXPECT_TRUE(set == resolve(toy, {{"lag", 3}, {"flip", 1}, {"level", -0.25}}));
}

TEST(SignalStrategy, ResolveErrorsNameTheStrategyAndParameter) {
  const Toy toy;
  EXPECT_THAT([&] { (void)resolve(toy, {{"lagg", 1}}); },
              ThrowsMessage<UserInputError>(
                  "Toy: unknown parameter 'lagg' (known: lag, window, level, flip)"));
  EXPECT_THAT([&] { (void)resolve(toy, {{"lag", 1}, {"lag", 3}}); },
              ThrowsMessage<UserInputError>("Toy: parameter 'lag' given twice"));
  EXPECT_THAT([&] { (void)resolve(toy, {{"window", 2.5}}); },
              ThrowsMessage<UserInputError>("Toy: parameter 'window' must be an integer, got 2.5"));
  EXPECT_THAT([&] { (void)resolve(toy, {{"lag", 0}}); },
              ThrowsMessage<UserInputError>("Toy: parameter 'lag' must be >= 1, got 0"));
  EXPECT_THAT([&] { (void)resolve(toy, {{"level", 1.5}}); },
              ThrowsMessage<UserInputError>("Toy: parameter 'level' must be <= 1, got 1.5"));
  EXPECT_THAT([&] { (void)resolve(toy, {{"level", std::numeric_limits<double>::quiet_NaN()}}); },
              ThrowsMessage<UserInputError>(
                  "Toy: parameter 'level' must be a finite number, got nan"));
  EXPECT_THAT([&] { (void)resolve(toy, {{"flip", 2}}); },
              ThrowsMessage<UserInputError>(
                  "Toy: parameter 'flip' must be 0 or 1 (false or true), got 2"));
  EXPECT_THAT([&] { (void)resolve(toy, {{"lag", 10}}); },
              ThrowsMessage<UserInputError>("Toy: parameter 'lag' must be < 'window' (10 >= 5)"));
}

TEST(SignalStrategy, ToStringListsEveryParameterInSpecOrder) {
  const Toy toy;
  EXPECT_EQ(toy.to_string(resolve(toy, {})), "Toy(lag=2, window=5, level=0.5, flip=false)");
  EXPECT_EQ(toy.to_string(resolve(toy, {{"flip", 1}, {"level", -1}})),
            "Toy(lag=2, window=5, level=-1, flip=true)");
  const SignalStrategy& sma = builtin_strategies().at("sma_cross");
  EXPECT_EQ(sma.to_string(resolve(sma, {})), "sma_cross(fast=10, slow=50)");
}

TEST(SignalStrategy, ParamIndexIsExact) {
  const Toy toy;
  EXPECT_EQ(toy.param_index("lag"), 0);
  EXPECT_EQ(toy.param_index("flip"), 3);
  EXPECT_EQ(toy.param_index("Lag"), -1);
  EXPECT_EQ(toy.param_index(""), -1);
}

TEST(StrategyRegistry, BuiltinsListedByName) {
  std::vector<std::string> names;
  for (const SignalStrategy* strategy : builtin_strategies().list()) {
    names.emplace_back(strategy->name());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"bbands_reversion", "donchian_breakout", "ema_cross",
                                             "macd_cross", "rsi_threshold", "sma_cross"}));
  EXPECT_EQ(builtin_strategies().size(), 6U);
  EXPECT_EQ(&builtin_strategies(), &builtin_strategies());
}

TEST(StrategyRegistry, FindIgnoresCase) {
  const StrategyRegistry& registry = builtin_strategies();
  ASSERT_NE(registry.find("SMA_Cross"), nullptr);
  EXPECT_EQ(registry.find("SMA_Cross")->name(), "sma_cross");
  EXPECT_EQ(registry.find("sma_cross"), &registry.at("SMA_CROSS"));
  EXPECT_EQ(registry.find("sma"), nullptr);
  EXPECT_EQ(registry.find(""), nullptr);
}

TEST(StrategyRegistry, AtListsTheKnownNames) {
  EXPECT_THAT([] { (void)builtin_strategies().at("smacross"); },
              ThrowsMessage<UserInputError>(
                  "unknown strategy 'smacross' (known: bbands_reversion, donchian_breakout, "
                  "ema_cross, macd_cross, rsi_threshold, sma_cross)"));
  EXPECT_THAT([] { (void)StrategyRegistry().at("x"); },
              ThrowsMessage<UserInputError>("unknown strategy 'x' (known: none)"));
}

TEST(StrategyRegistry, EveryBuiltinIsDocumentedAndItsDefaultsResolve) {
  for (const SignalStrategy* strategy : builtin_strategies().list()) {
    SCOPED_TRACE(std::string(strategy->name()));
    EXPECT_FALSE(strategy->doc().empty());
    EXPECT_LE(strategy->params().size(), k_max_strategy_params);
    for (const ParamSpec& spec : strategy->params()) {
      EXPECT_FALSE(spec.doc.empty()) << spec.name;
      EXPECT_EQ(strategy->param_index(spec.name),
                &spec - strategy->params().data());
    }
    const ParamSet defaults = resolve(*strategy, {});
    EXPECT_EQ(defaults.size, strategy->params().size());
    std::vector<SeriesKey> keys;
    strategy->series(defaults, keys);
    EXPECT_FALSE(keys.empty());
  }
}

TEST(StrategyRegistry, AddReturnsTheStoredStrategy) {
  StrategyRegistry registry;
  const SignalStrategy& added = registry.add(std::make_unique<Toy>());
  EXPECT_EQ(&added, registry.find("toy"));
  EXPECT_EQ(registry.size(), 1U);
}

TEST(StrategyRegistry, RejectsNamesAlreadyTakenIgnoringCase) {
  StrategyRegistry registry;
  registry.add(std::make_unique<Toy>());
  EXPECT_THAT([&] { registry.add(std::make_unique<Toy>("TOY")); },
              ThrowsMessage<InternalError>(HasSubstr("already taken by 'Toy'")));
  EXPECT_EQ(registry.size(), 1U);
}

TEST(StrategyRegistry, RejectsMalformedStrategies) {
  StrategyRegistry registry;
  EXPECT_THROW(registry.add(nullptr), InternalError);
  EXPECT_THROW(registry.add(std::make_unique<Toy>("")), InternalError);
  EXPECT_THAT([&] { registry.add(std::make_unique<Toy>("Late", 7.0)); },
              ThrowsMessage<InternalError>(HasSubstr("defaults fail its own checks")));

  auto bad_default = std::make_unique<Toy>("BadDefault");
  bad_default->mutable_params()[2].default_value = 2.0;
  EXPECT_THROW(registry.add(std::move(bad_default)), InternalError);

  auto repeated = std::make_unique<Toy>("Repeated");
  repeated->mutable_params()[1].name = "lag";
  EXPECT_THROW(registry.add(std::move(repeated)), InternalError);

  auto fractional = std::make_unique<Toy>("Fractional");
  fractional->mutable_params()[0].min_value = 0.5;
  EXPECT_THROW(registry.add(std::move(fractional)), InternalError);

  auto too_many = std::make_unique<Toy>("TooMany");
  for (std::size_t i = 0; i < k_max_strategy_params; ++i) {
    too_many->mutable_params().push_back(
        indicators::real_param("extra" + std::to_string(i), 0.0, 0.0, 1.0, "extra"));
  }
  EXPECT_THROW(registry.add(std::move(too_many)), InternalError);
  EXPECT_EQ(registry.size(), 0U);
}

}  // namespace
}  // namespace qbt::strategy
