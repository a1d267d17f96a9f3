#include "qbt/core/aligned_allocator.hpp"

#include <algorithm>

#include <sys/mman.h>

namespace qbt {

std::shared_ptr<void> allocate_uninitialized(std::size_t bytes) {
  constexpr std::size_t k_huge_page = std::size_t{2} << 20U;
  bytes = std::max<std::size_t>(bytes, 1);
  const std::size_t alignment = bytes >= 2 * k_huge_page ? k_huge_page : k_column_alignment;
  void* block = ::operator new(bytes, std::align_val_t{alignment});
#ifdef MADV_HUGEPAGE
  if (alignment == k_huge_page) {
    static_cast<void>(::madvise(block, bytes / k_huge_page * k_huge_page, MADV_HUGEPAGE));
  }
#endif
  return {block, [alignment](void* p) { ::operator delete(p, std::align_val_t{alignment}); }};
}

}  // namespace qbt
