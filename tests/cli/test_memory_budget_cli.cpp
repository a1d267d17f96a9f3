// `--memory-budget` end to end: 2,000,000 synthetic minute bars in a .qbt file, backtested and
// swept once in memory and once read in chunks under a 32 MB budget, give the same output byte
// for byte (statistics, record files, the equity curve, ranked sweeps), while the chunked run's
// peak resident memory stays a fraction of the in-memory run's. A Parquet file streams row group
// by row group to the same statistics. A CSV larger than the budget and a malformed size are
// user errors with their message.
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "qbt/testing/run_command.hpp"
#include "qbt/testing/temp_dir.hpp"
#include "qbt/testing/test_paths.hpp"

extern char** environ;

namespace qbt {
namespace {

using ::testing::HasSubstr;
using testing::run_qbt;
using testing::TempDir;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct MeasuredRun {
  int exit_code = -1;
  std::string out;
  std::string err;
  std::int64_t peak_rss_kb = 0;  ///< the child's ru_maxrss
};

/// Run qbt with `args` as a direct child and read its own peak resident memory from wait4().
MeasuredRun run_measured(const TempDir& dir, const std::vector<std::string>& args) {
  const std::string binary = testing::binary_path("apps/qbt/qbt");
  const std::string out_path = dir.file("measured.out");
  const std::string err_path = dir.file("measured.err");
  std::vector<std::string> argv_strings{binary};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  pid_t pid = 0;
  MeasuredRun run;
  const int spawned = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    ADD_FAILURE() << "cannot run " << binary;
    return run;
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) {
    ADD_FAILURE() << "wait4 failed";
    return run;
  }
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.peak_rss_kb = usage.ru_maxrss;
  run.out = read_file(out_path);
  run.err = read_file(err_path);
  return run;
}

/// The statistics of a backtest --json output.
nlohmann::json stats_of(const std::string& json_text) {
  return nlohmann::json::parse(json_text).at("stats");
}

class MemoryBudgetCli : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const auto generated = run_qbt({"data", "generate", "--bars", "2000000", "--seed", "7",
                                    "--volatility", "0.4", "--out", dir_->file("bars.qbt")});
    ASSERT_EQ(generated.exit_code, 0) << generated.err;
    const auto small = run_qbt({"data", "generate", "--bars", "200000", "--seed", "8",
                                "--volatility", "0.4", "--out", dir_->file("small.qbt")});
    ASSERT_EQ(small.exit_code, 0) << small.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string bars() { return dir_->file("bars.qbt"); }
  /// 200,000 bars, for outputs that grow with the bars (the equity curve).
  static std::string small_bars() { return dir_->file("small.qbt"); }

  static TempDir* dir_;
};

TempDir* MemoryBudgetCli::dir_ = nullptr;

TEST_F(MemoryBudgetCli, BacktestInChunksPrintsTheSameJsonInAFractionOfTheMemory) {
  const std::vector<std::string> backtest{
      "backtest", bars(),   "--strategy", "sma_cross", "--param", "fast=10", "--param",
      "slow=50",  "--fees", "0.0005",     "--sl",      "0.01",    "--json"};
  const MeasuredRun whole = run_measured(*dir_, backtest);
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  std::vector<std::string> budgeted = backtest;
  budgeted.insert(budgeted.end(), {"--memory-budget", "32MB"});
  const MeasuredRun chunked = run_measured(*dir_, budgeted);
  ASSERT_EQ(chunked.exit_code, 0) << chunked.err;
  EXPECT_EQ(chunked.out, whole.out);  // every key: data, options, stats, orders
  EXPECT_THAT(chunked.err, HasSubstr("reading it in chunks"));
  EXPECT_GT(stats_of(whole.out).at("total_trades").get<std::int64_t>(), 100);
#if !defined(__SANITIZE_ADDRESS__)  // ASan's shadow memory and quarantine swamp resident memory
  // 96 MB of bars plus their series and curves in memory; 32 MB of budget plus the process's
  // baseline (about 11 MB) in chunks.
  EXPECT_GT(whole.peak_rss_kb, 150 * 1024) << "in memory";
  EXPECT_LT(chunked.peak_rss_kb, 56 * 1024) << "in chunks";
  EXPECT_LT(chunked.peak_rss_kb * 3, whole.peak_rss_kb);
#endif
}

TEST_F(MemoryBudgetCli, RecordFilesInChunksMatchTheInMemoryOnes) {
  const std::vector<std::string> backtest{"backtest", small_bars(), "--strategy", "ema_cross",
                                          "--param",  "fast=20",    "--param",    "slow=80",
                                          "--fill",   "next_open"};
  const auto with_files = [&](const std::string& tag, std::vector<std::string> extra) {
    std::vector<std::string> args = backtest;
    args.insert(args.end(),
                {"--trades", dir_->file(tag + ".trades.csv"), "--orders",
                 dir_->file(tag + ".orders.csv"), "--equity", dir_->file(tag + ".equity.csv")});
    args.insert(args.end(), extra.begin(), extra.end());
    return run_qbt(args);
  };
  const auto whole = with_files("whole", {});
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  const auto chunked = with_files("chunked", {"--memory-budget", "4MiB"});
  ASSERT_EQ(chunked.exit_code, 0) << chunked.err;
  EXPECT_THAT(chunked.err, HasSubstr("reading it in chunks"));
  EXPECT_EQ(chunked.out, whole.out);  // the statistics table
  for (const char* file : {".trades.csv", ".orders.csv", ".equity.csv"}) {
    const std::string expected = read_file(dir_->file(std::string("whole") + file));
    EXPECT_EQ(read_file(dir_->file(std::string("chunked") + file)), expected) << file;
    EXPECT_GT(expected.size(), 100U) << file;
  }
}

TEST_F(MemoryBudgetCli, SweepInChunksRanksTheSameStatistics) {
  const std::vector<std::string> optimize{
      "optimize", bars(),        "--strategy",  "sma_cross", "--grid", "fast=5,10,20",
      "--grid",   "slow=50,100", "--direction", "both",      "--json", "--top",
      "6"};
  const auto whole = run_qbt(optimize);
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  std::vector<std::string> budgeted = optimize;
  budgeted.insert(budgeted.end(), {"--memory-budget", "32MB", "--threads", "2"});
  const auto chunked = run_qbt(budgeted);
  ASSERT_EQ(chunked.exit_code, 0) << chunked.err;
  EXPECT_EQ(chunked.out, whole.out);
  EXPECT_THAT(chunked.err, HasSubstr("reading it in chunks"));
}

TEST_F(MemoryBudgetCli, DataThatFitsRunsInMemoryWithoutANote) {
  const auto run = run_qbt(
      {"backtest", small_bars(), "--strategy", "sma_cross", "--json", "--memory-budget", "2GB"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
}

TEST_F(MemoryBudgetCli, ParquetStreamsRowGroupByRowGroupToTheSameStatistics) {
  const std::string parquet = dir_->file("bars.parquet");
  const auto converted =
      run_qbt({"data", "convert", bars(), parquet, "--row-group-rows", "250000"});
  ASSERT_EQ(converted.exit_code, 0) << converted.err;
  const std::vector<std::string> backtest{"backtest", parquet, "--strategy", "rsi_threshold",
                                          "--json"};
  const auto whole = run_qbt(backtest);
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  std::vector<std::string> budgeted = backtest;
  budgeted.insert(budgeted.end(), {"--memory-budget", "64MB"});
  const auto chunked = run_qbt(budgeted);
  ASSERT_EQ(chunked.exit_code, 0) << chunked.err;
  EXPECT_EQ(chunked.out, whole.out);
  EXPECT_THAT(chunked.err, HasSubstr("reading it in chunks"));
}

TEST(MemoryBudgetCliErrors, CsvLargerThanTheBudgetNamesTheConversion) {
  const TempDir dir;
  const std::string csv = testing::source_path("data/backtrader/2006-day-001.txt");
  const auto run = run_qbt({"backtest", csv, "--strategy", "sma_cross", "--memory-budget", "1kB"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err,
              HasSubstr("more than --memory-budget 1.0 kB, and CSV cannot be read in chunks"));
  EXPECT_THAT(run.err, HasSubstr("qbt data convert"));
  EXPECT_EQ(run.out, "");
  // The same file within the budget simply loads.
  const auto fits = run_qbt({"backtest", csv, "--strategy", "sma_cross", "--memory-budget", "1GB"});
  EXPECT_EQ(fits.exit_code, 0) << fits.err;
}

TEST(MemoryBudgetCliErrors, MalformedSizesAreRejected) {
  const std::string csv = testing::source_path("data/backtrader/2006-day-001.txt");
  for (const char* size : {"lots", "12XB", "-5MB"}) {
    const auto run = run_qbt({"optimize", csv, "--strategy", "sma_cross", "--grid", "fast=5,10",
                              std::string("--memory-budget=") + size});
    EXPECT_EQ(run.exit_code, 1) << size;
    EXPECT_THAT(run.err, HasSubstr("--memory-budget")) << size;
    EXPECT_THAT(run.err, HasSubstr("expected a size such as 512MB, 2GB, 1.5GiB")) << size;
  }
}

}  // namespace
}  // namespace qbt
