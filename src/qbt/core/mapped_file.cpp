#include "qbt/core/mapped_file.hpp"

#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "qbt/core/error.hpp"

namespace qbt {

namespace {
struct FileDescriptor {
  int fd = -1;
  ~FileDescriptor() {
    if (fd >= 0) {
      ::close(fd);
    }
  }
};
}  // namespace

MappedFile::MappedFile(std::string path) : path_(std::move(path)) {
  FileDescriptor file{::open(path_.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) {
    throw IoError(fmt::format("cannot open file: {}", std::strerror(errno)), {path_});
  }
  struct stat info {};
  if (::fstat(file.fd, &info) != 0) {
    throw IoError(fmt::format("cannot stat file: {}", std::strerror(errno)), {path_});
  }
  if (S_ISDIR(info.st_mode)) {
    throw IoError("expected a file but found a directory", {path_});
  }
  if (!S_ISREG(info.st_mode)) {
    throw IoError("expected a regular file (pipes and devices cannot be mapped)", {path_});
  }
  size_ = static_cast<std::size_t>(info.st_size);
  if (size_ == 0) {
    return;
  }
  void* addr = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, file.fd, 0);
  if (addr == MAP_FAILED) {
    size_ = 0;
    throw IoError(fmt::format("cannot map file: {}", std::strerror(errno)), {path_});
  }
  data_ = static_cast<const std::byte*>(addr);
}

MappedFile::~MappedFile() { release(); }

MappedFile::MappedFile(MappedFile&& other) noexcept
    : path_(std::move(other.path_)),
      data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    release();
    path_ = std::move(other.path_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

void MappedFile::advise_sequential() const noexcept {
  if (data_ != nullptr) {
    // Advice values are not flags: give each one on its own.
    auto* start = const_cast<std::byte*>(data_);
    ::madvise(start, size_, MADV_SEQUENTIAL);
    ::madvise(start, size_, MADV_WILLNEED);
  }
}

void MappedFile::release() noexcept {
  if (data_ != nullptr) {
    ::munmap(const_cast<std::byte*>(data_), size_);
    data_ = nullptr;
    size_ = 0;
  }
}

}  // namespace qbt
