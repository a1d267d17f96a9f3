#pragma once
/// Where tests find the repository's data files and the built executables.

#include <string>
#include <string_view>

namespace qbt::testing {

/// Absolute path of `relative` inside the source tree, e.g. `data/backtrader/2006-day-001.txt`.
[[nodiscard]] std::string source_path(std::string_view relative);
/// Absolute path of `relative` inside the build tree, e.g. `apps/qbt/qbt`.
[[nodiscard]] std::string binary_path(std::string_view relative);

}  // namespace qbt::testing
