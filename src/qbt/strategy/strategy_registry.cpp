#include "qbt/strategy/strategy_registry.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "qbt/core/ascii.hpp"
#include "qbt/core/error.hpp"
#include "qbt/strategy/bbands_reversion.hpp"
#include "qbt/strategy/donchian_breakout.hpp"
#include "qbt/strategy/ema_cross.hpp"
#include "qbt/strategy/macd_cross.hpp"
#include "qbt/strategy/rsi_threshold.hpp"
#include "qbt/strategy/sma_cross.hpp"

namespace qbt::strategy {

namespace {

/// Reject a malformed strategy definition: a bug in the strategy, not in the user's input.
void check_definition(const SignalStrategy& strategy) {
  const auto fail = [&](std::string_view what) {
    throw InternalError(fmt::format("strategy '{}': {}", strategy.name(), what));
  };
  if (strategy.name().empty()) {
    fail("has no name");
  }
  if (strategy.doc().empty()) {
    fail("has no doc");
  }
  const std::vector<ParamSpec>& specs = strategy.params();
  if (specs.size() > k_max_strategy_params) {
    fail(fmt::format("declares more than {} parameters", k_max_strategy_params));
  }
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const ParamSpec& spec = specs[i];
    if (spec.name.empty() || spec.doc.empty()) {
      fail(fmt::format("parameter {} needs a name and a doc", i));
    }
    if (!(spec.min_value <= spec.default_value && spec.default_value <= spec.max_value)) {
      fail(fmt::format("parameter '{}' has a default outside its range", spec.name));
    }
    if (spec.kind != indicators::ParamKind::real &&
        (std::trunc(spec.default_value) != spec.default_value ||
         std::trunc(spec.min_value) != spec.min_value)) {
      fail(fmt::format("parameter '{}' is integral but has a fractional default or minimum",
                       spec.name));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (specs[j].name == spec.name) {
        fail(fmt::format("declares parameter '{}' twice", spec.name));
      }
    }
  }
  try {
    static_cast<void>(strategy.resolve({}));
  } catch (const UserInputError& error) {
    fail(fmt::format("its defaults fail its own checks: {}", error.message()));
  }
}

}  // namespace

const SignalStrategy& StrategyRegistry::add(std::unique_ptr<SignalStrategy> strategy) {
  if (strategy == nullptr) {
    throw InternalError("StrategyRegistry::add given no strategy");
  }
  check_definition(*strategy);
  std::string key = ascii_lower(strategy->name());
  if (const auto taken = by_key_.find(key); taken != by_key_.end()) {
    throw InternalError(fmt::format("strategy '{}': name is already taken by '{}'",
                                    strategy->name(), taken->second->name()));
  }
  const SignalStrategy* stored = strategy.get();
  by_key_.emplace(std::move(key), stored);
  strategies_.push_back(std::move(strategy));
  return *stored;
}

const SignalStrategy* StrategyRegistry::find(std::string_view name) const noexcept {
  const auto it = by_key_.find(ascii_lower(name));
  return it == by_key_.end() ? nullptr : it->second;
}

const SignalStrategy& StrategyRegistry::at(std::string_view name) const {
  if (const SignalStrategy* strategy = find(name)) {
    return *strategy;
  }
  std::string known;
  for (const SignalStrategy* strategy : list()) {
    known += (known.empty() ? "" : ", ") + std::string(strategy->name());
  }
  throw UserInputError(fmt::format("unknown strategy {} (known: {})", quote_excerpt(name),
                                   known.empty() ? "none" : known));
}

std::vector<const SignalStrategy*> StrategyRegistry::list() const {
  std::vector<const SignalStrategy*> out;
  out.reserve(strategies_.size());
  for (const auto& strategy : strategies_) {
    out.push_back(strategy.get());
  }
  std::sort(out.begin(), out.end(), [](const SignalStrategy* a, const SignalStrategy* b) {
    return ascii_lower(a->name()) < ascii_lower(b->name());
  });
  return out;
}

void register_builtin_strategies(StrategyRegistry& registry) {
  registry.add(make_bbands_reversion());
  registry.add(make_donchian_breakout());
  registry.add(make_ema_cross());
  registry.add(make_macd_cross());
  registry.add(make_rsi_threshold());
  registry.add(make_sma_cross());
}

const StrategyRegistry& builtin_strategies() {
  static const StrategyRegistry registry = [] {
    StrategyRegistry built;
    register_builtin_strategies(built);
    return built;
  }();
  return registry;
}

}  // namespace qbt::strategy
