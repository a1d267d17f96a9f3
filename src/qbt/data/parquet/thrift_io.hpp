#pragma once
/// Thrift compact-protocol (de)serialization of the Parquet metadata structs (FileMetaData,
/// PageHeader), on top of Apache Thrift's TCompactProtocol. Deserialization is bounded: strings
/// and containers may not claim more bytes than the buffer holds, and nesting is limited, so a
/// forged length is an error, never a huge allocation.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "parquet_format_types.h"

namespace qbt::data::parquet {


/// Decode one `T` from the start of `bytes`; returns how many bytes it occupied. Throws
/// DataError("<what>: <reason>") when the bytes are not a valid `T`.
template <typename T>
std::size_t deserialize(std::span<const std::uint8_t> bytes, T& out, const char* what);

/// Append the compact-protocol encoding of `value` to `out`.
template <typename T>
void serialize(const T& value, std::string& out);

}  // namespace qbt::data::parquet
