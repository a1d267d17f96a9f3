#pragma once
/// The parameter space of `qbt optimize`: one axis of values per `--grid` flag, the strategy's
/// defaults for the parameters without one, and the combinations of them that pass the
/// `--constraint`s, enumerated in full (grid search) or sampled (random search).
///
/// Every combination has a grid index: its position in the canonical order, the lexicographic
/// order of the axes as given on the command line (the first axis outermost, the last one
/// varying fastest; each axis in the order of its values). Grid search and random search both
/// return combinations in that order, so results merge the same way whatever produced them.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qbt/indicators/indicator.hpp"
#include "qbt/optimize/constraint.hpp"

namespace qbt::optimize {

/// Most values one `--grid` axis may have.
inline constexpr std::size_t k_max_axis_values = 1'000'000;
/// Most combinations a grid may have before constraints are applied.
inline constexpr std::uint64_t k_max_combinations = 100'000'000;

/// The values one parameter takes in a search, in the order they are tried.
struct ParamAxis {
  std::string name;
  std::vector<double> values;
};

/// Parse the text of one `--grid` flag: `fast=5:50:5` (start:stop:step, stop included when a
/// step lands on it), `fast=5,10,20` (a list, in that order) or `fast=7` (one value).
///
/// Range values are the decimal numbers start + i * step: when start, stop and step are short
/// decimals (at most 15 places), each value is computed in scaled integers and rounded once, so
/// `0.1:0.5:0.1` gives exactly the doubles of 0.1, 0.2, 0.3, 0.4, 0.5 (repeated addition would
/// give 0.30000000000000004); other ranges use start + i * step in doubles, with a stop within
/// 1e-9 steps of the last value counted as landed on. Throws UserInputError quoting the text
/// (`--grid 'fast=5:50:0': step must be > 0`) for a missing '=' or name, a value that is not a
/// finite number, a repeated value, start > stop, step <= 0, or more than k_max_axis_values
/// values.
[[nodiscard]] ParamAxis parse_grid_axis(std::string_view text);

/// Combinations of parameters stored row by row in one flat array: row i holds one value per
/// parameter (in the strategy's parameter order) at values()[i * param_count()], and grid_index(i)
/// is its position in the full grid.
class ParamTable {
public:
  explicit ParamTable(std::size_t param_count) : param_count_(param_count) {}

  [[nodiscard]] std::size_t param_count() const noexcept { return param_count_; }
  [[nodiscard]] std::size_t size() const noexcept { return grid_indices_.size(); }
  [[nodiscard]] bool empty() const noexcept { return grid_indices_.empty(); }

  [[nodiscard]] std::span<const double> row(std::size_t i) const noexcept {
    return {values_.data() + i * param_count_, param_count_};
  }
  [[nodiscard]] std::uint64_t grid_index(std::size_t i) const noexcept {
    return grid_indices_[i];
  }
  [[nodiscard]] const std::vector<double>& values() const noexcept { return values_; }
  [[nodiscard]] const std::vector<std::uint64_t>& grid_indices() const noexcept {
    return grid_indices_;
  }

  void reserve(std::size_t rows);
  /// Add a row of param_count() values.
  void append(std::span<const double> row, std::uint64_t grid_index);

private:
  std::size_t param_count_;
  std::vector<double> values_;
  std::vector<std::uint64_t> grid_indices_;
};

/// The grid spanned by the `--grid` axes over a strategy's parameters. Immutable once built, so
/// executors may call its const members from several threads.
class ParamSpace {
public:
  /// Check the axes against the parameter specs and keep both. Throws UserInputError for an axis
  /// naming an unknown parameter (`unknown parameter 'fats' for grid (parameters: fast, slow)`),
  /// two axes for one parameter, an empty axis, a repeated value, a non-integer value for an
  /// integer or boolean parameter, a value outside the spec's [min, max], or more than
  /// k_max_combinations combinations. Parameters without an axis keep their default.
  ParamSpace(std::span<const indicators::ParamSpec> params, std::vector<ParamAxis> axes);

  /// Number of parameters of the strategy (the width of every row).
  [[nodiscard]] std::size_t param_count() const noexcept { return names_.size(); }
  /// Parameter names in the strategy's order, as Constraint::parse() wants them.
  [[nodiscard]] const std::vector<std::string>& param_names() const noexcept { return names_; }
  /// The axes in command-line order (the first one outermost).
  [[nodiscard]] const std::vector<ParamAxis>& axes() const noexcept { return axes_; }
  /// Position in the strategy's parameter order of the parameter of axis `axis`.
  [[nodiscard]] std::size_t axis_param(std::size_t axis) const noexcept {
    return axis_params_[axis];
  }
  /// Number of combinations before constraints: the product of the axis sizes (1 for no axes).
  [[nodiscard]] std::uint64_t grid_size() const noexcept { return grid_size_; }

  /// Write the combination at `grid_index` (< grid_size()) to `row` (param_count() values).
  void combination(std::uint64_t grid_index, std::span<double> row) const;

  /// Number of combinations that satisfy every constraint; one pass over the grid.
  [[nodiscard]] std::uint64_t count(std::span<const Constraint> constraints = {}) const;

  /// Every combination that satisfies every constraint, in canonical order.
  [[nodiscard]] ParamTable enumerate(std::span<const Constraint> constraints = {}) const;

  /// `n` distinct combinations drawn uniformly without replacement from those satisfying every
  /// constraint, in canonical order; all of them if there are no more than `n`. The same seed
  /// gives the same rows on every platform: selection sampling (Knuth's Algorithm S) with
  /// qbt::Rng integer draws walks the valid combinations once, keeping each with probability
  /// (still needed) / (still left). Time O(grid_size()), memory O(n).
  [[nodiscard]] ParamTable sample(std::size_t n, std::uint64_t seed,
                                  std::span<const Constraint> constraints = {}) const;

private:
  void check_constraints(std::span<const Constraint> constraints) const;
  /// Call visit(row, grid_index) for each valid combination in canonical order while it returns
  /// true.
  template <class Visit>
  void for_each_valid(std::span<const Constraint> constraints, Visit visit) const;

  std::vector<std::string> names_;
  std::vector<double> defaults_;
  std::vector<ParamAxis> axes_;
  std::vector<std::size_t> axis_params_;
  std::uint64_t grid_size_ = 1;
};

}  // namespace qbt::optimize
