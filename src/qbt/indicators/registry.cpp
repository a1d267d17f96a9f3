#include "qbt/indicators/registry.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "qbt/core/ascii.hpp"
#include "qbt/core/error.hpp"

namespace qbt::indicators {

namespace {

/// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

const Indicator& IndicatorRegistry::add(IndicatorDef def) {
  auto indicator = std::make_unique<Indicator>(std::move(def));
  std::vector<std::string> keys{ascii_lower(indicator->name())};
  for (const std::string& alias : indicator->aliases()) {
    keys.push_back(ascii_lower(alias));
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto taken = by_key_.find(keys[i]);
    if (taken != by_key_.end() || std::count(keys.begin(), keys.begin() + i, keys[i]) > 0) {
      throw InternalError(fmt::format(
          "indicator '{}': name '{}' is already taken{}", indicator->name(), keys[i],
          taken != by_key_.end() ? fmt::format(" by '{}'", taken->second->name()) : ""));
    }
  }
  const Indicator* stored = indicator.get();
  for (std::string& key : keys) {
    by_key_.emplace(std::move(key), stored);
  }
  indicators_.push_back(std::move(indicator));
  return *stored;
}

const Indicator* IndicatorRegistry::find(std::string_view name) const noexcept {
  const auto it = by_key_.find(ascii_lower(name));
  return it == by_key_.end() ? nullptr : it->second;
}

const Indicator& IndicatorRegistry::at(std::string_view name) const {
  if (const Indicator* indicator = find(name)) {
    return *indicator;
  }
  const std::string wanted = ascii_lower(name);
  std::string best;
  std::size_t best_distance = 3;  // suggest only close matches
  for (const auto& [key, indicator] : by_key_) {
    const std::size_t distance = edit_distance(wanted, key);
    if (distance < best_distance) {
      best_distance = distance;
      best = indicator->name();
    }
  }
  throw UserInputError(fmt::format("unknown indicator {}{}", quote_excerpt(name),
                                   best.empty() ? "" : fmt::format(" (did you mean '{}'?)", best)));
}

std::vector<const Indicator*> IndicatorRegistry::list() const {
  std::vector<const Indicator*> out;
  out.reserve(indicators_.size());
  for (const auto& indicator : indicators_) {
    out.push_back(indicator.get());
  }
  std::sort(out.begin(), out.end(), [](const Indicator* a, const Indicator* b) {
    return ascii_lower(a->name()) < ascii_lower(b->name());
  });
  return out;
}

}  // namespace qbt::indicators
