#include "qbt/bench_suite/history.hpp"

#include <sqlite3.h>

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "qbt/core/error.hpp"

namespace qbt::bench_suite {

namespace {

constexpr const char* k_schema_version = "1";

constexpr const char* k_schema = R"sql(
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  timestamp TEXT NOT NULL,
  mode TEXT NOT NULL,
  filter TEXT NOT NULL,
  git_commit TEXT NOT NULL,
  qbt_version TEXT NOT NULL,
  build_type TEXT NOT NULL,
  compiler TEXT NOT NULL,
  hostname TEXT NOT NULL,
  cpu_model TEXT NOT NULL,
  logical_cpus INTEGER NOT NULL,
  memory_bytes INTEGER NOT NULL,
  wall_seconds REAL,
  document TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  workload TEXT NOT NULL,
  status TEXT NOT NULL,
  items REAL,
  median_seconds REAL,
  min_seconds REAL,
  rate REAL,
  rate_unit TEXT NOT NULL,
  checksum TEXT NOT NULL,
  cpu_seconds REAL,
  peak_rss_bytes INTEGER NOT NULL,
  PRIMARY KEY (run_id, workload)
);
CREATE INDEX IF NOT EXISTS results_by_workload ON results (workload, run_id);
CREATE TABLE IF NOT EXISTS targets (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  measured REAL,
  status TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
);
)sql";

[[noreturn]] void fail(sqlite3* db, const std::filesystem::path& path, std::string_view what) {
  throw IoError(fmt::format("benchmark history: {}: {}", what,
                            db != nullptr ? sqlite3_errmsg(db) : "out of memory"),
                ErrorLocation{path.string()});
}

/// A prepared statement with positional binding (1-based, in call order).
class Statement {
public:
  Statement(sqlite3* db, const std::filesystem::path& path, const char* sql)
      : db_(db), path_(path) {
    if (sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr) != SQLITE_OK) {
      fail(db_, path_, "cannot prepare a query");
    }
  }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(std::string_view text) {
    check(sqlite3_bind_text(statement_, ++index_, text.data(), static_cast<int>(text.size()),
                            SQLITE_TRANSIENT));
    return *this;
  }
  Statement& bind(std::int64_t value) {
    check(sqlite3_bind_int64(statement_, ++index_, value));
    return *this;
  }
  /// NaN is stored as NULL.
  Statement& bind(double value) {
    check(std::isnan(value) ? sqlite3_bind_null(statement_, ++index_)
                            : sqlite3_bind_double(statement_, ++index_, value));
    return *this;
  }

  /// Advance; true while a row is available.
  bool step() {
    const int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) {
      return true;
    }
    if (code != SQLITE_DONE) {
      fail(db_, path_, "query failed");
    }
    return false;
  }

  [[nodiscard]] std::int64_t integer(int column) const {
    return sqlite3_column_int64(statement_, column);
  }
  [[nodiscard]] double real(int column) const {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL
               ? k_not_measured
               : sqlite3_column_double(statement_, column);
  }
  [[nodiscard]] std::string text(int column) const {
    const auto* data = sqlite3_column_text(statement_, column);
    const int size = sqlite3_column_bytes(statement_, column);
    return data == nullptr ? std::string()
                           : std::string(reinterpret_cast<const char*>(data),
                                         static_cast<std::size_t>(size));
  }

private:
  void check(int code) const {
    if (code != SQLITE_OK) {
      fail(db_, path_, "cannot bind a value");
    }
  }

  sqlite3* db_;
  const std::filesystem::path& path_;
  sqlite3_stmt* statement_ = nullptr;
  int index_ = 0;
};

SuiteMode mode_of(const std::string& text) {
  return text == "quick" ? SuiteMode::quick : SuiteMode::full;
}

}  // namespace

std::filesystem::path default_history_path() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg != nullptr && *xdg == '/') {
    return std::filesystem::path(xdg) / "qbt" / "bench_history.sqlite";
  }
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home != '\0') {
    return std::filesystem::path(home) / ".cache" / "qbt" / "bench_history.sqlite";
  }
  return "bench_history.sqlite";
}

History::History(const std::filesystem::path& path, HistoryAccess access) : path_(path) {
  std::error_code error;
  if (access == HistoryAccess::read) {
    if (!std::filesystem::exists(path, error)) {
      throw IoError("no benchmark history here (run `qbt bench run` first, or pass --history)",
                    ErrorLocation{path.string()});
    }
  } else if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), error);
    if (error) {
      throw IoError(fmt::format("cannot create the directory of the benchmark history: {}",
                                error.message()),
                    ErrorLocation{path.string()});
    }
  }
  const int flags = access == HistoryAccess::read
                        ? SQLITE_OPEN_READONLY
                        : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    const std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw IoError(fmt::format("cannot open the benchmark history: {}", message),
                  ErrorLocation{path.string()});
  }
  try {
    sqlite3_busy_timeout(db_, 5000);
    execute("PRAGMA foreign_keys = ON");
    if (access == HistoryAccess::read_write) {
      execute("BEGIN");
      execute(k_schema);
      Statement version(db_, path_, "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)");
      version.bind(std::string_view("schema_version")).bind(std::string_view(k_schema_version));
      version.step();
      execute("COMMIT");
    }
    Statement version(db_, path_, "SELECT value FROM meta WHERE key = 'schema_version'");
    if (!version.step() || version.text(0) != k_schema_version) {
      throw DataError(fmt::format("not a qbt benchmark history of schema version {}",
                                  k_schema_version),
                      ErrorLocation{path.string()});
    }
  } catch (const DataError&) {
    sqlite3_close(db_);
    throw;
  } catch (const IoError& e) {
    sqlite3_close(db_);
    // A file that is not a database, or lacks the tables, is not a history.
    throw DataError(fmt::format("not a qbt benchmark history ({})", e.message()),
                    ErrorLocation{path.string()});
  }
}

History::~History() { sqlite3_close(db_); }

void History::execute(const char* sql) const {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string text = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    throw IoError(fmt::format("benchmark history: {}", text), ErrorLocation{path_.string()});
  }
}

std::int64_t History::append(const RunRecord& run) {
  execute("BEGIN IMMEDIATE");
  try {
    Statement insert(db_, path_,
                     "INSERT INTO runs (timestamp, mode, filter, git_commit, qbt_version, "
                     "build_type, compiler, hostname, cpu_model, logical_cpus, memory_bytes, "
                     "wall_seconds, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(run.timestamp)
        .bind(std::string_view(to_string(run.mode)))
        .bind(run.filter)
        .bind(run.machine.git_commit)
        .bind(run.machine.qbt_version)
        .bind(run.machine.build_type)
        .bind(run.machine.compiler)
        .bind(run.machine.hostname)
        .bind(run.machine.cpu_model)
        .bind(std::int64_t{run.machine.logical_cpus})
        .bind(run.machine.memory_bytes)
        .bind(run.wall_seconds)
        .bind(to_json(run, -1));
    insert.step();
    const std::int64_t id = sqlite3_last_insert_rowid(db_);
    for (const WorkloadResult& r : run.workloads) {
      Statement row(db_, path_,
                    "INSERT INTO results (run_id, workload, status, items, median_seconds, "
                    "min_seconds, rate, rate_unit, checksum, cpu_seconds, peak_rss_bytes) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      row.bind(id)
          .bind(r.name)
          .bind(std::string_view(to_string(r.status)))
          .bind(r.items)
          .bind(r.median_seconds)
          .bind(r.min_seconds)
          .bind(r.rate)
          .bind(r.rate_unit)
          .bind(r.checksum)
          .bind(r.cpu_seconds)
          .bind(r.peak_rss_bytes);
      row.step();
    }
    for (const TargetRow& t : run.targets) {
      Statement row(db_, path_,
                    "INSERT INTO targets (run_id, key, measured, status) VALUES (?, ?, ?, ?)");
      row.bind(id).bind(t.key).bind(t.measured).bind(std::string_view(to_string(t.status)));
      row.step();
    }
    execute("COMMIT");
    return id;
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::optional<RunRecord> History::load(std::int64_t id) const {
  Statement query(db_, path_, "SELECT document FROM runs WHERE id = ?");
  query.bind(id);
  if (!query.step()) {
    return std::nullopt;
  }
  RunRecord run = parse_run_record(query.text(0), fmt::format("{} run {}", path_.string(), id));
  run.id = id;
  return run;
}

std::optional<RunRecord> History::latest(std::optional<SuiteMode> mode,
                                         std::int64_t before_id) const {
  Statement query(db_, path_,
                  "SELECT id FROM runs WHERE (? = '' OR mode = ?) AND (? <= 0 OR id < ?) "
                  "ORDER BY id DESC LIMIT 1");
  const std::string_view mode_text = mode ? to_string(*mode) : "";
  query.bind(mode_text).bind(mode_text).bind(before_id).bind(before_id);
  if (!query.step()) {
    return std::nullopt;
  }
  return load(query.integer(0));
}

std::vector<RunSummary> History::runs(std::size_t limit) const {
  Statement query(db_, path_,
                  "SELECT id, timestamp, mode, git_commit, hostname FROM runs ORDER BY id DESC "
                  "LIMIT ?");
  query.bind(limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(limit));
  std::vector<RunSummary> out;
  while (query.step()) {
    out.push_back({query.integer(0), query.text(1), mode_of(query.text(2)), query.text(3),
                   query.text(4)});
  }
  return {out.rbegin(), out.rend()};
}

WorkloadTrend History::trend(std::string_view workload, std::string_view hostname,
                             std::size_t limit) const {
  Statement query(db_, path_,
                  "SELECT r.id, r.timestamp, r.git_commit, w.median_seconds, w.rate, "
                  "w.peak_rss_bytes, w.rate_unit FROM results w JOIN runs r ON r.id = w.run_id "
                  "WHERE w.workload = ? AND r.hostname = ? AND w.status = 'ok' "
                  "ORDER BY r.id DESC LIMIT ?");
  query.bind(workload).bind(hostname).bind(
      limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(limit));
  WorkloadTrend out;
  out.workload = std::string(workload);
  while (query.step()) {
    out.points.push_back({query.integer(0), query.text(1), query.text(2), query.real(3),
                          query.real(4), query.integer(5)});
    out.rate_unit = query.text(6);
  }
  out.points = {out.points.rbegin(), out.points.rend()};
  return out;
}

}  // namespace qbt::bench_suite
