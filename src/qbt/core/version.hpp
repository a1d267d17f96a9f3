#pragma once
/// Version and build information, for `--version`, reports and cache keys.

#include <string>

namespace qbt {

[[nodiscard]] const char* version() noexcept;
[[nodiscard]] const char* build_type() noexcept;
[[nodiscard]] const char* compiler() noexcept;

}  // namespace qbt
