#pragma once
/// 64-byte aligned allocation for columns, so SIMD loads never straddle cache lines.

#include <cstddef>
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

}  // namespace qbt
