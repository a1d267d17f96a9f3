#pragma once
/// A scratch directory for one test, removed with everything in it when the object dies.

#include <filesystem>
#include <string>
#include <string_view>

namespace qbt::testing {

class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  /// Path of `name` inside the directory, as a string.
  [[nodiscard]] std::string file(std::string_view name) const;
  /// Write `content` to `name` inside the directory and return its path.
  std::string write(std::string_view name, std::string_view content) const;

private:
  std::filesystem::path path_;
};

}  // namespace qbt::testing
