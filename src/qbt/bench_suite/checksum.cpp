#include "qbt/bench_suite/checksum.hpp"

#include <xxhash.h>

#include <fmt/format.h>

#include "qbt/core/error.hpp"

namespace qbt::bench_suite {

struct Checksum::State {
  XXH3_state_t* xxh = nullptr;
};

Checksum::Checksum() : state_(std::make_unique<State>()) {
  state_->xxh = XXH3_createState();
  if (state_->xxh == nullptr || XXH3_64bits_reset(state_->xxh) != XXH_OK) {
    XXH3_freeState(state_->xxh);
    throw InternalError("cannot initialise an XXH3 state");
  }
}

Checksum::~Checksum() { XXH3_freeState(state_->xxh); }

Checksum& Checksum::add(std::span<const double> values) {
  (void)XXH3_64bits_update(state_->xxh, values.data(), values.size_bytes());
  return *this;
}

Checksum& Checksum::add(std::span<const std::int64_t> values) {
  (void)XXH3_64bits_update(state_->xxh, values.data(), values.size_bytes());
  return *this;
}

Checksum& Checksum::add(double value) { return add(std::span<const double>(&value, 1)); }

Checksum& Checksum::add(std::int64_t value) {
  return add(std::span<const std::int64_t>(&value, 1));
}

Checksum& Checksum::add(std::string_view bytes) {
  (void)XXH3_64bits_update(state_->xxh, bytes.data(), bytes.size());
  return *this;
}

std::uint64_t Checksum::value() const { return XXH3_64bits_digest(state_->xxh); }

std::string Checksum::hex() const { return fmt::format("xxh3:{:016x}", value()); }

}  // namespace qbt::bench_suite
