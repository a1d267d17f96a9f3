#include "qbt/strategy/signal_strategy.hpp"

#include <cmath>

#include <fmt/format.h>

#include "qbt/core/check.hpp"
#include "qbt/core/error.hpp"

namespace qbt::strategy {

using indicators::ParamArg;
using indicators::ParamKind;

ParamSet SignalStrategy::resolve(std::span<const ParamArg> args) const {
  const std::vector<ParamSpec>& specs = params();
  if (specs.size() > k_max_strategy_params) {
    throw InternalError(fmt::format("strategy {}: declares more than {} parameters", name(),
                                    k_max_strategy_params));
  }
  ParamSet set;
  set.size = static_cast<std::uint8_t>(specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) {
    set.values[i] = specs[i].default_value;
  }
  std::array<bool, k_max_strategy_params> given{};
  for (const ParamArg& arg : args) {
    const std::int32_t index = param_index(arg.name);
    if (index < 0) {
      std::string known;
      for (const ParamSpec& spec : specs) {
        known += (known.empty() ? "" : ", ") + spec.name;
      }
      throw UserInputError(fmt::format("{}: unknown parameter '{}' (known: {})", name(), arg.name,
                                       known.empty() ? "none" : known));
    }
    const auto slot = static_cast<std::size_t>(index);
    const ParamSpec& spec = specs[slot];
    if (given[slot]) {
      throw UserInputError(fmt::format("{}: parameter '{}' given twice", name(), spec.name));
    }
    given[slot] = true;
    if (!std::isfinite(arg.value)) {
      throw UserInputError(fmt::format("{}: parameter '{}' must be a finite number, got {}",
                                       name(), spec.name, arg.value));
    }
    if (spec.kind == ParamKind::integer && std::trunc(arg.value) != arg.value) {
      throw UserInputError(fmt::format("{}: parameter '{}' must be an integer, got {}", name(),
                                       spec.name, arg.value));
    }
    if (spec.kind == ParamKind::boolean && arg.value != 0.0 && arg.value != 1.0) {
      throw UserInputError(fmt::format("{}: parameter '{}' must be 0 or 1 (false or true), got {}",
                                       name(), spec.name, arg.value));
    }
    indicators::check_param_range(name(), spec.name, arg.value, spec.min_value, spec.max_value);
    set.values[slot] = arg.value;
  }
  validate(set);
  return set;
}

void SignalStrategy::validate(const ParamSet& /*params*/) const {}

std::string SignalStrategy::to_string(const ParamSet& params) const {
  const std::vector<ParamSpec>& specs = this->params();
  std::string out = fmt::format("{}(", name());
  for (std::size_t i = 0; i < params.size && i < specs.size(); ++i) {
    if (i > 0) {
      out += ", ";
    }
    if (specs[i].kind == ParamKind::boolean) {
      out += fmt::format("{}={}", specs[i].name, params[i] != 0.0);
    } else {
      out += fmt::format("{}={}", specs[i].name, params[i]);
    }
  }
  return out + ")";
}

std::int32_t SignalStrategy::param_index(std::string_view name) const noexcept {
  const std::vector<ParamSpec>& specs = params();
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].name == name) {
      return static_cast<std::int32_t>(i);
    }
  }
  return -1;
}

void check_signal_shapes(const data::BarFrame& bars,
                         std::span<const std::span<const double>> series, std::size_t count,
                         const SignalSpans& out) {
  QBT_CHECK_OP(series.size(), ==, count);
  for (const std::span<const double> column : series) {
    QBT_CHECK_OP(column.size(), ==, bars.size());
  }
  QBT_CHECK_OP(out.entries.size(), ==, bars.size());
  QBT_CHECK_OP(out.exits.size(), ==, bars.size());
}

void throw_param_error(const SignalStrategy& strategy, std::string_view param,
                       std::string_view what) {
  throw UserInputError(fmt::format("{}: parameter '{}' {}", strategy.name(), param, what));
}

void require_less(const SignalStrategy& strategy, const ParamSet& params,
                  std::string_view smaller, std::string_view larger) {
  const std::int32_t a_index = strategy.param_index(smaller);
  const std::int32_t b_index = strategy.param_index(larger);
  if (a_index < 0 || b_index < 0) {
    throw InternalError(fmt::format("strategy {}: require_less on unknown parameters '{}', '{}'",
                                    strategy.name(), smaller, larger));
  }
  const double a = params[static_cast<std::size_t>(a_index)];
  const double b = params[static_cast<std::size_t>(b_index)];
  if (!(a < b)) {
    throw_param_error(strategy, smaller, fmt::format("must be < '{}' ({} >= {})", larger, a, b));
  }
}

}  // namespace qbt::strategy
