#pragma once
/// 64-byte aligned allocation for columns, so SIMD loads never straddle cache lines.

#include <cstddef>
#include <memory>
#include <new>
#include <vector>

namespace qbt {

inline constexpr std::size_t k_column_alignment = 64;

namespace detail {
/// Column memory: `alignment`-aligned, and for blocks of 4 MiB and more 2 MiB aligned and advised
/// to use transparent huge pages (see allocate_uninitialized). Free with the same size.
[[nodiscard]] void* allocate_column_bytes(std::size_t bytes, std::size_t alignment);
void deallocate_column_bytes(void* block, std::size_t bytes, std::size_t alignment) noexcept;
}  // namespace detail

template <class T, std::size_t Alignment = k_column_alignment>
struct AlignedAllocator {
  using value_type = T;
  template <class U>
  struct rebind {
    using other = AlignedAllocator<U, Alignment>;
  };

  AlignedAllocator() noexcept = default;
  template <class U>
  explicit AlignedAllocator(const AlignedAllocator<U, Alignment>& /*other*/) noexcept {}

  [[nodiscard]] T* allocate(std::size_t n) {
    return static_cast<T*>(detail::allocate_column_bytes(n * sizeof(T), Alignment));
  }
  void deallocate(T* p, std::size_t n) noexcept {
    detail::deallocate_column_bytes(p, n * sizeof(T), Alignment);
  }
  template <class U>
  bool operator==(const AlignedAllocator<U, Alignment>& /*other*/) const noexcept {
    return true;
  }
};

/// A growable, 64-byte aligned column.
template <class T>
using AlignedVector = std::vector<T, AlignedAllocator<T>>;

/// Allocate `bytes` of uninitialised, 64-byte aligned memory for columns that a producer (a
/// parser, a generator) writes exactly once. Zero-filling first would cost a whole extra pass,
/// and on VMs first-touch page faults cost more than the parsing itself (about 10 us per 4 KiB
/// page), so blocks of 4 MiB and more are 2 MiB aligned and advised to use transparent huge
/// pages on Linux: one fault per 2 MiB instead of 512.
[[nodiscard]] std::shared_ptr<void> allocate_uninitialized(std::size_t bytes);

}  // namespace qbt
