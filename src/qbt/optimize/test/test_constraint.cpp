#include "qbt/optimize/constraint.hpp"

#include <atomic>
#include <cstdlib>
#include <initializer_list>
#include <new>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"

namespace {
// Counts every allocation of this test program, so a test can prove a call makes none.
std::atomic<std::size_t> g_allocations{0};
}  // namespace

// GCC cannot see that these replacements pair malloc with free and warns at every inlined
// delete-expression.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) {
    return p;
  }
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t& /*tag*/) noexcept {
  // Replaced too, so that sanitizers never pair their own allocation with the free() below.
  return std::malloc(size == 0 ? 1 : size);
}
void operator delete(void* p, const std::nothrow_t& /*tag*/) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t /*size*/) noexcept { std::free(p); }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

namespace qbt::optimize {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

const std::vector<std::string> k_names{"fast", "slow", "signal"};
const std::vector<std::string> k_letters{"a", "b", "c", "d", "e", "f"};

bool holds(std::string_view text, std::initializer_list<double> row,
           const std::vector<std::string>& names = k_letters) {
  const std::vector<double> values(row);
  return Constraint::parse(text, names).holds(values);
}

void expect_error(std::string_view text, const std::string& message) {
  EXPECT_THAT([&] { (void)Constraint::parse(text, k_names); },
              ThrowsMessage<UserInputError>(message))
      << text;
}

TEST(Constraint, ComparesParameters) {
  // fast, slow, signal
  EXPECT_TRUE(holds("fast<slow", {5, 20, 9}, k_names));
  EXPECT_FALSE(holds("fast<slow", {20, 20, 9}, k_names));
  EXPECT_TRUE(holds("fast <= slow", {20, 20, 9}, k_names));
  EXPECT_FALSE(holds("fast > slow", {20, 20, 9}, k_names));
  EXPECT_TRUE(holds("fast >= slow", {20, 20, 9}, k_names));
  EXPECT_TRUE(holds("fast == slow", {20, 20, 9}, k_names));
  EXPECT_FALSE(holds("fast != slow", {20, 20, 9}, k_names));
}

TEST(Constraint, EvaluatesArithmetic) {
  EXPECT_TRUE(holds("fast*2 <= slow", {10, 20, 0}, k_names));
  EXPECT_FALSE(holds("fast*2 <= slow", {11, 20, 0}, k_names));
  EXPECT_TRUE(holds("slow - fast >= 10", {10, 20, 0}, k_names));
  EXPECT_FALSE(holds("slow - fast >= 10", {11, 20, 0}, k_names));
  EXPECT_TRUE(holds("(a+b)/2 != 3 or a == 1", {2, 2}));
  EXPECT_FALSE(holds("(a+b)/2 != 3 or a == 1", {2, 4}));
  EXPECT_TRUE(holds("(a+b)/2 != 3 or a == 1", {1, 5}));
}

TEST(Constraint, ArithmeticPrecedenceAndAssociativity) {
  EXPECT_TRUE(holds("a + b * c == 7", {1, 2, 3}));
  EXPECT_TRUE(holds("(a + b) * c == 9", {1, 2, 3}));
  EXPECT_TRUE(holds("a - b - c == -4", {1, 2, 3}));
  EXPECT_TRUE(holds("8 / a / b == 2", {2, 2}));
  EXPECT_TRUE(holds("-a * b == -6", {2, 3}));
  EXPECT_TRUE(holds("- -a == a", {2}));
  EXPECT_TRUE(holds("a - -b == 5", {2, 3}));
  EXPECT_TRUE(holds("+a == 2", {2}));
}

TEST(Constraint, AndBindsTighterThanOr) {
  // a<b true, c<d false, e<f false: a<b or (c<d and e<f) is true, (a<b or c<d) and e<f false.
  const std::initializer_list<double> row{0, 1, 1, 0, 1, 0};
  EXPECT_TRUE(holds("a<b or c<d and e<f", row));
  EXPECT_FALSE(holds("(a<b or c<d) and e<f", row));
  EXPECT_TRUE(holds("a<b || c<d && e<f", row));
  // c<d and e<f or a<b: (false and false) or true.
  EXPECT_TRUE(holds("c<d and e<f or a<b", row));
}

TEST(Constraint, NotBindsLooserThanComparisonsAndTighterThanAnd) {
  const std::initializer_list<double> row{0, 1, 1, 0};  // a<b true, c<d false
  EXPECT_FALSE(holds("not a < b", row));
  EXPECT_TRUE(holds("not c < d and a < b", row));
  EXPECT_TRUE(holds("!(c < d)", row));
  EXPECT_TRUE(holds("not not a < b", row));
  EXPECT_FALSE(holds("not (a < b or c < d)", row));
}

TEST(Constraint, ReadsNumbers) {
  EXPECT_TRUE(holds("1e1 == 10", {}));
  EXPECT_TRUE(holds(".5 == 0.5", {}));
  EXPECT_TRUE(holds("2.5e-1 == 0.25", {}));
  EXPECT_TRUE(holds("5. == 5", {}));
  EXPECT_TRUE(holds("1E+2 == 100", {}));
}

TEST(Constraint, FollowsIeeeArithmetic) {
  EXPECT_TRUE(holds("a / 0 > 1e308", {1}));
  EXPECT_TRUE(holds("0 / 0 != 0 / 0", {}));
  EXPECT_FALSE(holds("0 / 0 == 0 / 0", {}));
  EXPECT_FALSE(holds("0 / 0 < 1 or 0 / 0 >= 1", {}));
}

TEST(Constraint, KeepsItsTextAndWidth) {
  const Constraint constraint = Constraint::parse(" fast < slow ", k_names);
  EXPECT_EQ(constraint.text(), " fast < slow ");
  EXPECT_EQ(constraint.param_count(), 3U);
}

TEST(Constraint, SyntaxErrorsNameTheColumn) {
  expect_error("fast<<slow", "--constraint 'fast<<slow': unexpected '<' at column 6");
  expect_error("fast<", "--constraint 'fast<': unexpected end of expression at column 6");
  expect_error("fast<slow)", "--constraint 'fast<slow)': unexpected ')' at column 10");
  expect_error("fast slow", "--constraint 'fast slow': unexpected 'slow' at column 6");
  expect_error("2fast < slow", "--constraint '2fast < slow': unexpected 'fast' at column 2");
  expect_error("fast $ slow", "--constraint 'fast $ slow': unexpected '$' at column 6");
  expect_error("fast = slow",
               "--constraint 'fast = slow': unexpected '=' (compare with '==') at column 6");
  expect_error("fast & slow", "--constraint 'fast & slow': unexpected '&' at column 6");
  expect_error("(fast<slow", "--constraint '(fast<slow': '(' at column 1 is never closed");
  expect_error("(fast<slow or (slow<3)",
               "--constraint '(fast<slow or (slow<3)': '(' at column 1 is never closed");
  expect_error("()", "--constraint '()': unexpected ')' at column 2");
  expect_error("1e999 < fast", "--constraint '1e999 < fast': number '1e999' is out of range "
                               "at column 1");
}

TEST(Constraint, EmptyExpression) {
  expect_error("", "--constraint '': empty expression");
  expect_error("   ", "--constraint '   ': empty expression");
}

TEST(Constraint, UnknownNameListsTheParameters) {
  expect_error("fats<slow",
               "--constraint 'fats<slow': unknown parameter 'fats' at column 1 (parameters: "
               "fast, slow, signal)");
  expect_error("fast < Slow",
               "--constraint 'fast < Slow': unknown parameter 'Slow' at column 8 (parameters: "
               "fast, slow, signal)");
}

TEST(Constraint, NumbersAndConditionsDoNotMix) {
  expect_error("fast", "--constraint 'fast': expected a comparison (<, <=, >, >=, ==, !=) "
                       "at column 5");
  expect_error("fast + 1", "--constraint 'fast + 1': expected a comparison (<, <=, >, >=, ==, "
                           "!=) at column 9");
  expect_error("fast and slow < 1",
               "--constraint 'fast and slow < 1': 'and' needs conditions on both sides at "
               "column 6");
  expect_error("fast < 1 or slow",
               "--constraint 'fast < 1 or slow': 'or' needs conditions on both sides at "
               "column 10");
  expect_error("(fast<slow)+1 > 0",
               "--constraint '(fast<slow)+1 > 0': '+' needs numbers on both sides at column 12");
  expect_error("(fast<slow) == (slow<signal)",
               "--constraint '(fast<slow) == (slow<signal)': '==' needs numbers on both sides "
               "at column 13");
  expect_error("not fast", "--constraint 'not fast': 'not' needs a condition at column 1");
  expect_error("-(fast<slow)", "--constraint '-(fast<slow)': '-' needs a number at column 1");
}

TEST(Constraint, ComparisonsDoNotChain) {
  expect_error("fast<slow<signal",
               "--constraint 'fast<slow<signal': comparisons cannot be chained; join them with "
               "'and' at column 10");
}

TEST(Constraint, RejectsDeepNesting) {
  const std::string deep = std::string(40, '(') + "fast<slow" + std::string(40, ')');
  expect_error(deep, "--constraint '" + deep +
                         "': expression nests more than 32 levels deep at column 33");
  // Each level leaves five operands pending (or, and, <, +, *): the evaluation stack overflows
  // before the nesting limit is reached.
  std::string wide;
  for (int i = 0; i < 16; ++i) {
    wide += "fast<slow or fast<slow and fast < fast + fast * (";
  }
  EXPECT_THAT([&] { (void)Constraint::parse(wide, k_names); },
              ThrowsMessage<UserInputError>(HasSubstr("expression is too complex at column")));
}

TEST(Constraint, EvaluationDoesNotAllocate) {
  const Constraint constraint =
      Constraint::parse("(fast + slow) / 2 != 3 and not (signal < fast or slow - fast >= 10)",
                        k_names);
  const std::vector<double> row{5, 12, 6};
  const std::size_t before = g_allocations.load();
  bool all = true;
  for (int i = 0; i < 100; ++i) {
    all = constraint.holds(row) && all;
  }
  const std::size_t after = g_allocations.load();
  EXPECT_TRUE(all);
  EXPECT_EQ(after, before);
}

TEST(Constraint, SatisfiesAll) {
  const std::vector<Constraint> constraints{Constraint::parse("fast < slow", k_names),
                                            Constraint::parse("signal < fast", k_names)};
  const std::vector<double> good{5, 20, 3};
  const std::vector<double> bad{5, 20, 9};
  EXPECT_TRUE(satisfies_all(constraints, good));
  EXPECT_FALSE(satisfies_all(constraints, bad));
  EXPECT_TRUE(satisfies_all({}, bad));
}

}  // namespace
}  // namespace qbt::optimize
