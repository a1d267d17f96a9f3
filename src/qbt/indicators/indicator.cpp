#include "qbt/indicators/indicator.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "qbt/core/ascii.hpp"
#include "qbt/core/check.hpp"
#include "qbt/core/error.hpp"

namespace qbt::indicators {

const char* to_string(ParamKind kind) noexcept {
  switch (kind) {
    case ParamKind::integer: return "integer";
    case ParamKind::real: return "real";
    case ParamKind::boolean: return "boolean";
  }
  return "unknown";
}

ParamSpec period_param(std::int32_t default_value, std::string doc, std::string name,
                       std::int32_t min_value) {
  return integer_param(std::move(name), default_value, min_value, k_max_period, std::move(doc));
}

ParamSpec integer_param(std::string name, std::int32_t default_value, std::int32_t min_value,
                        std::int32_t max_value, std::string doc) {
  return {std::move(name), ParamKind::integer, static_cast<double>(default_value),
          static_cast<double>(min_value), static_cast<double>(max_value), std::move(doc)};
}

ParamSpec real_param(std::string name, double default_value, double min_value, double max_value,
                     std::string doc) {
  return {std::move(name), ParamKind::real, default_value, min_value, max_value, std::move(doc)};
}

ParamSpec bool_param(std::string name, bool default_value, std::string doc) {
  return {std::move(name), ParamKind::boolean, default_value ? 1.0 : 0.0, 0.0, 1.0,
          std::move(doc)};
}

void check_param_range(std::string_view indicator, std::string_view param, double value,
                       double min_value, double max_value) {
  if (std::isnan(value)) {
    throw UserInputError(
        fmt::format("{}: parameter '{}' must be a number, got {}", indicator, param, value));
  }
  if (value < min_value) {
    throw UserInputError(fmt::format("{}: parameter '{}' must be >= {}, got {}", indicator, param,
                                     min_value, value));
  }
  if (value > max_value) {
    throw UserInputError(fmt::format("{}: parameter '{}' must be <= {}, got {}", indicator, param,
                                     max_value, value));
  }
}

std::int32_t check_period(std::string_view indicator, std::int32_t period,
                          std::string_view param) {
  check_param_range(indicator, param, period, 1, k_max_period);
  return period;
}

double ParamValues::value_of(std::string_view name, ParamKind kind) const {
  const std::int32_t index = indicator_->param_index(name);
  if (index < 0) {
    throw InternalError(fmt::format("{}: no parameter '{}'", indicator_->name(), name));
  }
  const ParamSpec& spec = indicator_->params()[static_cast<std::size_t>(index)];
  if (spec.kind != kind && !(kind == ParamKind::real && spec.kind == ParamKind::integer)) {
    throw InternalError(fmt::format("{}: parameter '{}' is {}, read as {}", indicator_->name(),
                                    name, indicators::to_string(spec.kind),
                                    indicators::to_string(kind)));
  }
  return values_[static_cast<std::size_t>(index)];
}

double ParamValues::real(std::string_view name) const { return value_of(name, ParamKind::real); }

std::int32_t ParamValues::integer(std::string_view name) const {
  return static_cast<std::int32_t>(value_of(name, ParamKind::integer));
}

bool ParamValues::boolean(std::string_view name) const {
  return value_of(name, ParamKind::boolean) != 0.0;
}

std::string ParamValues::to_string() const {
  std::string out = indicator_->name() + "(";
  for (std::size_t i = 0; i < size_; ++i) {
    const ParamSpec& spec = indicator_->params()[i];
    if (i > 0) {
      out += ", ";
    }
    if (spec.kind == ParamKind::boolean) {
      out += fmt::format("{}={}", spec.name, values_[i] != 0.0);
    } else {
      out += fmt::format("{}={}", spec.name, values_[i]);
    }
  }
  return out + ")";
}

bool operator==(const ParamValues& a, const ParamValues& b) noexcept {
  return a.indicator_ == b.indicator_ && a.size_ == b.size_ &&
         std::equal(a.values_.begin(), a.values_.begin() + a.size_, b.values_.begin());
}

namespace {

void check_spec(const IndicatorDef& def, const ParamSpec& spec) {
  const auto fail = [&](std::string_view what) {
    throw InternalError(fmt::format("indicator {}: parameter '{}' {}", def.name, spec.name, what));
  };
  if (spec.name.empty()) {
    fail("has no name");
  }
  if (spec.doc.empty()) {
    fail("has no doc");
  }
  if (!(spec.min_value <= spec.default_value && spec.default_value <= spec.max_value)) {
    fail("has a default outside its range");
  }
  if (spec.kind != ParamKind::real &&
      (std::trunc(spec.default_value) != spec.default_value ||
       std::trunc(spec.min_value) != spec.min_value)) {
    fail("is integral but has a fractional default or minimum");
  }
}

}  // namespace

Indicator::Indicator(IndicatorDef def) : def_(std::move(def)) {
  const auto fail = [&](std::string_view what) {
    throw InternalError(fmt::format("indicator '{}': {}", def_.name, what));
  };
  if (def_.name.empty()) {
    fail("has no name");
  }
  if (def_.doc.empty() || def_.reference.empty()) {
    fail("needs a doc and a reference");
  }
  if (def_.inputs.empty() || def_.outputs.empty()) {
    fail("needs at least one input and one output");
  }
  if (def_.params.size() > k_max_params) {
    fail(fmt::format("declares more than {} parameters", k_max_params));
  }
  if (def_.lookback == nullptr || def_.batch == nullptr || def_.make_stream == nullptr) {
    fail("needs lookback, batch and make_stream");
  }
  for (std::size_t i = 0; i < def_.params.size(); ++i) {
    check_spec(def_, def_.params[i]);
    for (std::size_t j = 0; j < i; ++j) {
      if (def_.params[j].name == def_.params[i].name) {
        fail(fmt::format("declares parameter '{}' twice", def_.params[i].name));
      }
    }
  }
  for (std::size_t i = 0; i < def_.outputs.size(); ++i) {
    if (def_.outputs[i].empty() ||
        std::count(def_.outputs.begin(), def_.outputs.end(), def_.outputs[i]) != 1) {
      fail("has an empty or repeated output name");
    }
  }
  const ParamValues params = defaults();
  if (def_.validate != nullptr) {
    def_.validate(params);
  }
  const auto stream = def_.make_stream(params);
  if (stream == nullptr || stream->input_count() != def_.inputs.size() ||
      stream->output_count() != def_.outputs.size()) {
    fail("stream input/output counts differ from the declared inputs/outputs");
  }
  if (def_.lookback(params) < 0) {
    fail("has a negative lookback");
  }
}

std::int32_t Indicator::param_index(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < def_.params.size(); ++i) {
    if (def_.params[i].name == name) {
      return static_cast<std::int32_t>(i);
    }
  }
  return -1;
}

std::int32_t Indicator::output_index(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < def_.outputs.size(); ++i) {
    if (def_.outputs[i] == name) {
      return static_cast<std::int32_t>(i);
    }
  }
  return -1;
}

ParamValues Indicator::defaults() const {
  ParamValues params(*this);
  params.size_ = static_cast<std::uint8_t>(def_.params.size());
  for (std::size_t i = 0; i < def_.params.size(); ++i) {
    params.values_[i] = def_.params[i].default_value;
  }
  return params;
}

ParamValues Indicator::resolve(std::span<const ParamArg> args) const {
  ParamValues params = defaults();
  std::array<bool, k_max_params> given{};
  for (const ParamArg& arg : args) {
    const std::int32_t index = param_index(arg.name);
    if (index < 0) {
      std::string known;
      for (const ParamSpec& spec : def_.params) {
        known += (known.empty() ? "" : ", ") + spec.name;
      }
      throw UserInputError(fmt::format("{}: unknown parameter '{}' (known: {})", def_.name,
                                       arg.name, known.empty() ? "none" : known));
    }
    const auto slot = static_cast<std::size_t>(index);
    const ParamSpec& spec = def_.params[slot];
    if (given[slot]) {
      throw UserInputError(fmt::format("{}: parameter '{}' given twice", def_.name, spec.name));
    }
    given[slot] = true;
    if (!std::isfinite(arg.value)) {
      throw UserInputError(fmt::format("{}: parameter '{}' must be a finite number, got {}",
                                       def_.name, spec.name, arg.value));
    }
    if (spec.kind == ParamKind::integer && std::trunc(arg.value) != arg.value) {
      throw UserInputError(fmt::format("{}: parameter '{}' must be an integer, got {}", def_.name,
                                       spec.name, arg.value));
    }
    if (spec.kind == ParamKind::boolean && arg.value != 0.0 && arg.value != 1.0) {
      throw UserInputError(fmt::format("{}: parameter '{}' must be 0 or 1 (false or true), got {}",
                                       def_.name, spec.name, arg.value));
    }
    check_param_range(def_.name, spec.name, arg.value, spec.min_value, spec.max_value);
    params.values_[slot] = arg.value;
  }
  if (def_.validate != nullptr) {
    def_.validate(params);
  }
  return params;
}

ParamValues Indicator::resolve(std::initializer_list<ParamArg> args) const {
  return resolve(std::span<const ParamArg>(args.begin(), args.size()));
}

double Indicator::parse_param_value(std::string_view name, std::string_view text) const {
  const std::int32_t index = param_index(name);
  if (index >= 0 && def_.params[static_cast<std::size_t>(index)].kind == ParamKind::boolean) {
    const std::string word = ascii_lower(text);
    if (word == "true") {
      return 1.0;
    }
    if (word == "false") {
      return 0.0;
    }
  }
  double value = 0.0;
  const char* const end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) {
    throw UserInputError(fmt::format("{}: parameter '{}' must be a number, got {}", def_.name,
                                     name, quote_excerpt(text)));
  }
  return value;
}

void Indicator::check_owns(const ParamValues& params) const {
  if (&params.indicator() != this) {
    throw InternalError(fmt::format("{}: given parameters of {}", def_.name,
                                    params.indicator().name()));
  }
}

std::int32_t Indicator::lookback(const ParamValues& params) const {
  check_owns(params);
  return def_.lookback(params);
}

void Indicator::compute(const ParamValues& params, BatchInputs inputs,
                        BatchOutputs outputs) const {
  check_owns(params);
  QBT_CHECK_OP(inputs.size(), ==, def_.inputs.size());
  QBT_CHECK_OP(outputs.size(), ==, def_.outputs.size());
  const std::size_t rows = inputs[0].size();
  for (const auto& column : inputs) {
    QBT_CHECK_OP(column.size(), ==, rows);
  }
  for (const auto& column : outputs) {
    QBT_CHECK_OP(column.size(), ==, rows);
  }
  def_.batch(params, inputs, outputs);
}

LineColumns Indicator::compute(const ParamValues& params, BatchInputs inputs) const {
  const std::size_t rows = inputs.empty() ? 0 : inputs[0].size();
  LineColumns lines(def_.outputs.size(), AlignedVector<double>(rows));
  std::vector<std::span<double>> outputs(lines.begin(), lines.end());
  compute(params, inputs, outputs);
  return lines;
}

LineColumns Indicator::compute(const ParamValues& params, const data::BarFrame& bars) const {
  std::vector<std::span<const double>> inputs;
  inputs.reserve(def_.inputs.size());
  for (const Field field : def_.inputs) {
    inputs.push_back(bars.field(field));
  }
  return compute(params, inputs);
}

std::unique_ptr<IndicatorStream> Indicator::make_stream(const ParamValues& params) const {
  check_owns(params);
  return def_.make_stream(params);
}

void throw_param_error(const ParamValues& params, std::string_view param, std::string_view what) {
  throw UserInputError(
      fmt::format("{}: parameter '{}' {}", params.indicator().name(), param, what));
}

void require_less(const ParamValues& params, std::string_view smaller, std::string_view larger) {
  const double a = params.real(smaller);
  const double b = params.real(larger);
  if (!(a < b)) {
    throw_param_error(params, smaller,
                      fmt::format("must be < '{}' ({}), got {}", larger, b, a));
  }
}

}  // namespace qbt::indicators
