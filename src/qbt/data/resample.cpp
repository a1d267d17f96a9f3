#include "qbt/data/resample.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "qbt/core/error.hpp"
#include "qbt/data/infer_frequency.hpp"

namespace qbt::data {

std::optional<ResampleLabel> parse_resample_label(std::string_view text) noexcept {
  if (text == "left") return ResampleLabel::left;
  if (text == "right") return ResampleLabel::right;
  if (text == "last") return ResampleLabel::last;
  return std::nullopt;
}

std::optional<ResampleClosed> parse_resample_closed(std::string_view text) noexcept {
  if (text == "left") return ResampleClosed::left;
  if (text == "right") return ResampleClosed::right;
  return std::nullopt;
}

const char* to_string(ResampleLabel label) noexcept {
  switch (label) {
    case ResampleLabel::left: return "left";
    case ResampleLabel::right: return "right";
    case ResampleLabel::last: return "last";
  }
  return "?";
}

const char* to_string(ResampleClosed closed) noexcept {
  switch (closed) {
    case ResampleClosed::left: return "left";
    case ResampleClosed::right: return "right";
  }
  return "?";
}

namespace {

void check_target(const BarFrame& bars, Frequency target) {
  if (!target.regular()) {
    throw UserInputError("target frequency must be a fixed duration such as 5min, 1h, 1d or 1w");
  }
  const Frequency source =
      bars.frequency().regular() ? bars.frequency() : infer_frequency(bars.timestamps());
  if (!source.regular()) {
    return;  // irregular (e.g. tick) data: any target is coarser
  }
  if (target.ns() <= source.ns()) {
    throw UserInputError(
        fmt::format("target frequency {} is not coarser than the source frequency {}",
                    target.to_string(), source.to_string()));
  }
  if (target.ns() % source.ns() != 0) {
    throw UserInputError(
        fmt::format("target frequency {} is not a multiple of the source frequency {}",
                    target.to_string(), source.to_string()));
  }
}

}  // namespace

BarFrame resample(const BarFrame& bars, const ResampleOptions& options) {
  check_target(bars, options.to);
  const std::int64_t width = options.to.ns();
  // Weeks (and multiples) start on Monday 1970-01-05; everything else at the epoch.
  const std::int64_t anchor = width % k_ns_per_week == 0 ? 4 * k_ns_per_day : 0;
  const std::int64_t origin = anchor + (options.offset % width);
  const bool closed_right = options.closed == ResampleClosed::right;

  const auto ts = bars.timestamps();
  const auto open = bars.open();
  const auto high = bars.high();
  const auto low = bars.low();
  const auto close = bars.close();
  const auto volume = bars.volume();

  BarFrameBuilder out(bars.symbol(), options.to);
  if (!ts.empty() && ts.back() >= ts.front()) {
    // At most one bar per source row and per bin spanned; avoids regrowing six columns.
    const auto bins = static_cast<std::uint64_t>(ts.back() - ts.front()) /
                          static_cast<std::uint64_t>(width) + 2;
    out.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(ts.size(), bins)));
  }
  bool in_bin = false;
  Timestamp bin_start = 0;
  double o = 0.0;
  double h = 0.0;
  double l = 0.0;
  double c = 0.0;
  double v = 0.0;
  Timestamp last = 0;
  auto emit = [&] {
    Timestamp stamp = last;
    if (options.label == ResampleLabel::left) {
      stamp = bin_start;
    } else if (options.label == ResampleLabel::right) {
      stamp = bin_start + width;
    }
    out.append(stamp, o, h, l, c, v);
  };

  for (std::size_t i = 0; i < ts.size(); ++i) {
    if (i > 0 && ts[i] < ts[i - 1]) {
      throw DataError(
          fmt::format("timestamps are not sorted: row {} ({}) is earlier than row {} ({})", i + 1,
                      format_timestamp(ts[i]), i, format_timestamp(ts[i - 1])));
    }
    if (std::isnan(close[i])) {
      continue;
    }
    // Sorted input: a row stays in the current bin unless it passes the bin's end.
    const Timestamp bin_end = bin_start + width;
    if (!in_bin || (closed_right ? ts[i] > bin_end : ts[i] >= bin_end)) {
      if (in_bin) {
        emit();
      }
      in_bin = true;
      // Left-closed: floor((t - origin) / width); right-closed: ceil((t - origin) / width) - 1.
      bin_start = origin + floor_div(ts[i] - origin - (closed_right ? 1 : 0), width) * width;
      o = open[i];
      h = high[i];
      l = low[i];
      v = 0.0;
    } else {
      h = std::max(h, high[i]);
      l = std::min(l, low[i]);
    }
    c = close[i];
    v += volume[i];
    last = ts[i];
  }
  if (in_bin) {
    emit();
  }
  return out.finish();
}

}  // namespace qbt::data
