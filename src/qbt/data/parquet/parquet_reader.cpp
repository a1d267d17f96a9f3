#include "qbt/data/parquet/parquet_reader.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "qbt/core/ascii.hpp"
#include "qbt/core/error.hpp"
#include "qbt/core/mapped_file.hpp"
#include "qbt/core/timestamp_parser.hpp"
#include "qbt/data/infer_frequency.hpp"
#include "qbt/data/parquet/column_reader.hpp"

namespace qbt::data::parquet {

namespace detail {

struct ParquetFileState {
  /// The bytes are a mapping of a file, or a buffer handed over by the caller.
  [[nodiscard]] std::span<const std::uint8_t> bytes() const noexcept {
    if (file) {
      return {reinterpret_cast<const std::uint8_t*>(file->bytes().data()), file->size()};
    }
    return buffer;
  }

  std::optional<MappedFile> file;
  std::vector<std::uint8_t> buffer;
  FileMetadata meta;
  std::optional<std::size_t> time;  ///< leaf index of the bar time column
  std::array<std::optional<std::size_t>, k_field_count> fields;
  std::optional<std::size_t> symbol;
  /// ns per stored unit of the time column; 0 when it holds plain integers whose unit could not
  /// be inferred from the first row group's statistics (it is then inferred from the values).
  std::int64_t time_unit_ns = 0;
};

}  // namespace detail

namespace {

using detail::ParquetFileState;

constexpr std::array<std::string_view, 6> k_time_names{"timestamp", "ts",   "datetime",
                                                       "date_time", "date", "time"};
constexpr std::array<std::string_view, 2> k_symbol_names{"symbol", "ticker"};
/// Slots of DecodedBars::valid: the time column, then the five fields in storage order.
constexpr std::size_t k_time_slot = 0;
constexpr std::size_t k_slot_count = 1 + k_field_count;
constexpr std::size_t k_max_listed_symbols = 10;
constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

std::optional<std::size_t> find_by_names(const std::vector<ColumnDescriptor>& columns,
                                         std::span<const std::string_view> names) {
  for (const std::string_view name : names) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (ascii_lower(columns[i].name) == name) {
        return i;
      }
    }
  }
  return std::nullopt;
}

std::span<const std::string_view> field_names(Field field) noexcept {
  static constexpr std::array<std::string_view, 2> k_open{"open", "o"};
  static constexpr std::array<std::string_view, 2> k_high{"high", "h"};
  static constexpr std::array<std::string_view, 2> k_low{"low", "l"};
  static constexpr std::array<std::string_view, 2> k_close{"close", "c"};
  static constexpr std::array<std::string_view, 3> k_volume{"volume", "vol", "v"};
  switch (field) {
    case Field::open: return k_open;
    case Field::high: return k_high;
    case Field::low: return k_low;
    case Field::close: return k_close;
    case Field::volume: return k_volume;
  }
  return {};
}

bool is_integer_kind(ColumnKind kind) noexcept {
  return kind == ColumnKind::int32 || kind == ColumnKind::int64 || kind == ColumnKind::timestamp_ns;
}

std::string column_list(const FileMetadata& meta) {
  std::string out;
  for (const auto& column : meta.columns) {
    out += out.empty() ? "" : ", ";
    out += column.name;
  }
  return out;
}

/// A PLAIN-encoded statistics value of an INT32 / INT64 column.
std::optional<std::int64_t> decode_stat(const std::optional<std::string>& value,
                                        PhysicalType type) {
  if (!value) {
    return std::nullopt;
  }
  if (type == PhysicalType::int64 && value->size() == 8) {
    std::int64_t v = 0;
    std::memcpy(&v, value->data(), 8);
    return v;
  }
  if (type == PhysicalType::int32 && value->size() == 4) {
    std::int32_t v = 0;
    std::memcpy(&v, value->data(), 4);
    return v;
  }
  return std::nullopt;
}

std::optional<Timestamp> scale(std::int64_t value, std::int64_t factor) noexcept {
  std::int64_t out = 0;
  if (__builtin_mul_overflow(value, factor, &out)) {
    return std::nullopt;
  }
  return out;
}

void locate_bar_columns(ParquetFileState& state) {
  const auto& columns = state.meta.columns;
  state.time = find_by_names(columns, k_time_names);
  if (!state.time) {
    std::optional<std::size_t> only;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (columns[i].kind == ColumnKind::timestamp_ns) {
        if (only) {
          only.reset();
          break;
        }
        only = i;
      }
    }
    state.time = only;
  }
  for (const Field f : k_fields) {
    state.fields[static_cast<std::size_t>(f)] = find_by_names(columns, field_names(f));
  }
  state.symbol = find_by_names(columns, k_symbol_names);
  if (state.symbol && columns[*state.symbol].kind != ColumnKind::string) {
    state.symbol.reset();
  }
  if (!state.time) {
    return;
  }
  const ColumnDescriptor& time = columns[*state.time];
  if (time.kind == ColumnKind::timestamp_ns) {
    state.time_unit_ns = time_unit_ns(time.time_unit);
  } else if (is_integer_kind(time.kind) && !state.meta.row_groups.empty()) {
    // Plain integers: the epoch unit follows from the magnitude, as the CSV reader infers it.
    const auto min = decode_stat(state.meta.row_groups[0].chunks[*state.time].min, time.physical);
    if (min) {
      state.time_unit_ns = ns_per_unit(infer_epoch_unit(*min));
    }
  }
}

std::size_t resolve_threads(std::size_t threads) {
  return threads > 0 ? threads : static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
}

/// Run `body(k)` for k in [0, count) on up to `threads` threads.
template <class Body>
void run_tasks(std::size_t count, std::size_t threads, const Body& body) {
  if (threads <= 1 || count <= 1) {
    for (std::size_t k = 0; k < count; ++k) {
      body(k);
    }
    return;
  }
  // More threads than the machine has would only queue (and make TBB warn).
  const auto hardware = static_cast<std::size_t>(tbb::info::default_concurrency());
  tbb::task_arena arena(static_cast<int>(std::min({threads, count, hardware})));
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, 1),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        for (std::size_t k = range.begin(); k != range.end(); ++k) {
                          body(k);
                        }
                      });
  });
}

/// Where one column's values go for a whole read; row groups are laid out back to back.
struct Sink {
  std::size_t column = 0;
  std::int64_t* ints = nullptr;
  double* doubles = nullptr;
  std::string* strings = nullptr;
  std::uint8_t* valid = nullptr;
};

/// First row (in the output) of each of `groups`, plus the total at the end.
std::vector<std::size_t> group_offsets(const FileMetadata& meta,
                                       std::span<const std::size_t> groups) {
  std::vector<std::size_t> offsets(groups.size() + 1, 0);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    offsets[g + 1] = offsets[g] + static_cast<std::size_t>(meta.row_groups[groups[g]].rows);
  }
  return offsets;
}

/// Decode every sink's column chunk in each of `groups`, one task per (row group, column), and
/// return each sink's null count. The error reported is that of the first failing task in
/// (row group, column) order, whatever the thread count.
std::vector<std::size_t> decode_columns(const ParquetFileState& state,
                                        std::span<const std::size_t> groups,
                                        std::span<const std::size_t> offsets,
                                        std::span<const Sink> sinks, std::size_t threads) {
  const std::size_t tasks = groups.size() * sinks.size();
  std::vector<std::size_t> nulls(tasks, 0);
  std::vector<std::exception_ptr> errors(tasks);
  std::atomic<std::size_t> first_failed{tasks};
  const auto bytes = state.bytes();
  run_tasks(tasks, resolve_threads(threads), [&](std::size_t t) {
    if (t > first_failed.load(std::memory_order_relaxed)) {
      return;
    }
    const std::size_t g = t / sinks.size();
    const Sink& sink = sinks[t % sinks.size()];
    const std::size_t offset = offsets[g];
    ChunkOutput out;
    out.ints = sink.ints != nullptr ? sink.ints + offset : nullptr;
    out.doubles = sink.doubles != nullptr ? sink.doubles + offset : nullptr;
    out.strings = sink.strings != nullptr ? sink.strings + offset : nullptr;
    out.valid = sink.valid != nullptr ? sink.valid + offset : nullptr;
    try {
      nulls[t] = read_column_chunk(bytes, state.meta, groups[g], sink.column, out);
    } catch (...) {
      errors[t] = std::current_exception();
      std::size_t current = first_failed.load(std::memory_order_relaxed);
      while (t < current && !first_failed.compare_exchange_weak(current, t)) {
      }
    }
  });
  const std::size_t failed = first_failed.load();
  if (failed < tasks) {
    std::rethrow_exception(errors[failed]);
  }
  std::vector<std::size_t> per_sink(sinks.size(), 0);
  for (std::size_t t = 0; t < tasks; ++t) {
    per_sink[t % sinks.size()] += nulls[t];
  }
  return per_sink;
}

void check_supported(const ParquetFileState& state, std::size_t column) {
  const ColumnDescriptor& descriptor = state.meta.columns[column];
  if (!descriptor.unsupported.empty()) {
    throw DataError(fmt::format("{}: column '{}': {}", state.meta.path, descriptor.name,
                                descriptor.unsupported));
  }
}

/// Position of buffer row `row` among the decoded row groups: (row group, row in the file).
std::pair<std::size_t, std::int64_t> locate_row(const FileMetadata& meta,
                                                std::span<const std::size_t> groups,
                                                std::span<const std::size_t> offsets,
                                                std::size_t row) {
  const auto it = std::upper_bound(offsets.begin(), offsets.end(), row);
  const auto g = static_cast<std::size_t>(it - offsets.begin()) - 1;
  const std::size_t group = groups[g];
  return {group, meta.row_groups[group].first_row + static_cast<std::int64_t>(row - offsets[g])};
}

/// Convert `values` (rows of `groups`, back to back) from the time column's unit to ns.
void convert_to_ns(const ParquetFileState& state, std::size_t column,
                   std::span<const std::size_t> groups, std::span<const std::size_t> offsets,
                   std::span<std::int64_t> values, std::int64_t factor) {
  if (factor == 1) {
    return;
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (__builtin_mul_overflow(values[i], factor, &values[i])) [[unlikely]] {
      const auto [group, row] = locate_row(state.meta, groups, offsets, i);
      throw DataError(
          fmt::format("{}: row group {}, column '{}', row {}: time value is outside "
                      "the int64 nanosecond range (years 1678..2261)",
                      state.meta.path, group, state.meta.columns[column].name, row));
    }
  }
}

/// ns per stored unit of the time column for values decoded as `values`.
std::int64_t time_factor(const ParquetFileState& state, std::span<const std::int64_t> values,
                         std::span<const std::uint8_t> valid) {
  if (state.time_unit_ns != 0) {
    return state.time_unit_ns;
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (valid.empty() || valid[i] != 0) {
      return ns_per_unit(infer_epoch_unit(values[i]));
    }
  }
  return 1;
}

struct DecodedBars {
  explicit DecodedBars(std::size_t capacity) : buffer(capacity), rows(capacity) {}

  std::vector<std::size_t> groups;
  std::vector<std::size_t> offsets;
  BarBuffer buffer;
  std::size_t rows;
  std::array<std::vector<std::uint8_t>, k_slot_count> valid;  ///< empty: no null in that column
  std::vector<std::string> symbols;  ///< per row, when the file has a symbol column
  std::vector<std::uint8_t> symbol_valid;
};

DecodedBars decode_bars(const ParquetFileState& state, std::vector<std::size_t> groups,
                        const ParquetReadOptions& options) {
  const FileMetadata& meta = state.meta;
  if (!state.time) {
    throw DataError(fmt::format(
        "{}: no time column (looked for {}); the file has: {}", meta.path,
        "timestamp, ts, datetime, date_time, date, time or a TIMESTAMP column", column_list(meta)));
  }
  const ColumnDescriptor& time = meta.columns[*state.time];
  if (!is_integer_kind(time.kind)) {
    throw DataError(
        fmt::format("{}: time column '{}' holds {} values; bar times must be "
                    "TIMESTAMP, DATE or integer epochs",
                    meta.path, time.name, to_string(time.physical)));
  }
  check_supported(state, *state.time);
  for (const Field f : k_fields) {
    const auto& index = state.fields[static_cast<std::size_t>(f)];
    if (!index) {
      if (f == Field::volume) {
        continue;
      }
      throw DataError(fmt::format("{}: no '{}' column; the file has: {}", meta.path, to_string(f),
                                  column_list(meta)));
    }
    const ColumnDescriptor& column = meta.columns[*index];
    if (column.kind == ColumnKind::string) {
      throw DataError(fmt::format("{}: column '{}' holds strings; bar values must be numbers",
                                  meta.path, column.name));
    }
    check_supported(state, *index);
  }
  if (state.symbol) {
    check_supported(state, *state.symbol);
  }

  std::vector<std::size_t> offsets = group_offsets(meta, groups);
  DecodedBars d(offsets.back());
  d.groups = std::move(groups);
  d.offsets = std::move(offsets);
  std::vector<Sink> sinks;
  std::vector<std::size_t> slots;
  const auto add = [&](std::size_t column, std::size_t slot, Sink sink) {
    sink.column = column;
    if (meta.columns[column].nullable) {
      d.valid[slot].resize(d.rows);
      sink.valid = d.valid[slot].data();
    }
    sinks.push_back(sink);
    slots.push_back(slot);
  };
  add(*state.time, k_time_slot, Sink{.ints = d.buffer.timestamps()});
  for (const Field f : k_fields) {
    if (const auto& index = state.fields[static_cast<std::size_t>(f)]) {
      add(*index, 1 + static_cast<std::size_t>(f), Sink{.doubles = d.buffer.column(f)});
    }
  }
  if (state.symbol) {
    d.symbols.resize(d.rows);
    Sink sink{.column = *state.symbol, .strings = d.symbols.data()};
    if (meta.columns[*state.symbol].nullable) {
      d.symbol_valid.resize(d.rows);
      sink.valid = d.symbol_valid.data();
    }
    sinks.push_back(sink);
    slots.push_back(k_slot_count);
  }
  const std::vector<std::size_t> nulls =
      decode_columns(state, d.groups, d.offsets, sinks, options.threads);
  for (std::size_t k = 0; k < sinks.size(); ++k) {
    if (nulls[k] == 0) {
      if (slots[k] < k_slot_count) {
        d.valid[slots[k]] = {};
      } else {
        d.symbol_valid = {};
      }
    }
  }
  if (!state.fields[static_cast<std::size_t>(Field::volume)]) {
    std::fill_n(d.buffer.column(Field::volume), d.rows, 0.0);
  }
  const std::span<std::int64_t> ts(d.buffer.timestamps(), d.rows);
  convert_to_ns(state, *state.time, d.groups, d.offsets, ts,
                time_factor(state, ts, d.valid[k_time_slot]));
  return d;
}

[[noreturn]] void null_error(const ParquetFileState& state, const DecodedBars& d, std::size_t slot,
                             std::size_t row) {
  const auto [group, file_row] = locate_row(state.meta, d.groups, d.offsets, row);
  const std::size_t column = slot == k_time_slot ? *state.time : *state.fields[slot - 1];
  throw DataError(
      fmt::format("{}: row group {}, column '{}', row {}: null value (the nan or "
                  "skip_row null policy reads such rows)",
                  state.meta.path, group, state.meta.columns[column].name, file_row));
}

/// A bar time for a message. format_timestamp's calendar arithmetic overflows within a day of
/// the int64 minimum, which corrupt files can hold; such values are shown as plain integers.
std::string show_time(Timestamp ts) {
  constexpr Timestamp k_lowest = std::numeric_limits<Timestamp>::min() + k_ns_per_day;
  return ts >= k_lowest ? format_timestamp(ts, true) : fmt::format("{} ns", ts);
}

/// Filter, check and copy rows `rows` (indices into `d`, increasing) into a frame. With
/// `in_place` the rows are every decoded row and the frame reuses d's buffer.
ParquetBarsResult assemble(const ParquetFileState& state, DecodedBars& d,
                           std::span<const std::size_t> rows, bool in_place, std::string symbol,
                           const ParquetReadOptions& options) {
  const std::size_t count = in_place ? d.rows : rows.size();
  std::optional<BarBuffer> own;
  if (!in_place) {
    own.emplace(count);
  }
  BarBuffer& out = in_place ? d.buffer : *own;
  const Timestamp* src_ts = d.buffer.timestamps();
  std::array<const double*, k_field_count> src{};
  std::array<double*, k_field_count> dst{};
  for (const Field f : k_fields) {
    src[static_cast<std::size_t>(f)] = d.buffer.column(f);
    dst[static_cast<std::size_t>(f)] = out.column(f);
  }
  Timestamp* dst_ts = out.timestamps();

  ParquetBarsResult result;
  ValidationReport& report = result.report;
  const auto where = [&](std::size_t r) {
    const auto [group, file_row] = locate_row(state.meta, d.groups, d.offsets, r);
    return fmt::format("{}: row group {}, row {}", state.meta.path, group, file_row);
  };
  const auto reject = [&](BarIssue issue, std::string message) {
    if (options.policy == ValidationPolicy::error) {
      throw DataError(message);
    }
    report.record(issue, std::move(message));
  };

  std::size_t kept = 0;
  Timestamp last = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t r = in_place ? i : rows[i];
    const Timestamp ts = src_ts[r];
    if (!d.valid[k_time_slot].empty() && d.valid[k_time_slot][r] == 0) {
      if (options.nulls == NullPolicy::skip_row) {
        continue;
      }
      null_error(state, d, k_time_slot, r);
    }
    if ((options.start && ts < *options.start) || (options.end && ts >= *options.end)) {
      continue;
    }
    bool has_null = false;
    bool skip = false;
    for (std::size_t f = 0; f < k_field_count; ++f) {
      const auto& valid = d.valid[1 + f];
      if (!valid.empty() && valid[r] == 0) {
        if (options.nulls == NullPolicy::error) {
          null_error(state, d, 1 + f, r);
        }
        skip = options.nulls == NullPolicy::skip_row;
        has_null = true;
      }
    }
    if (skip) {
      continue;
    }
    ++report.rows_checked;
    std::array<double, k_field_count> v{};
    for (std::size_t f = 0; f < k_field_count; ++f) {
      v[f] = src[f][r];
    }
    if (!has_null) {
      if (const auto problem = check_bar(v[0], v[1], v[2], v[3], v[4])) [[unlikely]] {
        const std::size_t f = static_cast<std::size_t>(problem->field);
        reject(problem->issue,
               fmt::format("{}: {} ({} = {}, at {})", where(r), describe(problem->issue),
                           to_string(problem->field), v[f], show_time(ts)));
        continue;
      }
    }
    if (kept > 0 && ts <= last) [[unlikely]] {
      const BarIssue issue =
          ts == last ? BarIssue::duplicate_timestamp : BarIssue::unsorted_timestamp;
      reject(issue,
             issue == BarIssue::duplicate_timestamp
                 ? fmt::format("{}: {} ({})", where(r), describe(issue), show_time(ts))
                 : fmt::format("{}: {} ({} < {})", where(r), describe(issue),
                               show_time(ts), show_time(last)));
      continue;
    }
    dst_ts[kept] = ts;
    for (std::size_t f = 0; f < k_field_count; ++f) {
      dst[f][kept] = v[f];
    }
    last = ts;
    ++kept;
  }
  const Frequency frequency = infer_frequency(std::span<const Timestamp>(dst_ts, kept));
  result.frame = out.finish(kept, std::move(symbol), frequency);
  return result;
}

/// The symbol of a file's bars when the caller names none: the `qbt.symbol` key qbt's writer
/// stores, else the file name without directory and extension.
std::string default_symbol(const FileMetadata& meta) {
  for (const auto& [key, value] : meta.key_values) {
    if (key == "qbt.symbol" && !value.empty()) {
      return value;
    }
  }
  return std::filesystem::path(meta.path).stem().string();
}

/// Distinct symbols of the decoded rows in order of first appearance, and each one's rows.
struct SymbolGroups {
  std::vector<std::string> names;
  std::vector<std::vector<std::size_t>> rows;
};

SymbolGroups group_symbols(const ParquetFileState& state, const DecodedBars& d,
                           const ParquetReadOptions& options) {
  SymbolGroups out;
  std::unordered_map<std::string, std::size_t> ids;
  std::size_t previous = 0;
  for (std::size_t r = 0; r < d.rows; ++r) {
    if (!d.symbol_valid.empty() && d.symbol_valid[r] == 0) {
      if (options.nulls == NullPolicy::skip_row) {
        continue;
      }
      const auto [group, file_row] = locate_row(state.meta, d.groups, d.offsets, r);
      throw DataError(
          fmt::format("{}: row group {}, column '{}', row {}: null symbol (the "
                      "skip_row null policy drops such rows)",
                      state.meta.path, group, state.meta.columns[*state.symbol].name, file_row));
    }
    const std::string& name = d.symbols[r];
    std::size_t id = previous;
    if (out.names.empty() || out.names[previous] != name) {
      const auto [it, inserted] = ids.try_emplace(name, out.names.size());
      if (inserted) {
        out.names.push_back(name);
        out.rows.emplace_back();
      }
      id = it->second;
    }
    out.rows[id].push_back(r);
    previous = id;
  }
  return out;
}

std::string symbol_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < k_max_listed_symbols; ++i) {
    out += i == 0 ? "" : ", ";
    out += names[i];
  }
  if (names.size() > k_max_listed_symbols) {
    out += fmt::format(", ... ({} in all)", names.size());
  }
  return out;
}

/// The one frame a bar read returns: the whole file, or one symbol of a long-format file.
ParquetBarsResult single_frame(const ParquetFileState& state, DecodedBars& d,
                               const ParquetReadOptions& options) {
  if (!state.symbol) {
    return assemble(state, d, {}, true,
                    options.symbol.empty() ? default_symbol(state.meta) : options.symbol, options);
  }
  SymbolGroups groups = group_symbols(state, d, options);
  if (!options.symbol.empty()) {
    const auto it = std::find(groups.names.begin(), groups.names.end(), options.symbol);
    if (it == groups.names.end()) {
      throw DataError(fmt::format("{}: no rows of symbol '{}' (the rows read hold: {})",
                                  state.meta.path, options.symbol, symbol_list(groups.names)));
    }
    const auto id = static_cast<std::size_t>(it - groups.names.begin());
    return assemble(state, d, groups.rows[id], false, options.symbol, options);
  }
  if (groups.names.size() > 1) {
    throw DataError(
        fmt::format("{}: the file holds {} symbols ({}); pick one with the symbol "
                    "option (--symbol) or load the file as a panel (read_parquet_symbols)",
                    state.meta.path, groups.names.size(), symbol_list(groups.names)));
  }
  if (groups.names.empty()) {
    return assemble(state, d, {}, false, default_symbol(state.meta), options);
  }
  const bool all = groups.rows[0].size() == d.rows;
  return assemble(state, d, groups.rows[0], all, groups.names[0], options);
}

void check_has_rows(const ParquetFileState& state) {
  if (state.meta.rows == 0) {
    throw DataError(fmt::format("{}: the file holds no rows", state.meta.path));
  }
}

}  // namespace

const char* to_string(NullPolicy policy) noexcept {
  switch (policy) {
    case NullPolicy::error: return "error";
    case NullPolicy::skip_row: return "skip_row";
    case NullPolicy::nan: return "nan";
  }
  return "?";
}

std::optional<NullPolicy> parse_null_policy(std::string_view text) noexcept {
  if (text == "error") return NullPolicy::error;
  if (text == "skip_row" || text == "skip") return NullPolicy::skip_row;
  if (text == "nan") return NullPolicy::nan;
  return std::nullopt;
}

ParquetFile::ParquetFile(std::shared_ptr<const detail::ParquetFileState> state)
    : state_(std::move(state)) {}

ParquetFile ParquetFile::open(const std::string& path) {
  auto state = std::make_shared<ParquetFileState>();
  state->file.emplace(path);
  state->meta = read_metadata(state->bytes(), path);
  locate_bar_columns(*state);
  return ParquetFile(std::move(state));
}

ParquetFile ParquetFile::from_bytes(std::vector<std::uint8_t> bytes, std::string name) {
  auto state = std::make_shared<ParquetFileState>();
  state->buffer = std::move(bytes);
  state->meta = read_metadata(state->bytes(), name);
  locate_bar_columns(*state);
  return ParquetFile(std::move(state));
}

const std::string& ParquetFile::path() const noexcept {
  return state_->meta.path;
}

std::size_t ParquetFile::rows() const noexcept {
  return static_cast<std::size_t>(state_->meta.rows);
}

std::size_t ParquetFile::row_group_count() const noexcept {
  return state_->meta.row_groups.size();
}

std::size_t ParquetFile::row_group_rows(std::size_t i) const {
  if (i >= state_->meta.row_groups.size()) {
    throw UserInputError(fmt::format("{}: row group {} does not exist (the file has {})", path(), i,
                                     row_group_count()));
  }
  return static_cast<std::size_t>(state_->meta.row_groups[i].rows);
}

const std::vector<ColumnDescriptor>& ParquetFile::columns() const noexcept {
  return state_->meta.columns;
}

const std::string& ParquetFile::created_by() const noexcept {
  return state_->meta.created_by;
}

std::optional<std::string> ParquetFile::key_value(std::string_view key) const {
  for (const auto& [k, v] : state_->meta.key_values) {
    if (k == key) {
      return v;
    }
  }
  return std::nullopt;
}

std::optional<std::string> ParquetFile::time_column() const {
  if (!state_->time) {
    return std::nullopt;
  }
  return state_->meta.columns[*state_->time].name;
}

std::optional<std::pair<Timestamp, Timestamp>> ParquetFile::row_group_time_range(
    std::size_t i) const {
  const ParquetFileState& state = *state_;
  (void)row_group_rows(i);  // range check
  if (!state.time || state.time_unit_ns == 0) {
    return std::nullopt;
  }
  const ColumnDescriptor& column = state.meta.columns[*state.time];
  const ColumnChunkInfo& chunk = state.meta.row_groups[i].chunks[*state.time];
  const auto min = decode_stat(chunk.min, column.physical);
  const auto max = decode_stat(chunk.max, column.physical);
  if (!min || !max || *min > *max) {
    return std::nullopt;
  }
  const auto lo = scale(*min, state.time_unit_ns);
  const auto hi = scale(*max, state.time_unit_ns);
  if (!lo || !hi) {
    return std::nullopt;
  }
  return std::pair{*lo, *hi};
}

std::vector<std::size_t> ParquetFile::row_groups_in_range(std::optional<Timestamp> start,
                                                          std::optional<Timestamp> end) const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < row_group_count(); ++i) {
    if (start || end) {
      const auto range = row_group_time_range(i);
      if (range && ((start && range->second < *start) || (end && range->first >= *end))) {
        continue;
      }
    }
    out.push_back(i);
  }
  return out;
}

BarFrame ParquetFile::bar_row_group_frame(std::size_t i, const ParquetReadOptions& options) const {
  (void)row_group_rows(i);  // range check
  DecodedBars d = decode_bars(*state_, {i}, options);
  return single_frame(*state_, d, options).frame;
}

ParquetBarsResult ParquetFile::read_bars(const ParquetReadOptions& options) const {
  check_has_rows(*state_);
  std::vector<std::size_t> groups = row_groups_in_range(options.start, options.end);
  const std::size_t read = groups.size();
  DecodedBars d = decode_bars(*state_, std::move(groups), options);
  ParquetBarsResult result = single_frame(*state_, d, options);
  result.row_groups_read = read;
  result.row_groups_skipped = row_group_count() - read;
  return result;
}

std::vector<BarFrame> ParquetFile::read_symbols(const ParquetReadOptions& options) const {
  const ParquetFileState& state = *state_;
  if (!state.symbol || !options.symbol.empty()) {
    return {read_bars(options).frame};
  }
  check_has_rows(state);
  DecodedBars d = decode_bars(state, row_groups_in_range(options.start, options.end), options);
  const SymbolGroups groups = group_symbols(state, d, options);
  std::vector<BarFrame> frames;
  frames.reserve(groups.names.size());
  for (std::size_t s = 0; s < groups.names.size(); ++s) {
    frames.push_back(assemble(state, d, groups.rows[s], false, groups.names[s], options).frame);
  }
  return frames;
}

Table ParquetFile::read_table(const ParquetReadOptions& options) const {
  const ParquetFileState& state = *state_;
  const FileMetadata& meta = state.meta;
  std::vector<std::size_t> projection;
  if (options.columns.empty()) {
    for (std::size_t c = 0; c < meta.columns.size(); ++c) {
      projection.push_back(c);
    }
  } else {
    for (const auto& name : options.columns) {
      std::size_t c = 0;
      while (c < meta.columns.size() && meta.columns[c].name != name) {
        ++c;
      }
      if (c == meta.columns.size()) {
        throw UserInputError(fmt::format("{}: no column '{}'; the file has: {}", meta.path, name,
                                         column_list(meta)));
      }
      projection.push_back(c);
    }
  }
  for (const std::size_t c : projection) {
    check_supported(state, c);
  }
  const bool filter_time = options.start || options.end;
  if (filter_time) {
    if (!state.time || !is_integer_kind(meta.columns[*state.time].kind)) {
      throw UserInputError(fmt::format("{}: a time range needs a time column; the file has: {}",
                                       meta.path, column_list(meta)));
    }
    check_supported(state, *state.time);
  }

  const std::vector<std::size_t> groups =
      filter_time ? row_groups_in_range(options.start, options.end) : row_groups_in_range({}, {});
  const std::vector<std::size_t> offsets = group_offsets(meta, groups);
  const std::size_t rows = offsets.back();

  Table table;
  table.columns.resize(projection.size());
  std::vector<Sink> sinks;
  for (std::size_t k = 0; k < projection.size(); ++k) {
    const ColumnDescriptor& descriptor = meta.columns[projection[k]];
    TableColumn& column = table.columns[k];
    column.name = descriptor.name;
    column.kind = descriptor.kind;
    column.nullable = descriptor.nullable;
    Sink sink{.column = projection[k]};
    switch (descriptor.kind) {
      case ColumnKind::string:
        column.strings.resize(rows);
        sink.strings = column.strings.data();
        break;
      case ColumnKind::float32:
      case ColumnKind::float64:
        column.doubles.resize(rows);
        sink.doubles = column.doubles.data();
        break;
      default:
        column.ints.resize(rows);
        sink.ints = column.ints.data();
        break;
    }
    if (descriptor.nullable) {
      column.valid.resize(rows);
      sink.valid = column.valid.data();
    }
    sinks.push_back(sink);
  }
  std::vector<std::int64_t> times;
  std::vector<std::uint8_t> times_valid;
  if (filter_time) {
    times.resize(rows);
    Sink sink{.column = *state.time, .ints = times.data()};
    if (meta.columns[*state.time].nullable) {
      times_valid.resize(rows);
      sink.valid = times_valid.data();
    }
    sinks.push_back(sink);
  }
  const std::vector<std::size_t> nulls =
      decode_columns(state, groups, offsets, sinks, options.threads);
  for (std::size_t k = 0; k < projection.size(); ++k) {
    TableColumn& column = table.columns[k];
    if (nulls[k] == 0) {
      column.valid = {};
    }
    if (column.kind == ColumnKind::timestamp_ns) {
      convert_to_ns(state, projection[k], groups, offsets, column.ints,
                    time_unit_ns(meta.columns[projection[k]].time_unit));
    }
  }
  if (filter_time) {
    convert_to_ns(state, *state.time, groups, offsets, times,
                  time_factor(state, times, times_valid));
  }

  // Which rows stay: inside the time range, and without nulls unless the policy keeps them.
  std::vector<std::uint8_t> keep;
  const auto drop = [&](std::size_t r) {
    if (keep.empty()) {
      keep.assign(rows, 1);
    }
    keep[r] = 0;
  };
  if (filter_time) {
    for (std::size_t r = 0; r < rows; ++r) {
      const bool null_time = !times_valid.empty() && times_valid[r] == 0;
      if (null_time || (options.start && times[r] < *options.start) ||
          (options.end && times[r] >= *options.end)) {
        drop(r);
      }
    }
  }
  if (options.nulls != NullPolicy::nan) {
    for (std::size_t r = 0; r < rows; ++r) {
      if (!keep.empty() && keep[r] == 0) {
        continue;
      }
      for (std::size_t k = 0; k < projection.size(); ++k) {
        const TableColumn& column = table.columns[k];
        if (column.is_null(r)) {
          if (options.nulls == NullPolicy::error) {
            const auto [group, file_row] = locate_row(meta, groups, offsets, r);
            throw DataError(
                fmt::format("{}: row group {}, column '{}', row {}: null value (the nan "
                            "or skip_row null policy reads such rows)",
                            meta.path, group, column.name, file_row));
          }
          drop(r);
          break;
        }
      }
    }
  }
  std::size_t kept = rows;
  if (!keep.empty()) {
    for (TableColumn& column : table.columns) {
      const auto compact = [&](auto& values) {
        if (values.empty()) {
          return;
        }
        std::size_t out = 0;
        for (std::size_t r = 0; r < rows; ++r) {
          if (keep[r] != 0) {
            values[out++] = std::move(values[r]);
          }
        }
        values.resize(out);
      };
      compact(column.ints);
      compact(column.doubles);
      compact(column.strings);
      compact(column.valid);
      if (std::find(column.valid.begin(), column.valid.end(), std::uint8_t{0}) ==
          column.valid.end()) {
        column.valid = {};
      }
    }
    kept = static_cast<std::size_t>(std::count(keep.begin(), keep.end(), std::uint8_t{1}));
  }
  table.rows = kept;
  return table;
}

ParquetBarsResult read_parquet_bars(const std::string& path, const ParquetReadOptions& options) {
  return ParquetFile::open(path).read_bars(options);
}

std::vector<BarFrame> read_parquet_symbols(const std::string& path,
                                           const ParquetReadOptions& options) {
  return ParquetFile::open(path).read_symbols(options);
}

bool is_parquet_file(const std::string& path) noexcept {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return false;
  }
  std::array<char, 4> head{};
  std::array<char, 4> tail{};
  const bool ok = std::fread(head.data(), 1, 4, file) == 4 && std::fseek(file, -4, SEEK_END) == 0 &&
                  std::fread(tail.data(), 1, 4, file) == 4;
  std::fclose(file);
  return ok && std::memcmp(head.data(), "PAR1", 4) == 0 && std::memcmp(tail.data(), "PAR1", 4) == 0;
}

}  // namespace qbt::data::parquet
