#pragma once
/// Indicators by name: the CLI, the optimizer, the feature matrix and Python find an indicator
/// here from what a user typed, under its canonical name or any backtrader alias, in any case.

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "qbt/indicators/indicator.hpp"

namespace qbt::indicators {

/// A set of indicators, looked up case-insensitively by name or alias. Filled once at start-up
/// and read-only afterwards, so concurrent lookups are safe.
class IndicatorRegistry {
public:
  IndicatorRegistry() = default;
  IndicatorRegistry(const IndicatorRegistry&) = delete;
  IndicatorRegistry& operator=(const IndicatorRegistry&) = delete;
  IndicatorRegistry(IndicatorRegistry&&) noexcept = default;
  IndicatorRegistry& operator=(IndicatorRegistry&&) noexcept = default;
  ~IndicatorRegistry() = default;

  /// Register an indicator. A malformed definition or a name/alias that is already taken
  /// (ignoring case) is a bug in the indicator: InternalError.
  const Indicator& add(IndicatorDef def);

  /// The indicator called `name` (or with that alias), ignoring case; nullptr if none.
  [[nodiscard]] const Indicator* find(std::string_view name) const noexcept;
  /// Like find(), but throws UserInputError `unknown indicator 'SMAA' (did you mean 'SMA'?)`.
  [[nodiscard]] const Indicator& at(std::string_view name) const;

  /// Every indicator, ordered by canonical name ignoring case (a deterministic order).
  [[nodiscard]] std::vector<const Indicator*> list() const;
  [[nodiscard]] std::size_t size() const noexcept { return indicators_.size(); }

private:
  std::vector<std::unique_ptr<Indicator>> indicators_;
  std::map<std::string, const Indicator*, std::less<>> by_key_;  ///< lower-cased names, aliases
};

}  // namespace qbt::indicators
