#include "qbt/data/parquet/thrift_io.hpp"

#include <memory>

#include <thrift/TConfiguration.h>
#include <thrift/Thrift.h>
#include <thrift/protocol/TCompactProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include "qbt/core/error.hpp"

namespace qbt::data::parquet {
namespace {

using apache::thrift::TConfiguration;
using apache::thrift::protocol::TCompactProtocolT;
using apache::thrift::transport::TMemoryBuffer;

// Thrift's default message limit is 100 MB; a footer or page header is bounded by the buffer we
// hand it, so the limit is the buffer itself (checked by the transport on every string/list).
constexpr int k_max_recursion_depth = 64;

}  // namespace

template <typename T>
std::size_t deserialize(std::span<const std::uint8_t> bytes, T& out, const char* what) {
  try {
    auto config = std::make_shared<TConfiguration>(
        static_cast<int>(std::min<std::size_t>(bytes.size(), 0x7fffffff)),
        static_cast<int>(std::min<std::size_t>(bytes.size(), 0x7fffffff)), k_max_recursion_depth);
    // TMemoryBuffer wants a non-const pointer but OBSERVE never writes.
    auto buffer = std::make_shared<TMemoryBuffer>(const_cast<std::uint8_t*>(bytes.data()),
                                                  static_cast<std::uint32_t>(bytes.size()),
                                                  TMemoryBuffer::OBSERVE, config);
    // String and container sizes are capped by the buffer size as well.
    TCompactProtocolT<TMemoryBuffer> protocol(buffer, static_cast<int32_t>(bytes.size()),
                                              static_cast<int32_t>(bytes.size()));
    out.read(&protocol);
    return bytes.size() - buffer->available_read();
  } catch (const apache::thrift::TException& e) {
    throw DataError(std::string(what) + ": invalid Thrift metadata (" + e.what() + ")");
  } catch (const std::bad_alloc&) {
    throw DataError(std::string(what) + ": invalid Thrift metadata (sizes exceed the available bytes)");
  }
}

template <typename T>
void serialize(const T& value, std::string& out) {
  auto buffer = std::make_shared<TMemoryBuffer>();
  TCompactProtocolT<TMemoryBuffer> protocol(buffer);
  value.write(&protocol);
  std::uint8_t* data = nullptr;
  std::uint32_t size = 0;
  buffer->getBuffer(&data, &size);
  out.append(reinterpret_cast<const char*>(data), size);
}

template std::size_t deserialize(std::span<const std::uint8_t>, format::FileMetaData&, const char*);
template std::size_t deserialize(std::span<const std::uint8_t>, format::PageHeader&, const char*);
template void serialize(const format::FileMetaData&, std::string&);
template void serialize(const format::PageHeader&, std::string&);

}  // namespace qbt::data::parquet
