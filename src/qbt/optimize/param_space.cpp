#include "qbt/optimize/param_space.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <system_error>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "qbt/core/check.hpp"
#include "qbt/core/error.hpp"
#include "qbt/core/rng.hpp"

namespace qbt::optimize {

namespace {

/// Scaled range values stay below this, far enough from 2^53 that scaling a double by a power
/// of ten and rounding recovers the exact integer.
constexpr double k_max_scaled = 0x1.0p50;
constexpr std::size_t k_max_decimal_places = 15;
constexpr std::array<double, k_max_decimal_places + 1> k_powers_of_ten{
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
/// A stop within this many steps past the last value still counts as landed on.
constexpr double k_step_tolerance = 1e-9;

std::string_view trim(std::string_view text) {
  const auto is_space = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; };
  while (!text.empty() && is_space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

class GridText {
public:
  explicit GridText(std::string_view text) : text_(text) {}

  [[noreturn]] void fail(std::string_view what) const {
    throw UserInputError(fmt::format("--grid {}: {}", quote_excerpt(text_, 200), what));
  }

  /// Parse one number; `part` names it in the message when it is empty ("start", "value").
  [[nodiscard]] double number(std::string_view item, std::string_view part) const {
    item = trim(item);
    if (item.empty()) {
      fail(fmt::format("empty {}", part));
    }
    std::string_view digits = item;
    if (digits.size() > 1 && digits[0] == '+' && digits[1] != '-' && digits[1] != '+') {
      digits.remove_prefix(1);
    }
    double value = 0.0;
    const char* const end = digits.data() + digits.size();
    const auto [ptr, ec] = std::from_chars(digits.data(), end, value);
    if (ec == std::errc::result_out_of_range && ptr == end) {
      fail(fmt::format("{} is out of range", quote_excerpt(item)));
    }
    if (ec != std::errc() || ptr != end) {
      fail(fmt::format("{} is not a number", quote_excerpt(item)));
    }
    if (!std::isfinite(value)) {
      fail(fmt::format("{} is not a finite number", quote_excerpt(item)));
    }
    return value;
  }

private:
  std::string_view text_;
};

/// Fewest decimal places d (at most 15) such that x is the double nearest to an integer k
/// divided by 10^d with |k| <= k_max_scaled.
std::optional<std::size_t> decimal_places(double x) {
  for (std::size_t d = 0; d <= k_max_decimal_places; ++d) {
    const double scaled = std::round(x * k_powers_of_ten[d]);
    if (std::fabs(scaled) > k_max_scaled) {
      return std::nullopt;
    }
    if (scaled / k_powers_of_ten[d] == x) {
      return d;
    }
  }
  return std::nullopt;
}

/// start, start + step, ... up to stop in exact decimal arithmetic, or nothing when the three
/// numbers are not short decimals.
std::optional<std::vector<double>> decimal_range(const GridText& grid, double start, double stop,
                                                 double step) {
  std::size_t places = 0;
  for (const double x : {start, stop, step}) {
    const auto d = decimal_places(x);
    if (!d) {
      return std::nullopt;
    }
    places = std::max(places, *d);
  }
  const double scale = k_powers_of_ten[places];
  std::array<std::int64_t, 3> scaled{};
  std::size_t i = 0;
  for (const double x : {start, stop, step}) {
    const double s = std::round(x * scale);
    if (std::fabs(s) > k_max_scaled || s / scale != x) {
      return std::nullopt;
    }
    scaled[i++] = static_cast<std::int64_t>(s);
  }
  const auto [first, last, increment] = scaled;
  const auto count = static_cast<std::uint64_t>((last - first) / increment) + 1;
  if (count > k_max_axis_values) {
    grid.fail("more than 1,000,000 values on one parameter");
  }
  std::vector<double> values(static_cast<std::size_t>(count));
  for (std::size_t k = 0; k < values.size(); ++k) {
    values[k] = static_cast<double>(first + static_cast<std::int64_t>(k) * increment) / scale;
  }
  return values;
}

std::vector<double> double_range(const GridText& grid, double start, double stop, double step) {
  const double span = (stop - start) / step;
  if (!(span < static_cast<double>(k_max_axis_values))) {
    grid.fail("more than 1,000,000 values on one parameter");
  }
  const auto last = static_cast<std::size_t>(std::floor(span + k_step_tolerance));
  std::vector<double> values(last + 1);
  for (std::size_t k = 0; k <= last; ++k) {
    values[k] = start + static_cast<double>(k) * step;
  }
  values[last] = std::min(values[last], stop);
  for (std::size_t k = 1; k <= last; ++k) {
    if (!(values[k] > values[k - 1])) {
      grid.fail("step is too small for the size of the values (they repeat)");
    }
  }
  return values;
}

std::vector<double> parse_range(const GridText& grid, std::string_view text) {
  std::array<std::string_view, 3> parts;
  std::size_t part = 0;
  while (true) {
    const std::size_t colon = text.find(':');
    if (part == parts.size()) {
      grid.fail("a range is start:stop:step");
    }
    parts[part++] = text.substr(0, colon);
    if (colon == std::string_view::npos) {
      break;
    }
    text.remove_prefix(colon + 1);
  }
  if (part != parts.size()) {
    grid.fail("a range is start:stop:step");
  }
  const double start = grid.number(parts[0], "start");
  const double stop = grid.number(parts[1], "stop");
  const double step = grid.number(parts[2], "step");
  if (!(step > 0.0)) {
    grid.fail("step must be > 0");
  }
  if (start > stop) {
    grid.fail(fmt::format("start {} is greater than stop {}", start, stop));
  }
  if (auto values = decimal_range(grid, start, stop, step)) {
    return std::move(*values);
  }
  return double_range(grid, start, stop, step);
}

std::vector<double> parse_list(const GridText& grid, std::string_view text) {
  std::vector<double> values;
  while (true) {
    const std::size_t comma = text.find(',');
    if (values.size() == k_max_axis_values) {
      grid.fail("more than 1,000,000 values on one parameter");
    }
    values.push_back(grid.number(text.substr(0, comma), "value in the list"));
    if (comma == std::string_view::npos) {
      break;
    }
    text.remove_prefix(comma + 1);
  }
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  const auto repeated = std::adjacent_find(sorted.begin(), sorted.end());
  if (repeated != sorted.end()) {
    grid.fail(fmt::format("value {} is listed twice", *repeated));
  }
  return values;
}

}  // namespace

ParamAxis parse_grid_axis(std::string_view text) {
  const GridText grid(text);
  const std::size_t equals = text.find('=');
  if (equals == std::string_view::npos) {
    grid.fail("expected name=values, e.g. fast=5:50:5, fast=5,10,20 or fast=7");
  }
  ParamAxis axis;
  axis.name = std::string(trim(text.substr(0, equals)));
  if (axis.name.empty()) {
    grid.fail("parameter name is empty");
  }
  const std::string_view values = trim(text.substr(equals + 1));
  if (values.empty()) {
    grid.fail("no values after '='");
  }
  const bool range = values.find(':') != std::string_view::npos;
  const bool list = values.find(',') != std::string_view::npos;
  if (range && list) {
    grid.fail("use either a range start:stop:step or a list a,b,c");
  }
  axis.values = range ? parse_range(grid, values) : parse_list(grid, values);
  return axis;
}

void ParamTable::reserve(std::size_t rows) {
  values_.reserve(rows * param_count_);
  grid_indices_.reserve(rows);
}

void ParamTable::append(std::span<const double> row, std::uint64_t grid_index) {
  QBT_CHECK_OP(row.size(), ==, param_count_);
  values_.insert(values_.end(), row.begin(), row.end());
  grid_indices_.push_back(grid_index);
}

namespace {

void check_axis_value(const indicators::ParamSpec& spec, double value) {
  if (!std::isfinite(value)) {
    throw UserInputError(
        fmt::format("parameter '{}' must be a finite number, --grid gives {}", spec.name, value));
  }
  const bool whole = std::trunc(value) == value;
  if (spec.kind == indicators::ParamKind::integer && !whole) {
    throw UserInputError(
        fmt::format("parameter '{}' is an integer, --grid gives {}", spec.name, value));
  }
  if (spec.kind == indicators::ParamKind::boolean && !(value == 0.0 || value == 1.0)) {
    throw UserInputError(
        fmt::format("parameter '{}' is a boolean (0 or 1), --grid gives {}", spec.name, value));
  }
  if (value < spec.min_value || value > spec.max_value) {
    throw UserInputError(fmt::format("parameter '{}' must be in [{}, {}], --grid gives {}",
                                     spec.name, spec.min_value, spec.max_value, value));
  }
}

}  // namespace

ParamSpace::ParamSpace(std::span<const indicators::ParamSpec> params, std::vector<ParamAxis> axes)
    : axes_(std::move(axes)) {
  names_.reserve(params.size());
  defaults_.reserve(params.size());
  for (const auto& spec : params) {
    if (std::find(names_.begin(), names_.end(), spec.name) != names_.end()) {
      throw InternalError(fmt::format("parameter '{}' is declared twice", spec.name));
    }
    names_.push_back(spec.name);
    defaults_.push_back(spec.default_value);
  }
  bool too_many = false;
  for (const ParamAxis& axis : axes_) {
    const auto found = std::find(names_.begin(), names_.end(), axis.name);
    if (found == names_.end()) {
      throw UserInputError(fmt::format("unknown parameter '{}' for grid (parameters: {})",
                                       axis.name, fmt::join(names_, ", ")));
    }
    const auto param = static_cast<std::size_t>(found - names_.begin());
    if (std::find(axis_params_.begin(), axis_params_.end(), param) != axis_params_.end()) {
      throw UserInputError(fmt::format("--grid gives parameter '{}' twice", axis.name));
    }
    axis_params_.push_back(param);
    if (axis.values.empty()) {
      throw UserInputError(fmt::format("--grid gives no values for parameter '{}'", axis.name));
    }
    if (axis.values.size() > k_max_axis_values) {
      throw UserInputError(fmt::format(
          "--grid gives more than 1,000,000 values for parameter '{}'", axis.name));
    }
    for (const double value : axis.values) {
      check_axis_value(params[param], value);
    }
    std::vector<double> sorted = axis.values;
    std::sort(sorted.begin(), sorted.end());
    const auto repeated = std::adjacent_find(sorted.begin(), sorted.end());
    if (repeated != sorted.end()) {
      throw UserInputError(
          fmt::format("--grid gives value {} twice for parameter '{}'", *repeated, axis.name));
    }
    const std::uint64_t size = axis.values.size();
    if (too_many || grid_size_ > k_max_combinations / size) {
      too_many = true;
    } else {
      grid_size_ *= size;
    }
  }
  if (too_many || grid_size_ > k_max_combinations) {
    std::vector<std::string> sizes;
    for (const ParamAxis& axis : axes_) {
      sizes.push_back(fmt::format("{}: {}", axis.name, axis.values.size()));
    }
    throw UserInputError(
        fmt::format("--grid spans more than 100,000,000 combinations ({} values); use fewer "
                    "values",
                    fmt::join(sizes, " x ")));
  }
}

void ParamSpace::combination(std::uint64_t grid_index, std::span<double> row) const {
  QBT_CHECK_OP(grid_index, <, grid_size_);
  QBT_CHECK_OP(row.size(), ==, param_count());
  std::copy(defaults_.begin(), defaults_.end(), row.begin());
  for (std::size_t a = axes_.size(); a-- > 0;) {
    const std::vector<double>& values = axes_[a].values;
    row[axis_params_[a]] = values[grid_index % values.size()];
    grid_index /= values.size();
  }
}

void ParamSpace::check_constraints(std::span<const Constraint> constraints) const {
  for (const Constraint& constraint : constraints) {
    if (constraint.param_count() != param_count()) {
      throw InternalError(fmt::format(
          "constraint '{}' was parsed for {} parameters, the parameter space has {}",
          constraint.text(), constraint.param_count(), param_count()));
    }
  }
}

template <class Visit>
void ParamSpace::for_each_valid(std::span<const Constraint> constraints, Visit visit) const {
  check_constraints(constraints);
  std::vector<double> row = defaults_;
  std::vector<std::size_t> digits(axes_.size(), 0);
  for (std::size_t a = 0; a < axes_.size(); ++a) {
    row[axis_params_[a]] = axes_[a].values[0];
  }
  for (std::uint64_t index = 0; index < grid_size_; ++index) {
    if (satisfies_all(constraints, row) && !visit(std::span<const double>(row), index)) {
      return;
    }
    // Advance the odometer: the last axis fastest.
    for (std::size_t a = axes_.size(); a-- > 0;) {
      const std::vector<double>& values = axes_[a].values;
      double& slot = row[axis_params_[a]];
      if (++digits[a] < values.size()) {
        slot = values[digits[a]];
        break;
      }
      digits[a] = 0;
      slot = values[0];
    }
  }
}

std::uint64_t ParamSpace::count(std::span<const Constraint> constraints) const {
  if (constraints.empty()) {
    return grid_size_;
  }
  std::uint64_t valid = 0;
  for_each_valid(constraints, [&](std::span<const double> /*row*/, std::uint64_t /*index*/) {
    ++valid;
    return true;
  });
  return valid;
}

ParamTable ParamSpace::enumerate(std::span<const Constraint> constraints) const {
  ParamTable table(param_count());
  if (constraints.empty()) {
    table.reserve(static_cast<std::size_t>(grid_size_));
  }
  for_each_valid(constraints, [&](std::span<const double> row, std::uint64_t index) {
    table.append(row, index);
    return true;
  });
  return table;
}

ParamTable ParamSpace::sample(std::size_t n, std::uint64_t seed,
                              std::span<const Constraint> constraints) const {
  const std::uint64_t valid = count(constraints);
  if (n >= valid) {
    return enumerate(constraints);
  }
  ParamTable table(param_count());
  if (n == 0) {
    return table;
  }
  table.reserve(n);
  Rng rng(seed);
  std::uint64_t needed = n;
  std::uint64_t left = valid;
  for_each_valid(constraints, [&](std::span<const double> row, std::uint64_t index) {
    if (rng.below(left) < needed) {
      table.append(row, index);
      --needed;
    }
    --left;
    return needed > 0;
  });
  return table;
}

}  // namespace qbt::optimize
