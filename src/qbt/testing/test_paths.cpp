#include "qbt/testing/test_paths.hpp"

namespace qbt::testing {

std::string source_path(std::string_view relative) {
  return std::string(QBT_SOURCE_DIR) + "/" + std::string(relative);
}

std::string binary_path(std::string_view relative) {
  return std::string(QBT_BINARY_DIR) + "/" + std::string(relative);
}

}  // namespace qbt::testing
