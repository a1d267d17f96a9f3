#include "qbt/data/csv_reader.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <memory>
#include <new>

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <sys/mman.h>

#include <fmt/format.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "qbt/core/error.hpp"
#include "qbt/core/mapped_file.hpp"
#include "qbt/data/detail/csv_chunk.hpp"
#include "qbt/data/detail/csv_layout.hpp"
#include "qbt/data/infer_frequency.hpp"

namespace qbt::data {

namespace {

using detail::CsvChunk;
using detail::CsvIssue;
using detail::CsvLayout;

constexpr std::size_t k_min_chunk_bytes = 512 * 1024;
constexpr std::size_t k_chunks_per_thread = 4;
constexpr std::size_t k_text_probe_bytes = 64 * 1024;

/// Count line feeds at memory speed: byte compares summed in 8-bit lanes, flushed before they
/// can overflow.
std::size_t count_newlines(std::string_view text) noexcept {
  const char* p = text.data();
  std::size_t n = text.size();
  std::size_t total = 0;
#ifdef __SSE2__
  const __m128i newline = _mm_set1_epi8('\n');
  while (n >= 16) {
    const std::size_t blocks = std::min<std::size_t>(n / 16, 255);
    __m128i counts = _mm_setzero_si128();
    for (std::size_t b = 0; b < blocks; ++b) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + b * 16));
      counts = _mm_sub_epi8(counts, _mm_cmpeq_epi8(bytes, newline));
    }
    const __m128i sums = _mm_sad_epu8(counts, _mm_setzero_si128());
    total += static_cast<std::size_t>(_mm_cvtsi128_si64(sums)) +
             static_cast<std::size_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
    p += blocks * 16;
    n -= blocks * 16;
  }
#endif
  for (std::size_t i = 0; i < n; ++i) {
    total += p[i] == '\n' ? 1 : 0;
  }
  return total;
}

/// Reject text that is not CSV (binary, UTF-16) early, with a message that says so.
void check_looks_like_text(std::string_view text, const std::string& source) {
  if (text.size() >= 2 && ((text[0] == '\xff' && text[1] == '\xfe') ||
                           (text[0] == '\xfe' && text[1] == '\xff'))) {
    throw DataError("file is UTF-16 text; save it as UTF-8 or ASCII", {source});
  }
  const std::size_t probe = std::min(text.size(), k_text_probe_bytes);
  for (std::size_t i = 0; i < probe; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7f) {
      const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(i), '\n');
      throw DataError(fmt::format("file does not look like CSV text (binary byte 0x{:02x} at "
                                  "offset {})",
                                  byte, i),
                      {source, line});
    }
  }
}

/// Split `data` into runs of whole lines of roughly equal size.
std::vector<std::string_view> split_lines(std::string_view data, std::size_t threads) {
  const std::size_t wanted =
      std::clamp<std::size_t>(data.size() / k_min_chunk_bytes, 1, threads * k_chunks_per_thread);
  std::vector<std::string_view> chunks;
  chunks.reserve(wanted);
  std::size_t begin = 0;
  for (std::size_t k = 1; k <= wanted && begin < data.size(); ++k) {
    std::size_t end = data.size();
    if (k < wanted) {
      const std::size_t target = std::max(begin, data.size() / wanted * k);
      const auto* newline = static_cast<const char*>(
          std::memchr(data.data() + target, '\n', data.size() - target));
      end = newline == nullptr ? data.size() : static_cast<std::size_t>(newline - data.data()) + 1;
    }
    chunks.push_back(data.substr(begin, end - begin));
    begin = end;
  }
  return chunks;
}

/// Run `body(k)` for every chunk, on up to `threads` threads.
template <class Body>
void for_each_chunk(std::size_t chunks, std::size_t threads, const Body& body) {
  if (threads <= 1 || chunks <= 1) {
    for (std::size_t k = 0; k < chunks; ++k) {
      body(k);
    }
    return;
  }
  tbb::task_arena arena(static_cast<int>(threads));
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, chunks, 1),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        for (std::size_t k = range.begin(); k != range.end(); ++k) {
                          body(k);
                        }
                      });
  });
}

/// The chunk holding global row `row`, given each chunk's first row after compaction.
std::int64_t line_of_row(const std::vector<CsvChunk>& chunks,
                         const std::vector<std::size_t>& chunk_rows_begin, std::size_t row) {
  const auto it = std::upper_bound(chunk_rows_begin.begin(), chunk_rows_begin.end(), row);
  const auto k = static_cast<std::size_t>(it - chunk_rows_begin.begin()) - 1;
  return chunks[k].line_of_row(row - chunk_rows_begin[k]);
}

std::string symbol_of(const std::string& source, const CsvOptions& options) {
  if (!options.symbol.empty()) {
    return options.symbol;
  }
  return std::filesystem::path(source).stem().string();
}

}  // namespace

CsvReadResult read_csv(const std::string& path, const CsvOptions& options) {
  const MappedFile file(path);
  if (file.size() == 0) {
    throw DataError("file is empty", {path});
  }
  file.advise_sequential();
  return parse_csv(file.text(), path, options);
}

CsvReadResult parse_csv(std::string_view text, const std::string& source_name,
                        const CsvOptions& options) {
  constexpr std::string_view k_utf8_bom = "\xef\xbb\xbf";
  if (text.starts_with(k_utf8_bom)) {
    text.remove_prefix(k_utf8_bom.size());
  }
  if (text.empty()) {
    throw DataError("file is empty", {source_name});
  }
  check_looks_like_text(text, source_name);
  const CsvLayout layout = detail::detect_layout(text, source_name, options);
  const std::string_view data = text.substr(layout.data_offset);

  const std::size_t threads =
      options.threads > 0 ? options.threads
                          : static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
  const std::vector<std::string_view> pieces = split_lines(data, threads);
  std::vector<CsvChunk> chunks(pieces.size());
  for_each_chunk(chunks.size(), threads, [&](std::size_t k) {
    const std::string_view piece = pieces[k];
    const std::size_t newlines = count_newlines(piece);
    chunks[k].text = piece;
    chunks[k].capacity = newlines + (piece.empty() || piece.back() == '\n' ? 0 : 1);
  });
  std::size_t capacity = 0;
  std::int64_t line = layout.first_data_line;
  for (CsvChunk& chunk : chunks) {
    chunk.first_line = line;
    line += static_cast<std::int64_t>(chunk.capacity);
    capacity += chunk.capacity;
  }
  BarBuffer buffer(capacity);
  std::size_t offset = 0;
  for (CsvChunk& chunk : chunks) {
    chunk.timestamps = buffer.timestamps() + offset;
    for (const Field f : k_fields) {
      chunk.values[static_cast<std::size_t>(f)] = buffer.column(f) + offset;
    }
    offset += chunk.capacity;
  }

  // Under the error policy the first failing chunk makes later chunks irrelevant.
  std::atomic<std::size_t> first_failed{chunks.size()};
  for_each_chunk(chunks.size(), threads, [&](std::size_t k) {
    if (k > first_failed.load(std::memory_order_relaxed)) {
      return;
    }
    detail::parse_chunk(chunks[k], layout, source_name, options.policy);
    if (chunks[k].error) {
      std::size_t current = first_failed.load(std::memory_order_relaxed);
      while (k < current && !first_failed.compare_exchange_weak(current, k)) {
      }
    }
  });
  const std::size_t used_chunks = std::min(first_failed.load() + 1, chunks.size());

  // Close the gaps left by skipped lines so the rows are contiguous, in file order.
  Timestamp* const ts = buffer.timestamps();
  std::vector<std::size_t> chunk_rows_begin(used_chunks);
  std::size_t rows = 0;
  offset = 0;
  for (std::size_t k = 0; k < used_chunks; ++k) {
    const CsvChunk& chunk = chunks[k];
    chunk_rows_begin[k] = rows;
    if (offset != rows && chunk.rows > 0) {
      std::memmove(ts + rows, ts + offset, chunk.rows * sizeof(Timestamp));
      for (const Field f : k_fields) {
        double* column = buffer.column(f);
        std::memmove(column + rows, column + offset, chunk.rows * sizeof(double));
      }
    }
    rows += chunk.rows;
    offset += chunk.capacity;
  }

  // Timestamps must increase strictly: the first violation is an error, or under skip/warn
  // the row is dropped so the series stays increasing.
  const auto ts_column = layout.timestamp_column + 1;
  std::vector<CsvIssue> order_issues;
  std::array<std::int64_t, k_bar_issue_count> order_counts{};
  std::int64_t order_rejected = 0;
  std::size_t first_bad = 1;
  while (first_bad < rows && ts[first_bad] > ts[first_bad - 1]) {
    ++first_bad;
  }
  if (first_bad < rows) {
    std::size_t kept = first_bad;
    Timestamp last = ts[first_bad - 1];
    for (std::size_t i = first_bad; i < rows; ++i) {
      if (ts[i] > last) {
        if (kept != i) {
          ts[kept] = ts[i];
          for (const Field f : k_fields) {
            buffer.column(f)[kept] = buffer.column(f)[i];
          }
        }
        last = ts[i];
        ++kept;
        continue;
      }
      const BarIssue issue =
          ts[i] == last ? BarIssue::duplicate_timestamp : BarIssue::unsorted_timestamp;
      const std::string message =
          issue == BarIssue::duplicate_timestamp
              ? fmt::format("{} ({})", describe(issue), format_timestamp(ts[i], true))
              : fmt::format("{} ({} < {})", describe(issue), format_timestamp(ts[i], true),
                            format_timestamp(last, true));
      const ErrorLocation location{source_name, line_of_row(chunks, chunk_rows_begin, i), ts_column};
      if (options.policy == ValidationPolicy::error) {
        throw DataError(message, location);
      }
      ++order_rejected;
      ++order_counts[static_cast<std::size_t>(issue)];
      if (order_issues.size() < ValidationReport::k_max_messages) {
        order_issues.push_back(
            {location.line, issue, fmt::format("{} at {}", message, location.to_string())});
      }
    }
    rows = kept;
  }
  if (used_chunks > 0 && chunks[used_chunks - 1].error) {
    throw *chunks[used_chunks - 1].error;
  }

  CsvReadResult result;
  ValidationReport& report = result.report;
  std::vector<CsvIssue> issues = std::move(order_issues);
  for (const CsvChunk& chunk : chunks) {
    report.rows_checked += chunk.rows_checked;
    report.rows_rejected += chunk.rows_rejected;
    for (std::size_t i = 0; i < k_bar_issue_count; ++i) {
      report.counts[i] += chunk.counts[i];
    }
    issues.insert(issues.end(), chunk.issues.begin(), chunk.issues.end());
  }
  report.rows_rejected += order_rejected;
  for (std::size_t i = 0; i < k_bar_issue_count; ++i) {
    report.counts[i] += order_counts[i];
  }
  std::stable_sort(issues.begin(), issues.end(),
                   [](const CsvIssue& a, const CsvIssue& b) { return a.line < b.line; });
  for (std::size_t i = 0; i < issues.size() && i < ValidationReport::k_max_messages; ++i) {
    report.messages.push_back(std::move(issues[i].message));
  }
  if (report.rows_checked == 0) {
    throw DataError("no data rows", {source_name, layout.header_line});
  }

  const Frequency frequency = infer_frequency(std::span<const Timestamp>(ts, rows));
  result.frame = buffer.finish(rows, symbol_of(source_name, options), frequency);
  return result;
}

}  // namespace qbt::data
