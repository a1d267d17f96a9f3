#pragma once
/// 64-byte aligned allocation for columns, so SIMD loads never straddle cache lines.

#include <cstddef>
#include <memory>
#include <new>
#include <vector>

namespace qbt {

inline constexpr std::size_t k_column_alignment = 64;

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
    return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{Alignment}));
  }
  void deallocate(T* p, std::size_t /*n*/) noexcept {
    ::operator delete(p, std::align_val_t{Alignment});
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
