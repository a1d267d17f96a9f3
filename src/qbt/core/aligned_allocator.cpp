#include "qbt/core/aligned_allocator.hpp"

#include <algorithm>

#include <sys/mman.h>

namespace qbt {

namespace {

constexpr std::size_t k_huge_page = std::size_t{2} << 20U;

/// Large blocks go on 2 MiB boundaries so that whole huge pages fit in them.
std::size_t effective_alignment(std::size_t bytes, std::size_t alignment) noexcept {
  return bytes >= 2 * k_huge_page ? std::max(alignment, k_huge_page) : alignment;
}

}  // namespace

namespace detail {

void* allocate_column_bytes(std::size_t bytes, std::size_t alignment) {
  bytes = std::max<std::size_t>(bytes, 1);
  const std::size_t effective = effective_alignment(bytes, alignment);
  void* block = ::operator new(bytes, std::align_val_t{effective});
#ifdef MADV_HUGEPAGE
  if (effective >= k_huge_page) {
    // On VMs a first-touch fault costs ~10 us per 4 KiB page: one per 2 MiB instead of 512.
    static_cast<void>(::madvise(block, bytes / k_huge_page * k_huge_page, MADV_HUGEPAGE));
  }
#endif
  return block;
}

void deallocate_column_bytes(void* block, std::size_t bytes, std::size_t alignment) noexcept {
  bytes = std::max<std::size_t>(bytes, 1);
  ::operator delete(block, std::align_val_t{effective_alignment(bytes, alignment)});
}

}  // namespace detail

std::shared_ptr<void> allocate_uninitialized(std::size_t bytes) {
  bytes = std::max<std::size_t>(bytes, 1);
  void* block = detail::allocate_column_bytes(bytes, k_column_alignment);
  return {block, [bytes](void* p) { detail::deallocate_column_bytes(p, bytes, k_column_alignment); }};
}

}  // namespace qbt
