#pragma once
/// How the qbt CLI is assembled: one register_*_command() per subcommand file, all called from
/// main.cpp. Callbacks throw qbt::Error on bad input; main turns it into a message and exit code.

#include <CLI/CLI.hpp>

namespace qbt::cli {

void register_data_command(CLI::App& app);
void register_indicator_command(CLI::App& app);
void register_features_command(CLI::App& app);
void register_backtest_command(CLI::App& app);
void register_optimize_command(CLI::App& app);
void register_monitor_command(CLI::App& app);
void register_bench_command(CLI::App& app);
void register_cache_command(CLI::App& app);

}  // namespace qbt::cli
