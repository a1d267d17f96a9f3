#include "qbt/testing/temp_dir.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace qbt::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "qbt-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot create a temporary directory");
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::file(std::string_view name) const { return (path_ / name).string(); }

std::string TempDir::write(std::string_view name, std::string_view content) const {
  const std::string target = file(name);
  std::ofstream out(target, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) {
    throw std::runtime_error("cannot write " + target);
  }
  return target;
}

}  // namespace qbt::testing
