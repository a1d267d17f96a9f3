#include "qbt/testing/run_command.hpp"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "qbt/testing/temp_dir.hpp"
#include "qbt/testing/test_paths.hpp"

namespace qbt::testing {

namespace {
std::string shell_quote(const std::string& arg) {
  std::string out = "'";
  for (const char c : arg) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}
}  // namespace

CommandResult run_program(const std::string& path, const std::vector<std::string>& args) {
  const TempDir dir;
  std::string command = shell_quote(path);
  // Appended piece by piece: `" " + shell_quote(arg)` trips GCC 12's -Wrestrict false positive.
  for (const std::string& arg : args) {
    command += ' ';
    command += shell_quote(arg);
  }
  command += " >";
  command += shell_quote(dir.file("out"));
  command += " 2>";
  command += shell_quote(dir.file("err"));
  const int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = slurp(dir.file("out"));
  result.err = slurp(dir.file("err"));
  return result;
}

CommandResult run_qbt(const std::vector<std::string>& args) {
  return run_program(binary_path("apps/qbt/qbt"), args);
}

}  // namespace qbt::testing
