#pragma once
/// The registry of every indicator qbt ships, built once on first use and read-only afterwards.

#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

/// Every built-in indicator; thread-safe, immutable.
[[nodiscard]] const IndicatorRegistry& builtin_indicators();

/// Add every built-in indicator to `registry` (what builtin_indicators() is made of).
void register_builtin_indicators(IndicatorRegistry& registry);

}  // namespace qbt::indicators
