#pragma once
/// A condition on a combination of parameters, from the CLI flag `--constraint 'fast < slow'`:
/// the optimizer skips the combinations where it is false.
///
/// The language is small: numbers, parameter names, + - * / and unary -, parentheses, the
/// comparisons < <= > >= == != and the connectives `and`, `or`, `not` (also &&, ||, !), with the
/// usual precedence (tightest first): unary -, * /, + -, comparisons, not, and, or. So
/// `a < b or c < d and e < f` means `a < b or (c < d and e < f)`. Comparisons do not chain
/// (`a < b < c` is an error, write `a < b and b < c`), and numbers and conditions do not mix
/// (`fast and slow` is an error). Arithmetic is IEEE double: a division by zero gives an infinity
/// or NaN, and every comparison with NaN except != is false.
///
/// Parsing compiles the expression once to postfix code with parameter names replaced by their
/// indices, so evaluating it for a combination is a short loop without allocation.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qbt::optimize {

namespace detail {
class ConstraintParser;
}  // namespace detail

/// Deepest nesting of parentheses and prefix operators a constraint may use.
inline constexpr std::size_t k_max_constraint_nesting = 32;
/// Most intermediate values a constraint may hold at once while it is evaluated.
inline constexpr std::size_t k_max_constraint_stack = 64;

class Constraint {
public:
  /// Compile `text` against the parameters of a strategy, named in their canonical order (the
  /// order of the rows it will be evaluated on). Throws UserInputError quoting the text and the
  /// column of the problem (`--constraint 'fast<<slow': unexpected '<' at column 6`), and
  /// listing the parameters for an unknown name.
  [[nodiscard]] static Constraint parse(std::string_view text,
                                        std::span<const std::string> param_names);

  /// Whether the condition holds for one combination: `row` holds param_count() values, one per
  /// parameter in the order of the names given to parse() (unchecked: callers check the shape
  /// once, not per row). Allocation-free.
  [[nodiscard]] bool holds(std::span<const double> row) const noexcept;

  /// The text the constraint was parsed from.
  [[nodiscard]] const std::string& text() const noexcept { return text_; }
  /// How many parameters the rows it is evaluated on have.
  [[nodiscard]] std::size_t param_count() const noexcept { return param_count_; }

private:
  friend class detail::ConstraintParser;

  /// One step of the compiled postfix code.
  enum class Op : std::uint8_t {
    constant,
    parameter,
    negate,
    add,
    subtract,
    multiply,
    divide,
    less,
    less_equal,
    greater,
    greater_equal,
    equal,
    not_equal,
    logical_and,
    logical_or,
    logical_not,
  };
  struct Instruction {
    Op op = Op::constant;
    std::uint32_t index = 0;  ///< parameter index for Op::parameter
    double value = 0.0;       ///< the number for Op::constant
  };

  Constraint() = default;

  std::string text_;
  std::size_t param_count_ = 0;
  std::vector<Instruction> code_;
};

/// Whether every constraint holds for `row` (true for none).
[[nodiscard]] bool satisfies_all(std::span<const Constraint> constraints,
                                 std::span<const double> row) noexcept;

}  // namespace qbt::optimize
