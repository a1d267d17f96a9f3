#pragma once
/// The contract of a built-in signal strategy: named parameters with ranges, the indicator
/// series it reads, and a function that turns those series into entry and exit flags. Both
/// engines run the same strategies: the vectorized engine (qbt backtest, qbt optimize) calls
/// signals() once per parameter combination, never per bar; the optimizer asks series() for the
/// indicator lines each combination reads, computes each distinct one once and shares it. A
/// larger-than-memory run computes the same flags chunk by chunk (next_signals, SignalCarry).

#include <algorithm>
#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qbt/data/bar_frame.hpp"
#include "qbt/indicators/basic/crossover.hpp"
#include "qbt/indicators/indicator.hpp"

namespace qbt::strategy {

using indicators::ParamSpec;

/// Most parameters a strategy may declare.
inline constexpr std::size_t k_max_strategy_params = 8;

/// Parameter values of one strategy in its spec order (validated by SignalStrategy::resolve).
struct ParamSet {
  std::array<double, k_max_strategy_params> values{};
  std::uint8_t size = 0;

  [[nodiscard]] double operator[](std::size_t index) const noexcept { return values[index]; }
  [[nodiscard]] std::span<const double> view() const noexcept { return {values.data(), size}; }
  friend bool operator==(const ParamSet& a, const ParamSet& b) noexcept {
    return a.size == b.size &&
           std::equal(a.values.begin(), a.values.begin() + a.size, b.values.begin());
  }
};

/// One output line of one registered indicator computed on the bars: the unit the optimizer
/// caches. `params` are in the indicator's spec order (every parameter, defaults included), so
/// equal keys mean equal series.
struct SeriesKey {
  std::string indicator;       ///< canonical registry name, e.g. "SMA"
  std::vector<double> params;  ///< the indicator's parameters, all of them, in spec order
  std::int32_t line = 0;       ///< index of the output line
  /// Fields fed to the indicator in its input order; empty = the fields it declares (so
  /// Highest of `high` is {"Highest", {20}, 0, {Field::high}}).
  std::vector<data::Field> inputs;

  friend auto operator<=>(const SeriesKey&, const SeriesKey&) = default;
  friend bool operator==(const SeriesKey&, const SeriesKey&) = default;
};

/// Per-bar flags a strategy writes: 1 = signal on that bar's close, 0 = none. Each span has
/// one element per bar.
struct SignalSpans {
  std::span<std::uint8_t> entries;
  std::span<std::uint8_t> exits;
};

/// What a strategy's signals carry from one bar to the next when the bars arrive in chunks (a
/// larger-than-memory run calls next_signals() once per chunk): a few numbers, never a series.
/// Value-initialised before the first chunk. Why a state rather than a few bars of overlap: a
/// crossing compares with the last non-zero difference of the two series (backtrader's
/// NonZeroDifference), which a run of exact touches can push arbitrarily far back. The built-in
/// strategies need at most two crossing tests and the previous bar of two series; a strategy
/// that needs more adds a field here.
struct SignalCarry {
  std::array<indicators::CrossState, 2> crossings{};
  std::array<bool, 2> started{};  ///< crossings[k] has seen a bar with both series defined
  std::array<double, 2> previous{indicators::k_nan, indicators::k_nan};  ///< last bar's values
};

class SignalStrategy {
public:
  SignalStrategy() = default;
  SignalStrategy(const SignalStrategy&) = delete;
  SignalStrategy& operator=(const SignalStrategy&) = delete;
  virtual ~SignalStrategy() = default;

  /// The name users type (`sma_cross`).
  [[nodiscard]] virtual std::string_view name() const noexcept = 0;
  /// One line: what it trades on.
  [[nodiscard]] virtual std::string_view doc() const noexcept = 0;
  /// Parameters with defaults, ranges and docs, in the order ParamSet holds them.
  [[nodiscard]] virtual const std::vector<ParamSpec>& params() const noexcept = 0;

  /// Defaults overridden by `args` (name, value); UserInputError naming the strategy and the
  /// parameter for an unknown or repeated name, a wrong kind, a value out of range or a failed
  /// cross-parameter check (`sma_cross: parameter 'fast' must be < 'slow' (10 >= 5)`).
  [[nodiscard]] ParamSet resolve(std::span<const indicators::ParamArg> args) const;
  /// Check the cross-parameter rules of an already range-checked set.
  virtual void validate(const ParamSet& params) const;
  /// Render as `sma_cross(fast=10, slow=50)`.
  [[nodiscard]] std::string to_string(const ParamSet& params) const;
  /// Index of parameter `name` or -1.
  [[nodiscard]] std::int32_t param_index(std::string_view name) const noexcept;

  /// Append the series signals() reads for `params`, in the order it reads them.
  virtual void series(const ParamSet& params, std::vector<SeriesKey>& out) const = 0;

  /// Write entries and exits for every bar from the series listed by series() (same order,
  /// each as long as `bars`): next_signals() over all the bars at once.
  void signals(const ParamSet& params, const data::BarFrame& bars,
               std::span<const std::span<const double>> series, SignalSpans out) const {
    SignalCarry carry;
    next_signals(params, bars, series, out, carry);
  }

  /// Write entries and exits for the next chunk of a series of bars: `bars`, `series` (as
  /// signals() takes them) and `out` hold only this chunk's bars, `carry` what the earlier
  /// chunks left (fresh for the first). Any chunking gives the flags of one call over all the
  /// bars, bit for bit. Must be a pure function of its inputs and `carry`, so a sweep is
  /// deterministic, and must not look ahead: bar t's flags depend on bars 0..t only.
  virtual void next_signals(const ParamSet& params, const data::BarFrame& bars,
                            std::span<const std::span<const double>> series, SignalSpans out,
                            SignalCarry& carry) const = 0;
};

/// Check the shapes signals() relies on: `count` series and both flag spans, each one element
/// per bar. A mismatch is a bug in the caller (InternalError); checked once per call, not per bar.
void check_signal_shapes(const data::BarFrame& bars,
                         std::span<const std::span<const double>> series, std::size_t count,
                         const SignalSpans& out);

/// Throw `<strategy>: parameter '<param>' <what>` as a UserInputError, for validate().
[[noreturn]] void throw_param_error(const SignalStrategy& strategy, std::string_view param,
                                    std::string_view what);
/// Require params[smaller] < params[larger], the usual cross-parameter rule (fast < slow).
void require_less(const SignalStrategy& strategy, const ParamSet& params,
                  std::string_view smaller, std::string_view larger);

}  // namespace qbt::strategy
