#pragma once
/// Programmer-error checks. QBT_DCHECK* vanish in release builds; QBT_CHECK stays on and is kept
/// for violations that would silently corrupt results.

#include <fmt/format.h>

#include "qbt/core/error.hpp"

namespace qbt::detail {
[[noreturn]] inline void check_failed(const char* expr, const char* file, int line,
                                      const std::string& values = {}) {
  throw InternalError(fmt::format("check failed: {}{} ({}:{})", expr,
                                  values.empty() ? "" : " with " + values, file, line));
}
}  // namespace qbt::detail

#define QBT_CHECK(cond)                                                  \
  do {                                                                   \
    if (!(cond)) [[unlikely]] {                                          \
      ::qbt::detail::check_failed(#cond, __FILE__, __LINE__);            \
    }                                                                    \
  } while (false)

#define QBT_CHECK_OP(a, op, b)                                                          \
  do {                                                                                  \
    const auto& qbt_check_a = (a);                                                      \
    const auto& qbt_check_b = (b);                                                      \
    if (!(qbt_check_a op qbt_check_b)) [[unlikely]] {                                   \
      ::qbt::detail::check_failed(#a " " #op " " #b, __FILE__, __LINE__,                \
                                  fmt::format("{} = {}, {} = {}", #a, qbt_check_a, #b,  \
                                              qbt_check_b));                            \
    }                                                                                   \
  } while (false)

#ifdef NDEBUG
#define QBT_DCHECK(cond) static_cast<void>(0)
#define QBT_DCHECK_OP(a, op, b) static_cast<void>(0)
#else
#define QBT_DCHECK(cond) QBT_CHECK(cond)
#define QBT_DCHECK_OP(a, op, b) QBT_CHECK_OP(a, op, b)
#endif

#define QBT_DCHECK_LT(a, b) QBT_DCHECK_OP(a, <, b)
#define QBT_DCHECK_LE(a, b) QBT_DCHECK_OP(a, <=, b)
#define QBT_DCHECK_EQ(a, b) QBT_DCHECK_OP(a, ==, b)
