#include "qbt/features/feature_table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "qbt/core/error.hpp"

namespace qbt::features {

std::optional<std::size_t> FeatureTable::find(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) {
      return i;
    }
  }
  return std::nullopt;
}

std::span<const double> FeatureTable::column(std::string_view name) const {
  if (const auto index = find(name)) {
    return column(*index);
  }
  throw UserInputError(fmt::format("no feature column '{}' (columns: {})", name,
                                   fmt::join(names_, ", ")));
}

void FeatureTable::add_column(std::string name, const double* values,
                              std::shared_ptr<const void> owner) {
  names_.push_back(std::move(name));
  columns_.push_back(values);
  owners_.push_back(std::move(owner));
}

}  // namespace qbt::features
