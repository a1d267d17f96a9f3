#pragma once
/// How results are shown: tables for the terminal after `qbt bench run`, and the report of
/// `qbt bench report` in Markdown or HTML: the run and its machine, the targets table, the
/// machine baselines, every workload, and each workload's trend over the stored history.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "qbt/bench_suite/history.hpp"
#include "qbt/bench_suite/run_record.hpp"
#include "qbt/bench_suite/targets.hpp"

namespace qbt::bench_suite {

enum class ReportFormat : std::uint8_t { markdown, html };

/// `md`/`markdown` or `html`; nullopt for anything else.
[[nodiscard]] std::optional<ReportFormat> parse_report_format(std::string_view text) noexcept;

/// Every workload of `run` (time, rate, CPU, memory, checksum, status) as terminal text.
[[nodiscard]] std::string format_results_table(const RunRecord& run);

/// The targets table as terminal text.
[[nodiscard]] std::string format_targets_table(std::span<const TargetRow> rows);

/// The full report of `run`, with `trends` (from History::trend; may be empty) for its trend
/// section.
[[nodiscard]] std::string render_report(const RunRecord& run,
                                        std::span<const WorkloadTrend> trends,
                                        ReportFormat format);

/// A workload's rate with its unit, four significant digits (`11.43 M bars/s`, `16850 MB/s`).
[[nodiscard]] std::string format_rate(double rate, std::string_view unit);

/// `values` as a line of Unicode block characters, lowest value ▁, highest █ (all ▄ when they
/// are equal); NaN values are blanks.
[[nodiscard]] std::string sparkline(std::span<const double> values);

}  // namespace qbt::bench_suite
