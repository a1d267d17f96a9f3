#pragma once
/// A feature table: one symbol's timestamps plus named double columns, the output of the
/// feature matrix (feature_matrix.hpp) and the input of models and the vectorized engine.

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qbt/core/timestamp.hpp"
#include "qbt/data/bar_frame.hpp"

namespace qbt::features {

/// Timestamps and named columns of one symbol, all as long as its bars. Immutable once built
/// and cheap to copy: the timestamps are the bars' own and the columns are shared, 64-byte
/// aligned blocks.
class FeatureTable {
public:
  FeatureTable() = default;
  /// An empty table over the timestamps and symbol of `bars` (shared, not copied).
  explicit FeatureTable(data::BarFrame bars) : bars_(std::move(bars)) {}

  [[nodiscard]] const std::string& symbol() const noexcept { return bars_.symbol(); }
  [[nodiscard]] std::size_t rows() const noexcept { return bars_.size(); }
  [[nodiscard]] std::span<const Timestamp> timestamps() const noexcept {
    return bars_.timestamps();
  }

  [[nodiscard]] std::size_t column_count() const noexcept { return names_.size(); }
  /// Column names in table order (the order of the spec entries, then of each one's lines).
  [[nodiscard]] const std::vector<std::string>& column_names() const noexcept { return names_; }
  [[nodiscard]] std::span<const double> column(std::size_t index) const noexcept {
    return {columns_[index], rows()};
  }
  /// Index of the column called `name` (exact), if any.
  [[nodiscard]] std::optional<std::size_t> find(std::string_view name) const noexcept;
  /// The column called `name`; UserInputError listing the columns if there is none.
  [[nodiscard]] std::span<const double> column(std::string_view name) const;

  /// Append a column of rows() values living in memory that `owner` keeps alive.
  void add_column(std::string name, const double* values, std::shared_ptr<const void> owner);

private:
  data::BarFrame bars_;
  std::vector<std::string> names_;
  std::vector<const double*> columns_;
  std::vector<std::shared_ptr<const void>> owners_;
};

}  // namespace qbt::features
