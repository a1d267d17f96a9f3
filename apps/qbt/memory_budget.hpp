#pragma once
/// `--memory-budget SIZE` of `qbt backtest` and `qbt optimize`: a run whose data would not fit
/// in SIZE in memory reads its data in chunks instead (native .qbt and Parquet files), with the
/// same results; a run that fits runs in memory as without the flag. CSV cannot be read in
/// chunks: a CSV larger than the budget is an error naming `qbt data convert`.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

namespace qbt::cli {

/// Add `--memory-budget SIZE` to `command`, stored as typed in `text`.
void add_memory_budget_option(CLI::App& command, std::string& text);

/// How a run under a memory budget reads its data.
struct MemoryPlan {
  std::uint64_t budget = 0;     ///< bytes; 0 without --memory-budget
  bool stream = false;          ///< read the data in chunks
  std::uint64_t in_memory = 0;  ///< estimated bytes of the in-memory run
};

/// The plan for DATA at `path` under `budget_text` (empty: no flag, in memory).
/// `bytes_per_bar` is what the in-memory run keeps per bar on top of the bars themselves
/// (indicator series, flags, curves). When the run streams, a note on stderr says so.
/// UserInputError for a malformed size, and for a CSV file larger than the budget.
[[nodiscard]] MemoryPlan plan_memory(const std::string& budget_text, const std::string& path,
                                     std::size_t bytes_per_bar);

}  // namespace qbt::cli
