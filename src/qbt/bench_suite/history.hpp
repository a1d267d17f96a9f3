#pragma once
/// The benchmark history: every `qbt bench run` appended to a SQLite database, for
/// `compare --baseline latest` and the trend in `qbt bench report`. Each run is stored whole (its
/// JSON document, so it loads back exactly) and as rows per workload and per target, so the
/// trend of one workload is one indexed query and the database is easy to query by hand:
///
///     sqlite3 ~/.cache/qbt/bench_history.sqlite "SELECT r.timestamp, w.median_seconds
///       FROM results w JOIN runs r ON r.id = w.run_id
///       WHERE w.workload = 'backtest.vector.minute_525600' ORDER BY r.id"
///
/// The schema is in docs/benchmarks.md.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qbt/bench_suite/run_record.hpp"

struct sqlite3;

namespace qbt::bench_suite {

/// Where the history lives unless --history says otherwise: `$XDG_CACHE_HOME/qbt/
/// bench_history.sqlite`, or `~/.cache/qbt/bench_history.sqlite`; `bench_history.sqlite` in the
/// current directory when neither variable is set. A per-user cache outside the build tree: it
/// survives `make clean` and rebuilds, and belongs to the machine, where timings compare.
[[nodiscard]] std::filesystem::path default_history_path();

/// One run in the history's list.
struct RunSummary {
  std::int64_t id = 0;
  std::string timestamp;
  SuiteMode mode = SuiteMode::full;
  std::string git_commit;
  std::string hostname;
};

/// One workload's numbers in one stored run.
struct TrendPoint {
  std::int64_t run_id = 0;
  std::string timestamp;
  std::string git_commit;
  double median_seconds = k_not_measured;
  double rate = k_not_measured;
  std::int64_t peak_rss_bytes = 0;
};

/// A workload's numbers over the stored runs, oldest first.
struct WorkloadTrend {
  std::string workload;
  std::string rate_unit;
  std::vector<TrendPoint> points;
};

enum class HistoryAccess : std::uint8_t {
  read,        ///< the database must exist
  read_write,  ///< created with its directories when missing
};

class History {
public:
  /// Open the database at `path`. IoError naming the path when it cannot be opened or created,
  /// or (read) does not exist; DataError when it is not a qbt benchmark history.
  explicit History(const std::filesystem::path& path,
                   HistoryAccess access = HistoryAccess::read_write);
  ~History();
  History(const History&) = delete;
  History& operator=(const History&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

  /// Store `run` in one transaction; returns its id (ids grow with every append).
  std::int64_t append(const RunRecord& run);

  /// The run stored under `id`, with RunRecord::id set; nullopt when there is none.
  [[nodiscard]] std::optional<RunRecord> load(std::int64_t id) const;

  /// The most recent run (highest id), only of `mode` when given, only older than `before_id`
  /// when that is > 0; nullopt when there is none.
  [[nodiscard]] std::optional<RunRecord> latest(std::optional<SuiteMode> mode = std::nullopt,
                                                std::int64_t before_id = 0) const;

  /// The most recent `limit` runs (all when 0), oldest first.
  [[nodiscard]] std::vector<RunSummary> runs(std::size_t limit = 0) const;

  /// The last `limit` stored results of `workload` that ran on `hostname`, oldest first.
  [[nodiscard]] WorkloadTrend trend(std::string_view workload, std::string_view hostname,
                                    std::size_t limit) const;

private:
  void execute(const char* sql) const;

  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
};

}  // namespace qbt::bench_suite
