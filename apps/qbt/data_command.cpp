#include "command.hpp"

namespace qbt::cli {

void register_data_command(CLI::App& app) {
  auto* data = app.add_subcommand("data", "Generate, convert, resample and inspect bar data");
  data->require_subcommand(1);
}

}  // namespace qbt::cli
