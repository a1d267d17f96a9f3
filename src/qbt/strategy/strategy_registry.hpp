#pragma once
/// Signal strategies by name: the CLI, the optimizer and Python find a strategy here from what a
/// user typed, in any case.

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "qbt/strategy/signal_strategy.hpp"

namespace qbt::strategy {

/// A set of strategies, looked up case-insensitively by name. Filled once at start-up and
/// read-only afterwards, so concurrent lookups are safe.
class StrategyRegistry {
public:
  StrategyRegistry() = default;
  StrategyRegistry(const StrategyRegistry&) = delete;
  StrategyRegistry& operator=(const StrategyRegistry&) = delete;
  StrategyRegistry(StrategyRegistry&&) noexcept = default;
  StrategyRegistry& operator=(StrategyRegistry&&) noexcept = default;
  ~StrategyRegistry() = default;

  /// Register a strategy. A malformed one (no name or doc, bad parameter specs, defaults that
  /// fail its own validate()) or a name already taken, ignoring case, is a bug: InternalError.
  const SignalStrategy& add(std::unique_ptr<SignalStrategy> strategy);

  /// The strategy called `name`, ignoring case; nullptr if none.
  [[nodiscard]] const SignalStrategy* find(std::string_view name) const noexcept;
  /// Like find(), but throws UserInputError `unknown strategy 'x' (known: a, b, ...)`.
  [[nodiscard]] const SignalStrategy& at(std::string_view name) const;

  /// Every strategy, ordered by name (a deterministic order).
  [[nodiscard]] std::vector<const SignalStrategy*> list() const;
  [[nodiscard]] std::size_t size() const noexcept { return strategies_.size(); }

private:
  std::vector<std::unique_ptr<SignalStrategy>> strategies_;
  std::map<std::string, const SignalStrategy*, std::less<>> by_key_;  ///< lower-cased names
};

/// Every built-in strategy; built once on first use, thread-safe, immutable.
[[nodiscard]] const StrategyRegistry& builtin_strategies();

/// Add every built-in strategy to `registry` (what builtin_strategies() is made of).
void register_builtin_strategies(StrategyRegistry& registry);

}  // namespace qbt::strategy
