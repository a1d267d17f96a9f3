#pragma once
/// Several symbols' bars aligned on one timestamp index, for portfolio work: row r of every
/// symbol's frame is the same instant, so cross-sectional code indexes rows without searching.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qbt/core/timestamp.hpp"
#include "qbt/data/bar_frame.hpp"

namespace qbt::data {

/// Which timestamps the common index holds.
enum class PanelJoin : std::uint8_t {
  outer,  ///< every timestamp of any symbol (union)
  inner,  ///< only timestamps every symbol has (intersection)
};

/// What a symbol's row holds at a timestamp where it has no bar.
enum class PanelFill : std::uint8_t {
  nan,      ///< NaN in all five fields
  forward,  ///< open = high = low = close = the previous close, volume 0; NaN before the first bar
};

struct AlignOptions {
  PanelJoin join = PanelJoin::outer;
  PanelFill fill = PanelFill::nan;
};

class BarPanel {
public:
  BarPanel() = default;

  /// Align `frames` (one per symbol, kept in the given order) on a common index. Each frame's
  /// symbol must be non-empty and unique (UserInputError) and its timestamps strictly
  /// increasing (DataError). The panel owns its columns; one timestamp buffer is shared by
  /// every symbol's frame.
  [[nodiscard]] static BarPanel align(std::vector<BarFrame> frames, AlignOptions options = {});

  [[nodiscard]] std::span<const Timestamp> timestamps() const noexcept { return index_; }
  /// Number of rows (timestamps).
  [[nodiscard]] std::size_t size() const noexcept { return index_.size(); }
  [[nodiscard]] std::size_t symbol_count() const noexcept { return frames_.size(); }
  [[nodiscard]] const std::string& symbol(std::size_t i) const noexcept {
    return frames_[i].symbol();
  }
  /// Symbol i's bars over the common index; rows without a real bar are filled per AlignOptions.
  [[nodiscard]] const BarFrame& frame(std::size_t i) const noexcept { return frames_[i]; }
  /// Position of `symbol`, or nullopt when the panel does not hold it.
  [[nodiscard]] std::optional<std::size_t> find(std::string_view symbol) const noexcept;
  /// 1 where symbol i had a real bar at that row, 0 where the row was filled.
  [[nodiscard]] std::span<const std::uint8_t> present(std::size_t i) const noexcept {
    return presence_[i];
  }

private:
  std::span<const Timestamp> index_;
  std::vector<BarFrame> frames_;
  std::vector<std::span<const std::uint8_t>> presence_;
  std::shared_ptr<const void> storage_;
};

}  // namespace qbt::data
