#pragma once
/// The feature matrix: many indicators over one or many symbols in one call, into one
/// FeatureTable per symbol. Identical requests are computed once, and the work (one task per
/// symbol and distinct computation) runs in parallel on oneTBB. Every kernel runs serially on
/// its own output, so the result is bit-identical whatever the thread count.
///
/// Column names (stable; docs/features.md): `<prefix>` for a one-line indicator and
/// `<prefix>.<line>` otherwise, where the automatic prefix is the lower-case canonical name
/// followed by every parameter value in the indicator's order, then the input field if it is
/// not the default: `sma_30`, `macdhisto_12_26_9.signal`, `sma_20_volume`, `obv`.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "qbt/data/bar_frame.hpp"
#include "qbt/features/feature_spec.hpp"
#include "qbt/features/feature_table.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::features {

/// One distinct computation: an indicator, its resolved parameters and the fields it reads.
struct FeatureComputation {
  const indicators::Indicator* indicator;
  indicators::ParamValues params;
  std::vector<data::Field> inputs;
};

/// One output column: which computation and which of its lines.
struct FeatureColumn {
  std::string name;
  std::size_t computation = 0;
  std::size_t line = 0;
};

/// A checked, deduplicated plan for a list of specs: resolve names and parameters once, then run
/// on any number of symbols.
class FeaturePlan {
public:
  /// Resolve every spec against `registry`. Throws UserInputError prefixed `feature N: ` (N
  /// counts from 1) for an unknown indicator or parameter, a bad value, an `input` on an
  /// indicator that reads several fields, or a column name that two different computations
  /// would produce. A spec repeated exactly adds nothing; the same computation under another
  /// prefix adds columns but no work.
  explicit FeaturePlan(std::span<const FeatureSpec> specs,
                       const indicators::IndicatorRegistry& registry =
                           indicators::builtin_indicators());

  [[nodiscard]] const std::vector<FeatureComputation>& computations() const noexcept {
    return computations_;
  }
  [[nodiscard]] const std::vector<FeatureColumn>& columns() const noexcept { return columns_; }
  [[nodiscard]] std::vector<std::string> column_names() const;
  /// The longest warm-up over the computations: rows before every column can be defined.
  [[nodiscard]] std::int32_t lookback() const;

private:
  std::vector<FeatureComputation> computations_;
  std::vector<FeatureColumn> columns_;
};

/// The automatic column prefix of a computation, e.g. `sma_30` or `sma_20_volume`.
[[nodiscard]] std::string default_prefix(const indicators::ParamValues& params,
                                         std::span<const data::Field> inputs);

struct FeatureOptions {
  /// Worker threads; 0 uses every core. The results do not depend on it.
  std::size_t threads = 0;
};

/// Compute `plan` over each symbol's bars; one table per frame, in the same order.
[[nodiscard]] std::vector<FeatureTable> compute_features(std::span<const data::BarFrame> symbols,
                                                         const FeaturePlan& plan,
                                                         const FeatureOptions& options = {});
/// Compute `plan` over one symbol's bars.
[[nodiscard]] FeatureTable compute_features(const data::BarFrame& bars, const FeaturePlan& plan,
                                            const FeatureOptions& options = {});
/// Plan `specs` with the built-in indicators and compute them over one symbol's bars.
[[nodiscard]] FeatureTable compute_features(const data::BarFrame& bars,
                                            std::span<const FeatureSpec> specs,
                                            const FeatureOptions& options = {});

}  // namespace qbt::features
