#include "qbt/optimize/constraint.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <system_error>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "qbt/core/error.hpp"

namespace qbt::optimize {

namespace {

enum class TokenKind : std::uint8_t { number, name, symbol, end };

struct Token {
  TokenKind kind = TokenKind::end;
  std::string_view text;
  std::size_t column = 0;  // 1-based
  double value = 0.0;      // for numbers
};

bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }
bool is_name_start(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}
bool is_name_char(char ch) { return is_name_start(ch) || is_digit(ch); }
bool is_space(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

std::string quoted_constraint(std::string_view text) {
  return fmt::format("--constraint {}", quote_excerpt(text, 200));
}

}  // namespace

namespace detail {

/// Recursive descent over the token list, one function per precedence level, emitting postfix
/// code and checking that numbers and conditions are not mixed.
class ConstraintParser {
public:
  ConstraintParser(std::string_view text, std::span<const std::string> names)
      : text_(text), names_(names) {}

  Constraint run() {
    tokenize();
    if (tokens_.front().kind == TokenKind::end) {
      throw UserInputError(fmt::format("{}: empty expression", quoted_constraint(text_)));
    }
    const Type type = parse_or();
    if (peek().kind != TokenKind::end) {
      fail_unexpected(peek());
    }
    if (type != Type::condition) {
      fail("expected a comparison (<, <=, >, >=, ==, !=)", text_.size() + 1);
    }
    Constraint constraint;
    constraint.text_ = std::string(text_);
    constraint.param_count_ = names_.size();
    constraint.code_ = std::move(code_);
    return constraint;
  }

private:
  using Op = Constraint::Op;
  enum class Type : std::uint8_t { number, condition };

  /// Count one level of nesting for as long as it lives.
  class NestingGuard {
  public:
    NestingGuard(ConstraintParser& parser, std::size_t column) : parser_(parser) {
      if (++parser_.nesting_ > k_max_constraint_nesting) {
        parser_.fail(
            fmt::format("expression nests more than {} levels deep", k_max_constraint_nesting),
            column);
      }
    }
    NestingGuard(const NestingGuard&) = delete;
    NestingGuard& operator=(const NestingGuard&) = delete;
    ~NestingGuard() { --parser_.nesting_; }

  private:
    ConstraintParser& parser_;
  };

  [[noreturn]] void fail(std::string_view what, std::size_t column) const {
    throw UserInputError(
        fmt::format("{}: {} at column {}", quoted_constraint(text_), what, column));
  }

  [[noreturn]] void fail_unexpected(const Token& token) const {
    if (token.kind == TokenKind::end) {
      fail("unexpected end of expression", token.column);
    }
    fail(fmt::format("unexpected {}", quote_excerpt(token.text)), token.column);
  }

  void tokenize() {
    std::size_t i = 0;
    while (i < text_.size()) {
      const char ch = text_[i];
      if (is_space(ch)) {
        ++i;
        continue;
      }
      Token token;
      token.column = i + 1;
      const std::size_t start = i;
      if (is_digit(ch) || (ch == '.' && i + 1 < text_.size() && is_digit(text_[i + 1]))) {
        token.kind = TokenKind::number;
        i = scan_number(i);
        token.text = text_.substr(start, i - start);
        token.value = parse_number(token);
      } else if (is_name_start(ch)) {
        while (i < text_.size() && is_name_char(text_[i])) {
          ++i;
        }
        token.text = text_.substr(start, i - start);
        const bool keyword = token.text == "and" || token.text == "or" || token.text == "not";
        token.kind = keyword ? TokenKind::symbol : TokenKind::name;
      } else {
        token.kind = TokenKind::symbol;
        const std::string_view two = text_.substr(i, 2);
        if (two == "<=" || two == ">=" || two == "==" || two == "!=" || two == "&&" ||
            two == "||") {
          i += 2;
        } else if (std::string_view("()+-*/<>!").find(ch) != std::string_view::npos) {
          i += 1;
        } else {
          const std::string_view bad = text_.substr(i, 1);
          fail(fmt::format("unexpected {}{}", quote_excerpt(bad),
                           ch == '=' ? " (compare with '==')" : ""),
               token.column);
        }
        token.text = text_.substr(start, i - start);
      }
      tokens_.push_back(token);
    }
    Token end;
    end.column = text_.size() + 1;
    tokens_.push_back(end);
  }

  // Digits, an optional fraction and an optional exponent; the exponent only if digits follow,
  // so a name right after a number is a separate (and then unexpected) token.
  [[nodiscard]] std::size_t scan_number(std::size_t i) const {
    const auto digits = [&] {
      while (i < text_.size() && is_digit(text_[i])) {
        ++i;
      }
    };
    digits();
    if (i < text_.size() && text_[i] == '.') {
      ++i;
      digits();
    }
    if (i < text_.size() && (text_[i] == 'e' || text_[i] == 'E')) {
      std::size_t j = i + 1;
      if (j < text_.size() && (text_[j] == '+' || text_[j] == '-')) {
        ++j;
      }
      if (j < text_.size() && is_digit(text_[j])) {
        i = j;
        digits();
      }
    }
    return i;
  }

  [[nodiscard]] double parse_number(const Token& token) const {
    double value = 0.0;
    const char* const end = token.text.data() + token.text.size();
    const auto [ptr, ec] = std::from_chars(token.text.data(), end, value);
    if (ec == std::errc::result_out_of_range) {
      fail(fmt::format("number {} is out of range", quote_excerpt(token.text)), token.column);
    }
    if (ec != std::errc() || ptr != end) {
      fail(fmt::format("malformed number {}", quote_excerpt(token.text)), token.column);
    }
    return value;
  }

  [[nodiscard]] const Token& peek() const { return tokens_[position_]; }

  const Token& next() {
    const Token& token = tokens_[position_];
    if (token.kind != TokenKind::end) {
      ++position_;
    }
    return token;
  }

  [[nodiscard]] bool peek_symbol(std::string_view a, std::string_view b = {}) const {
    const Token& token = peek();
    return token.kind == TokenKind::symbol && (token.text == a || (!b.empty() && token.text == b));
  }

  void emit(Op op, const Token& token, std::uint32_t index = 0, double value = 0.0) {
    switch (op) {
      case Op::constant:
      case Op::parameter:
        if (++depth_ > k_max_constraint_stack) {
          fail("expression is too complex", token.column);
        }
        break;
      case Op::negate:
      case Op::logical_not: break;
      default: --depth_; break;
    }
    code_.push_back({op, index, value});
  }

  /// Fail unless an operand of `op_token` has the wanted type.
  void require(Type type, Type wanted, const Token& op_token, bool unary = false) const {
    if (type == wanted) {
      return;
    }
    const char* const what = wanted == Type::condition
                                 ? (unary ? "a condition" : "conditions on both sides")
                                 : (unary ? "a number" : "numbers on both sides");
    fail(fmt::format("{} needs {}", quote_excerpt(op_token.text), what), op_token.column);
  }

  Type parse_or() {
    Type left = parse_and();
    while (peek_symbol("or", "||")) {
      const Token& op = next();
      require(left, Type::condition, op);
      require(parse_and(), Type::condition, op);
      emit(Op::logical_or, op);
      left = Type::condition;
    }
    return left;
  }

  Type parse_and() {
    Type left = parse_not();
    while (peek_symbol("and", "&&")) {
      const Token& op = next();
      require(left, Type::condition, op);
      require(parse_not(), Type::condition, op);
      emit(Op::logical_and, op);
      left = Type::condition;
    }
    return left;
  }

  Type parse_not() {
    if (!peek_symbol("not", "!")) {
      return parse_comparison();
    }
    const Token& op = next();
    const NestingGuard guard(*this, op.column);
    require(parse_not(), Type::condition, op, true);
    emit(Op::logical_not, op);
    return Type::condition;
  }

  static bool comparison_op(const Token& token, Op& op) {
    static constexpr std::array<std::pair<std::string_view, Op>, 6> k_ops{{
        {"<", Op::less},
        {"<=", Op::less_equal},
        {">", Op::greater},
        {">=", Op::greater_equal},
        {"==", Op::equal},
        {"!=", Op::not_equal},
    }};
    if (token.kind != TokenKind::symbol) {
      return false;
    }
    for (const auto& [text, candidate] : k_ops) {
      if (token.text == text) {
        op = candidate;
        return true;
      }
    }
    return false;
  }

  Type parse_comparison() {
    const Type left = parse_sum();
    Op op = Op::less;
    if (!comparison_op(peek(), op)) {
      return left;
    }
    const Token& op_token = next();
    require(left, Type::number, op_token);
    require(parse_sum(), Type::number, op_token);
    emit(op, op_token);
    Op chained = Op::less;
    if (comparison_op(peek(), chained)) {
      fail("comparisons cannot be chained; join them with 'and'", peek().column);
    }
    return Type::condition;
  }

  Type parse_sum() {
    Type left = parse_product();
    while (peek_symbol("+", "-")) {
      const Token& op = next();
      require(left, Type::number, op);
      require(parse_product(), Type::number, op);
      emit(op.text == "+" ? Op::add : Op::subtract, op);
      left = Type::number;
    }
    return left;
  }

  Type parse_product() {
    Type left = parse_unary();
    while (peek_symbol("*", "/")) {
      const Token& op = next();
      require(left, Type::number, op);
      require(parse_unary(), Type::number, op);
      emit(op.text == "*" ? Op::multiply : Op::divide, op);
      left = Type::number;
    }
    return left;
  }

  Type parse_unary() {
    if (!peek_symbol("-", "+")) {
      return parse_primary();
    }
    const Token& op = next();
    const NestingGuard guard(*this, op.column);
    require(parse_unary(), Type::number, op, true);
    if (op.text == "-") {
      emit(Op::negate, op);
    }
    return Type::number;
  }

  Type parse_primary() {
    const Token& token = next();
    if (token.kind == TokenKind::number) {
      emit(Op::constant, token, 0, token.value);
      return Type::number;
    }
    if (token.kind == TokenKind::name) {
      const auto found = std::find(names_.begin(), names_.end(), token.text);
      if (found == names_.end()) {
        throw UserInputError(fmt::format(
            "{}: unknown parameter {} at column {} (parameters: {})", quoted_constraint(text_),
            quote_excerpt(token.text), token.column, fmt::join(names_, ", ")));
      }
      emit(Op::parameter, token, static_cast<std::uint32_t>(found - names_.begin()));
      return Type::number;
    }
    if (token.kind == TokenKind::symbol && token.text == "(") {
      const NestingGuard guard(*this, token.column);
      const Type inner = parse_or();
      if (peek_symbol(")")) {
        next();
        return inner;
      }
      if (peek().kind == TokenKind::end) {
        throw UserInputError(fmt::format("{}: '(' at column {} is never closed",
                                         quoted_constraint(text_), token.column));
      }
      fail_unexpected(peek());
    }
    fail_unexpected(token);
  }

  std::string_view text_;
  std::span<const std::string> names_;
  std::vector<Token> tokens_;
  std::size_t position_ = 0;
  std::size_t nesting_ = 0;
  std::size_t depth_ = 0;
  std::vector<Constraint::Instruction> code_;
};

}  // namespace detail

Constraint Constraint::parse(std::string_view text, std::span<const std::string> param_names) {
  return detail::ConstraintParser(text, param_names).run();
}

bool Constraint::holds(std::span<const double> row) const noexcept {
  std::array<double, k_max_constraint_stack> stack;  // NOLINT: written before read
  std::size_t top = 0;  // number of values on the stack
  const auto binary = [&](auto fn) {
    --top;
    stack[top - 1] = fn(stack[top - 1], stack[top]);
  };
  const auto truth = [](bool b) { return b ? 1.0 : 0.0; };
  for (const Instruction& instruction : code_) {
    switch (instruction.op) {
      case Op::constant: stack[top++] = instruction.value; break;
      case Op::parameter: stack[top++] = row[instruction.index]; break;
      case Op::negate: stack[top - 1] = -stack[top - 1]; break;
      case Op::add: binary([](double a, double b) { return a + b; }); break;
      case Op::subtract: binary([](double a, double b) { return a - b; }); break;
      case Op::multiply: binary([](double a, double b) { return a * b; }); break;
      case Op::divide: binary([](double a, double b) { return a / b; }); break;
      case Op::less: binary([&](double a, double b) { return truth(a < b); }); break;
      case Op::less_equal: binary([&](double a, double b) { return truth(a <= b); }); break;
      case Op::greater: binary([&](double a, double b) { return truth(a > b); }); break;
      case Op::greater_equal: binary([&](double a, double b) { return truth(a >= b); }); break;
      case Op::equal: binary([&](double a, double b) { return truth(a == b); }); break;
      case Op::not_equal: binary([&](double a, double b) { return truth(a != b); }); break;
      case Op::logical_and:
        binary([&](double a, double b) { return truth(a != 0.0 && b != 0.0); });
        break;
      case Op::logical_or:
        binary([&](double a, double b) { return truth(a != 0.0 || b != 0.0); });
        break;
      case Op::logical_not: stack[top - 1] = truth(stack[top - 1] == 0.0); break;
    }
  }
  return top == 1 && stack[0] != 0.0;
}

bool satisfies_all(std::span<const Constraint> constraints, std::span<const double> row) noexcept {
  return std::all_of(constraints.begin(), constraints.end(),
                     [row](const Constraint& constraint) { return constraint.holds(row); });
}

}  // namespace qbt::optimize
