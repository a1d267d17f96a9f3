#pragma once
/// A small, portable random number generator: the same seed gives the same stream of bits on
/// every machine, compiler and standard library.
///
/// The standard library's engines are portable but its distributions
/// (std::normal_distribution, std::uniform_real_distribution) are implementation-defined, so a
/// synthetic data set or a random search seeded with 42 would differ between libstdc++ and libc++.
/// qbt therefore draws its own variates: xoshiro256** (Blackman & Vigna) seeded through
/// splitmix64, uniform doubles from the top 53 bits, and normal and exponential variates by the
/// ziggurat method (Marsaglia & Tsang 2000, 256 layers, with the layer index taken from bits
/// independent of the uniform as Doornik 2005 recommends). The tables and the rare tail and wedge
/// draws use portable_exp and portable_log below, not libm, so every variate is bit-identical on
/// every IEEE-754 machine that evaluates double arithmetic without contracting a*b+c into a fused
/// multiply-add (rng.cpp is compiled with -ffp-contract=off).

#include <array>
#include <cstdint>

namespace qbt {

/// Advance a splitmix64 state and return its next output. Used to expand one 64-bit seed into a
/// full generator state, and handy for deriving independent seeds (one per task) from one seed.
[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  state += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31U);
}

/// Natural logarithm from additions, multiplications and one division only, so its result is the
/// same on every IEEE-754 machine (libm's log may differ in the last bit between libraries).
/// Accurate to about 1 ulp; NaN for negative or NaN input, -inf for 0, +inf for +inf.
[[nodiscard]] double portable_log(double x) noexcept;

/// e^x from additions and multiplications plus a 64-entry table, bit-identical everywhere for
/// the same reason as portable_log. Accurate to about 1 ulp; 0 below -745, +inf above 709.78.
[[nodiscard]] double portable_exp(double x) noexcept;

/// xoshiro256**: 256 bits of state, period 2^256 - 1, fast and statistically strong. Not for
/// cryptography. Copying a generator copies its stream.
class Rng {
public:
  using State = std::array<std::uint64_t, 4>;

  /// Seed from one 64-bit number; the state is the next four outputs of splitmix64(seed), the
  /// seeding the xoshiro authors recommend (it never yields the all-zero state).
  explicit Rng(std::uint64_t seed) noexcept;

  /// Start from an explicit state (for reference vectors and checkpoints). The state must not
  /// be all zeros.
  [[nodiscard]] static Rng from_state(const State& state) noexcept;
  [[nodiscard]] const State& state() const noexcept { return state_; }

  /// The next 64 random bits.
  [[nodiscard]] std::uint64_t next_u64() noexcept {
    const std::uint64_t result = rotl(state_[1] * 5U, 7) * 9U;
    const std::uint64_t t = state_[1] << 17U;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  /// A uniform double in [0, 1): the top 53 bits scaled by 2^-53, so every value is a multiple
  /// of 2^-53 and all are equally likely.
  [[nodiscard]] double uniform() noexcept {
    return static_cast<double>(next_u64() >> 11U) * 0x1.0p-53;
  }

  /// A uniform double in (0, 1]: never 0, so its logarithm is finite.
  [[nodiscard]] double uniform_positive() noexcept {
    return static_cast<double>((next_u64() >> 11U) + 1U) * 0x1.0p-53;
  }

  /// A uniform integer in [0, n) without modulo bias (rejection sampling); 0 when n is 0.
  [[nodiscard]] std::uint64_t below(std::uint64_t n) noexcept;

  /// A standard normal variate (mean 0, variance 1); about one 64-bit draw per variate.
  [[nodiscard]] double normal() noexcept;

  /// An exponential variate with mean 1, e.g. a waiting time or -log of a uniform, without the
  /// logarithm; about one 64-bit draw per variate.
  [[nodiscard]] double exponential() noexcept;

private:
  Rng() = default;

  [[nodiscard]] static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
    return (x << static_cast<unsigned>(k)) | (x >> static_cast<unsigned>(64 - k));
  }

  State state_{};
};

}  // namespace qbt
