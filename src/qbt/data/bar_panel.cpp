#include "qbt/data/bar_panel.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "qbt/core/aligned_allocator.hpp"
#include "qbt/core/error.hpp"

namespace qbt::data {

namespace {

struct PanelStorage {
  AlignedVector<Timestamp> index;
  std::vector<std::array<AlignedVector<double>, k_field_count>> values;
  std::vector<std::vector<std::uint8_t>> presence;
};

void check_frames(const std::vector<BarFrame>& frames) {
  std::vector<std::pair<std::string_view, std::size_t>> names;
  names.reserve(frames.size());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    if (frames[i].symbol().empty()) {
      throw UserInputError(
          fmt::format("frame {} has no symbol; every frame of a panel needs a unique one", i));
    }
    names.emplace_back(frames[i].symbol(), i);
  }
  std::sort(names.begin(), names.end());
  for (std::size_t i = 1; i < names.size(); ++i) {
    if (names[i].first == names[i - 1].first) {
      throw UserInputError(fmt::format("duplicate symbol '{}' (frames {} and {})", names[i].first,
                                       names[i - 1].second, names[i].second));
    }
  }
  for (const BarFrame& frame : frames) {
    const auto ts = frame.timestamps();
    for (std::size_t r = 1; r < ts.size(); ++r) {
      if (ts[r] <= ts[r - 1]) {
        throw DataError(fmt::format(
            "timestamps of '{}' are not strictly increasing: row {} ({}) is not after row {} ({})",
            frame.symbol(), r + 1, format_timestamp(ts[r]), r, format_timestamp(ts[r - 1])));
      }
    }
  }
}

AlignedVector<Timestamp> common_index(const std::vector<BarFrame>& frames, PanelJoin join) {
  AlignedVector<Timestamp> index;
  if (frames.empty()) {
    return index;
  }
  const auto first = frames.front().timestamps();
  index.assign(first.begin(), first.end());
  AlignedVector<Timestamp> merged;
  for (std::size_t k = 1; k < frames.size(); ++k) {
    const auto ts = frames[k].timestamps();
    merged.clear();
    if (join == PanelJoin::outer) {
      merged.reserve(index.size() + ts.size());
      std::set_union(index.begin(), index.end(), ts.begin(), ts.end(), std::back_inserter(merged));
    } else {
      merged.reserve(std::min(index.size(), ts.size()));
      std::set_intersection(index.begin(), index.end(), ts.begin(), ts.end(),
                            std::back_inserter(merged));
    }
    index.swap(merged);
  }
  return index;
}

}  // namespace

BarPanel BarPanel::align(std::vector<BarFrame> frames, AlignOptions options) {
  check_frames(frames);
  auto storage = std::make_shared<PanelStorage>();
  storage->index = common_index(frames, options.join);
  const std::size_t rows = storage->index.size();
  const Timestamp* index = storage->index.data();
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();

  storage->values.resize(frames.size());
  storage->presence.resize(frames.size());
  for (std::size_t s = 0; s < frames.size(); ++s) {
    const BarFrame& source = frames[s];
    const auto ts = source.timestamps();
    auto& columns = storage->values[s];
    for (auto& column : columns) {
      column.resize(rows);
    }
    auto& present = storage->presence[s];
    present.assign(rows, 0);
    std::size_t cursor = 0;
    double previous_close = nan;
    for (std::size_t r = 0; r < rows; ++r) {
      while (cursor < ts.size() && ts[cursor] < index[r]) {
        ++cursor;  // a bar the inner join dropped
      }
      if (cursor < ts.size() && ts[cursor] == index[r]) {
        for (std::size_t f = 0; f < k_field_count; ++f) {
          columns[f][r] = source.field(static_cast<Field>(f))[cursor];
        }
        previous_close = columns[static_cast<std::size_t>(Field::close)][r];
        present[r] = 1;
        ++cursor;
        continue;
      }
      const bool carry = options.fill == PanelFill::forward;
      for (std::size_t f = 0; f < 4; ++f) {
        columns[f][r] = carry ? previous_close : nan;
      }
      columns[static_cast<std::size_t>(Field::volume)][r] =
          carry && !std::isnan(previous_close) ? 0.0 : nan;
    }
  }

  BarPanel panel;
  panel.index_ = {index, rows};
  panel.frames_.reserve(frames.size());
  panel.presence_.reserve(frames.size());
  for (std::size_t s = 0; s < frames.size(); ++s) {
    BarColumns columns;
    columns.timestamps = index;
    for (std::size_t f = 0; f < k_field_count; ++f) {
      columns.values[f] = storage->values[s][f].data();
    }
    panel.frames_.push_back(BarFrame::from_external(storage, columns, rows, frames[s].symbol(),
                                                    frames[s].frequency()));
    panel.presence_.emplace_back(storage->presence[s]);
  }
  panel.storage_ = std::move(storage);
  return panel;
}

std::optional<std::size_t> BarPanel::find(std::string_view symbol) const noexcept {
  for (std::size_t i = 0; i < frames_.size(); ++i) {
    if (frames_[i].symbol() == symbol) {
      return i;
    }
  }
  return std::nullopt;
}

}  // namespace qbt::data
