#pragma once
/// ASCII case folding for names users type (indicators, strategies, feature specs, alert
/// metrics): only A-Z change, so results never depend on the locale.

#include <string>
#include <string_view>

namespace qbt {

/// `text` with A-Z turned into a-z; every other byte unchanged.
[[nodiscard]] inline std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& ch : out) {
    if (ch >= 'A' && ch <= 'Z') {
      ch = static_cast<char>(ch - 'A' + 'a');
    }
  }
  return out;
}

}  // namespace qbt
