#pragma once
/// What a feature matrix is asked to compute: a list of indicators with parameters, an optional
/// input field and an optional column prefix, written by hand or read from the JSON format that
/// docs/features.md specifies (`qbt features --spec`).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qbt/data/bar_frame.hpp"

namespace qbt::features {

/// One parameter override, by the indicator's (backtrader's) parameter name.
struct FeatureParam {
  std::string name{};
  double value = 0.0;
};

/// One requested indicator. Parameters not given keep their defaults.
struct FeatureSpec {
  std::string indicator{};            ///< name or alias, any case (`sma`, `MACDHisto`)
  std::vector<FeatureParam> params{}; ///< overrides, each name at most once
  /// The field a single-input indicator reads instead of close (`SMA` of volume); not allowed
  /// for indicators that read several fields.
  std::optional<data::Field> input{};
  /// Column prefix replacing the automatic `<name>_<param values>` (see docs/features.md).
  std::string prefix{};
};

/// Parse a feature spec document: `{"features": [...]}` or a bare array, each entry an object
/// with "indicator" (required), "params" (object of numbers or booleans), "input" (open, high,
/// low, close, volume) and "prefix", or just the indicator name as a string. Throws
/// UserInputError naming `source` and the entry for malformed JSON, unknown keys or wrong types.
/// Indicator names and parameter values are checked later, when the plan is made.
[[nodiscard]] std::vector<FeatureSpec> parse_feature_specs(std::string_view json_text,
                                                           const std::string& source = "<spec>");

/// Read and parse the feature spec file `path`; IoError if it cannot be read.
[[nodiscard]] std::vector<FeatureSpec> read_feature_specs(const std::string& path);

/// The field called `name` (open, high, low, close, volume; any case), if any.
[[nodiscard]] std::optional<data::Field> parse_field(std::string_view name) noexcept;

}  // namespace qbt::features
