#pragma once
/// Run the built `qbt` executable in a test and capture what it printed and its exit code.

#include <string>
#include <vector>

namespace qbt::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Run the qbt CLI from the build tree with `args` (each passed as one shell-quoted argument).
[[nodiscard]] CommandResult run_qbt(const std::vector<std::string>& args);

}  // namespace qbt::testing
