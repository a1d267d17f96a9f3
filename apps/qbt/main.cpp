#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "command.hpp"
#include "qbt/core/error.hpp"
#include "qbt/core/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"qbt: backtesting and quantitative research engine", "qbt"};
  app.set_version_flag("--version", fmt::format("qbt {} ({}, {})", qbt::version(),
                                                qbt::build_type(), qbt::compiler()));
  app.require_subcommand(1);
  qbt::cli::register_data_command(app);
  qbt::cli::register_indicator_command(app);
  qbt::cli::register_features_command(app);
  qbt::cli::register_backtest_command(app);
  qbt::cli::register_optimize_command(app);
  qbt::cli::register_monitor_command(app);
  qbt::cli::register_bench_command(app);
  qbt::cli::register_cache_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints the usage error
    return 1;
  } catch (const qbt::Error& e) {
    std::fflush(stdout);
    fmt::print(stderr, "qbt: error: {}\n", e.what());
    return qbt::exit_code_for(e.category());
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "qbt: internal error: out of memory\n");
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "qbt: internal error: {}\n", e.what());
    return 2;
  }
  return 0;
}
