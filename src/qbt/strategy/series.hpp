#pragma once
/// Indicator series as strategies read them: naming one line of a registered indicator as a
/// SeriesKey, and computing it on bars into a caller's buffer. The optimizer computes each
/// distinct key once and hands the same column to every parameter combination that reads it.

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "qbt/core/aligned_allocator.hpp"
#include "qbt/data/bar_frame.hpp"
#include "qbt/indicators/indicator.hpp"
#include "qbt/strategy/signal_strategy.hpp"

namespace qbt::strategy {

/// The canonical key of line `line` of built-in indicator `indicator` with `args` (the other
/// parameters at their defaults) fed `inputs`: canonical name, every parameter in spec order,
/// and `inputs` left empty when they are the fields the indicator declares, so equal series get
/// equal keys. Throws UserInputError for parameters the indicator rejects; an unknown indicator
/// or line is a bug in the caller (InternalError).
[[nodiscard]] SeriesKey series_key(std::string_view indicator,
                                   std::initializer_list<indicators::ParamArg> args,
                                   std::string_view line, std::vector<data::Field> inputs = {});

/// Compute the series `key` names on `bars` into `out` (one element per bar), with
/// indicators::builtin_indicators(). The indicator's other lines go to scratch buffers.
void compute_series(const SeriesKey& key, const data::BarFrame& bars, std::span<double> out);

/// The series `key` names, computed chunk by chunk with its indicator's streaming state (for
/// bars that never fit in memory at once): each next() carries on where the previous stopped.
/// The values equal compute_series() over all the bars bit for bit for the indicators whose
/// streaming and batch forms share one arithmetic, which includes every indicator the built-in
/// strategies read (vector/test/test_streaming_backtest.cpp checks them).
class SeriesStream {
public:
  /// Throws as compute_series() does for a malformed key.
  explicit SeriesStream(const SeriesKey& key);

  /// Compute the series on the next bars into `out` (one element per bar).
  void next(const data::BarFrame& bars, std::span<double> out);
  /// About how many bytes of state it keeps between chunks (its window), for memory budgets.
  [[nodiscard]] std::size_t state_bytes() const noexcept { return state_bytes_; }

private:
  std::unique_ptr<indicators::IndicatorStream> stream_;
  std::vector<data::Field> fields_;
  std::vector<double> lines_;  ///< every output line of the current bar
  std::size_t line_ = 0;
  std::size_t state_bytes_ = 0;
};

/// Bytes one computed series of `n_bars` bars occupies (a 64-byte aligned column of doubles),
/// for cache budgets.
[[nodiscard]] std::size_t series_bytes(std::size_t n_bars) noexcept;

/// Compute every series `strategy.series(params)` lists, in that order: the `series` argument
/// of signals(), for callers that do not share series between parameter sets.
[[nodiscard]] std::vector<AlignedVector<double>> compute_all_series(const SignalStrategy& strategy,
                                                                    const ParamSet& params,
                                                                    const data::BarFrame& bars);

}  // namespace qbt::strategy
