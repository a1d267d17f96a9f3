#pragma once
/// Run a built executable (the `qbt` CLI, an example) in a test and capture what it printed and
/// its exit code.

#include <string>
#include <vector>

namespace qbt::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Run the program at `path` with `args` (each passed as one shell-quoted argument).
[[nodiscard]] CommandResult run_program(const std::string& path, const std::vector<std::string>& args);

/// Run the qbt CLI from the build tree with `args` (each passed as one shell-quoted argument).
[[nodiscard]] CommandResult run_qbt(const std::vector<std::string>& args);

}  // namespace qbt::testing
