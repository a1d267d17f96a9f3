#pragma once
/// The indicator contract. Every indicator declares what it reads (OHLCV fields), what it writes
/// (backtrader's line names), its parameters (with ranges and docs), its warm-up and the named
/// reference it reproduces, and offers two ways to run that share one arithmetic: a batch kernel
/// over spans and a streaming state with O(1) update per bar. Generic code (registry, CLI,
/// optimizer, feature matrix, event engine, Python) uses the type-erased `Indicator` below;
/// performance-critical code calls the typed classes and functions of each indicator directly.
///
/// NaN policy, the same for every indicator (docs/indicators.md has examples):
/// - Leading NaN inputs are skipped: the warm-up starts at the first non-NaN input, the way
///   backtrader chains minimum periods. So an indicator fed another one's output (EMA of an EMA)
///   needs no special handling, and `lookback` counts from the first defined input.
/// - After that a NaN input is data, propagated as backtrader does: window indicators (SMA, SumN,
///   Highest, ...) output NaN while a NaN (for sums: any non-finite value) is inside their window
///   and recover after it leaves; recursive ones (EMA, SMMA, ATR, ...) stay NaN from then on.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "qbt/core/aligned_allocator.hpp"
#include "qbt/data/bar_frame.hpp"

namespace qbt::indicators {

/// An OHLCV column an indicator reads; single-series indicators read `close` by default, but
/// generic callers may feed them any series (another indicator's line).
using data::Field;

inline constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

/// Largest window any indicator accepts: keeps every lookback inside int32 and lets the
/// weighted-sum arithmetic multiply by the period exactly (it must stay below 2^26).
inline constexpr std::int32_t k_max_period = 10'000'000;

/// Most parameters one indicator may declare (backtrader's KST has nine).
inline constexpr std::size_t k_max_params = 16;

/// How a parameter's value is read; every value travels as a double.
enum class ParamKind : std::uint8_t {
  integer,  ///< whole numbers (periods, lags); 2.5 is rejected
  real,     ///< any finite number inside the range (factors, thresholds)
  boolean,  ///< 0 or 1 (flags such as backtrader's safediv)
};

[[nodiscard]] const char* to_string(ParamKind kind) noexcept;

/// One parameter: its name (backtrader's, so reference tests and users can pass them straight
/// through), kind, default, inclusive range and a one-line doc.
struct ParamSpec {
  std::string name;
  ParamKind kind = ParamKind::integer;
  double default_value = 0.0;
  double min_value = 0.0;
  double max_value = 0.0;
  std::string doc;
};

/// Declare a window length `name` (default "period") in [min_value, k_max_period].
[[nodiscard]] ParamSpec period_param(std::int32_t default_value,
                                     std::string doc = "number of bars in the window",
                                     std::string name = "period", std::int32_t min_value = 1);
/// Declare an integer parameter in [min_value, max_value].
[[nodiscard]] ParamSpec integer_param(std::string name, std::int32_t default_value,
                                      std::int32_t min_value, std::int32_t max_value,
                                      std::string doc);
/// Declare a real parameter in [min_value, max_value].
[[nodiscard]] ParamSpec real_param(std::string name, double default_value, double min_value,
                                   double max_value, std::string doc);
/// Declare a boolean flag.
[[nodiscard]] ParamSpec bool_param(std::string name, bool default_value, std::string doc);

/// Throw the standard UserInputError (`SMA: parameter 'period' must be >= 1, got 0`) unless
/// min_value <= value <= max_value. Typed constructors use it so their errors read like the
/// registry's.
void check_param_range(std::string_view indicator, std::string_view param, double value,
                       double min_value, double max_value);
/// Check a window length, 1 <= period <= k_max_period, and return it (for member initialisers).
std::int32_t check_period(std::string_view indicator, std::int32_t period,
                          std::string_view param = "period");

class Indicator;

/// The validated parameter values of one indicator, in its spec order. Only an Indicator makes
/// them (defaults() / resolve()), so kernels may trust every value. Cheap to copy, no allocation;
/// refers to its Indicator, which must outlive it (registries live for the program).
class ParamValues {
public:
  [[nodiscard]] const Indicator& indicator() const noexcept { return *indicator_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::span<const double> values() const noexcept { return {values_.data(), size_}; }
  [[nodiscard]] double operator[](std::size_t index) const noexcept { return values_[index]; }

  /// The value of parameter `name`; an unknown name or wrong kind is a bug (InternalError).
  [[nodiscard]] double real(std::string_view name) const;
  [[nodiscard]] std::int32_t integer(std::string_view name) const;
  [[nodiscard]] bool boolean(std::string_view name) const;

  /// Render as `SMA(period=30)`: canonical, so usable as a cache key and in messages.
  [[nodiscard]] std::string to_string() const;

  friend bool operator==(const ParamValues& a, const ParamValues& b) noexcept;

private:
  friend class Indicator;
  explicit ParamValues(const Indicator& indicator) noexcept : indicator_(&indicator) {}
  [[nodiscard]] double value_of(std::string_view name, ParamKind kind) const;

  const Indicator* indicator_;
  std::array<double, k_max_params> values_{};
  std::uint8_t size_ = 0;
};

/// A parameter given by name, from the CLI, a config file, the optimizer or Python.
struct ParamArg {
  std::string_view name;
  double value = 0.0;
};

/// Input columns of a batch call, one span per declared input, all the same length.
using BatchInputs = std::span<const std::span<const double>>;
/// Output columns of a batch call, one span per output line, each as long as the inputs.
using BatchOutputs = std::span<const std::span<double>>;
/// Output lines of one computation, in the indicator's output order.
using LineColumns = std::vector<AlignedVector<double>>;

/// A running indicator fed one bar at a time; the event engine holds one per indicator instance.
class IndicatorStream {
public:
  IndicatorStream() = default;
  IndicatorStream(const IndicatorStream&) = delete;
  IndicatorStream& operator=(const IndicatorStream&) = delete;
  virtual ~IndicatorStream() = default;

  [[nodiscard]] virtual std::size_t input_count() const noexcept = 0;
  [[nodiscard]] virtual std::size_t output_count() const noexcept = 0;
  /// Consume one bar (`bar` holds one value per input, in input order) and write the current
  /// value of every output line to `out`.
  virtual void update(std::span<const double> bar, std::span<double> out) noexcept = 0;
};

/// What an indicator's author registers (see docs/indicators.md). Initialise it with designated
/// initializers in this member order; captureless lambdas convert to the function pointers.
struct IndicatorDef {
  std::string name;                  ///< canonical name, e.g. "SMA" (backtrader's usual alias)
  std::vector<std::string> aliases;  ///< backtrader class name and its other aliases
  std::string doc;                   ///< one line: what it measures
  std::string reference;             ///< e.g. "backtrader MovingAverageSimple (indicators/sma.py)"
  std::vector<Field> inputs;         ///< fields read, in the order the kernels take them
  std::vector<std::string> outputs;  ///< backtrader's line names, in the order written
  std::vector<ParamSpec> params;
  /// Leading undefined outputs for clean input = backtrader's minimum period - 1, maximum over
  /// the lines (some lines may be defined earlier, as MACD's `macd` is).
  std::int32_t (*lookback)(const ParamValues& params) = nullptr;
  /// Fill caller-provided outputs from inputs; no output allocation, no per-bar allocation.
  void (*batch)(const ParamValues& params, BatchInputs inputs, BatchOutputs outputs) = nullptr;
  std::unique_ptr<IndicatorStream> (*make_stream)(const ParamValues& params) = nullptr;
  /// Optional checks across parameters (fast < slow); throw via require_less() or
  /// throw_param_error().
  void (*validate)(const ParamValues& params) = nullptr;
  /// Lines may be NaN after the warm-up by design (Fractal); the property test then does not
  /// require some line to be defined right after `lookback` bars.
  bool nan_after_warmup = false;
};

/// A registered indicator: a validated IndicatorDef plus checked entry points.
class Indicator {
public:
  /// Take a definition, rejecting malformed ones (InternalError): a bug in the indicator.
  explicit Indicator(IndicatorDef def);
  /// ParamValues point at their Indicator, so it stays where it was made (in a registry).
  Indicator(const Indicator&) = delete;
  Indicator& operator=(const Indicator&) = delete;
  ~Indicator() = default;

  [[nodiscard]] const std::string& name() const noexcept { return def_.name; }
  [[nodiscard]] const std::vector<std::string>& aliases() const noexcept { return def_.aliases; }
  [[nodiscard]] const std::string& doc() const noexcept { return def_.doc; }
  [[nodiscard]] const std::string& reference() const noexcept { return def_.reference; }
  [[nodiscard]] const std::vector<Field>& inputs() const noexcept { return def_.inputs; }
  [[nodiscard]] const std::vector<std::string>& outputs() const noexcept { return def_.outputs; }
  [[nodiscard]] const std::vector<ParamSpec>& params() const noexcept { return def_.params; }
  [[nodiscard]] bool nan_after_warmup() const noexcept { return def_.nan_after_warmup; }

  /// Index of parameter `name` (exact, case-sensitive) or -1.
  [[nodiscard]] std::int32_t param_index(std::string_view name) const noexcept;
  /// Index of output line `name` (exact) or -1.
  [[nodiscard]] std::int32_t output_index(std::string_view name) const noexcept;

  /// Every parameter at its default.
  [[nodiscard]] ParamValues defaults() const;
  /// Defaults overridden by `args`; throws UserInputError naming the indicator and parameter for
  /// an unknown or repeated name, a non-integer integer, a value out of range or a failed
  /// cross-parameter check.
  [[nodiscard]] ParamValues resolve(std::span<const ParamArg> args) const;
  [[nodiscard]] ParamValues resolve(std::initializer_list<ParamArg> args) const;
  /// Parse the text of parameter `name` (from the CLI) as a number; UserInputError if it is not.
  [[nodiscard]] double parse_param_value(std::string_view name, std::string_view text) const;

  [[nodiscard]] std::int32_t lookback(const ParamValues& params) const;
  /// backtrader's minimum period: the 1-based bar from which every line is defined on clean
  /// input, i.e. lookback + 1 (DEMA(30): 59).
  [[nodiscard]] std::int32_t min_period(const ParamValues& params) const {
    return lookback(params) + 1;
  }

  /// Run the batch kernel into caller-provided outputs after checking the shapes.
  void compute(const ParamValues& params, BatchInputs inputs, BatchOutputs outputs) const;
  /// Run the batch kernel into freshly allocated columns.
  [[nodiscard]] LineColumns compute(const ParamValues& params, BatchInputs inputs) const;
  /// Run the batch kernel on the declared fields of `bars`.
  [[nodiscard]] LineColumns compute(const ParamValues& params, const data::BarFrame& bars) const;

  [[nodiscard]] std::unique_ptr<IndicatorStream> make_stream(const ParamValues& params) const;

private:
  void check_owns(const ParamValues& params) const;

  IndicatorDef def_;
};

/// Throw `<indicator>: parameter '<param>' <what>` as a UserInputError.
[[noreturn]] void throw_param_error(const ParamValues& params, std::string_view param,
                                    std::string_view what);
/// Require params[smaller] < params[larger] (e.g. MACD's fast < slow).
void require_less(const ParamValues& params, std::string_view smaller, std::string_view larger);

namespace detail {

template <class State, std::size_t... I>
constexpr bool update_takes(std::index_sequence<I...> /*unused*/) {
  return requires(State& state) { state.update(static_cast<double>(I)...); };
}

/// Number of doubles State::update takes (1..6), or 0 if none fits.
template <class State>
constexpr std::size_t update_arity() {
  if constexpr (update_takes<State>(std::make_index_sequence<1>{})) {
    return 1;
  } else if constexpr (update_takes<State>(std::make_index_sequence<2>{})) {
    return 2;
  } else if constexpr (update_takes<State>(std::make_index_sequence<3>{})) {
    return 3;
  } else if constexpr (update_takes<State>(std::make_index_sequence<4>{})) {
    return 4;
  } else if constexpr (update_takes<State>(std::make_index_sequence<5>{})) {
    return 5;
  } else if constexpr (update_takes<State>(std::make_index_sequence<6>{})) {
    return 6;
  } else {
    return 0;
  }
}

template <class State, std::size_t... I>
auto update_from(State& state, const double* bar, std::index_sequence<I...> /*unused*/) noexcept {
  return state.update(bar[I]...);
}

template <class Result>
constexpr std::size_t result_lines() {
  if constexpr (std::is_same_v<Result, double>) {
    return 1;
  } else {
    static_assert(std::is_trivially_copyable_v<Result> && std::is_standard_layout_v<Result> &&
                      alignof(Result) == alignof(double) && sizeof(Result) % sizeof(double) == 0,
                  "a multi-line update() must return a struct of doubles, one per output line");
    return sizeof(Result) / sizeof(double);
  }
}

template <class Result>
void store_result(const Result& result, double* out) noexcept {
  if constexpr (std::is_same_v<Result, double>) {
    *out = result;
  } else {
    std::memcpy(out, &result, sizeof(Result));
  }
}

}  // namespace detail

/// The shape of a typed streaming state: `update` takes one double per input (in input order)
/// and returns a double, or for several lines a struct of doubles in output-line order.
template <class State>
concept StreamingState = detail::update_arity<State>() > 0;

/// Number of inputs and output lines of a typed streaming state.
template <StreamingState State>
inline constexpr std::size_t k_state_inputs = detail::update_arity<State>();
template <StreamingState State>
inline constexpr std::size_t k_state_outputs = detail::result_lines<decltype(detail::update_from(
    std::declval<State&>(), nullptr, std::make_index_sequence<detail::update_arity<State>()>{}))>();

/// Wraps a typed streaming state as an IndicatorStream: one virtual call per bar, then the
/// state's inlined update.
template <StreamingState State>
class StreamAdapter final : public IndicatorStream {
public:
  explicit StreamAdapter(State state) : state_(std::move(state)) {}

  [[nodiscard]] std::size_t input_count() const noexcept override {
    return k_state_inputs<State>;
  }
  [[nodiscard]] std::size_t output_count() const noexcept override {
    return k_state_outputs<State>;
  }
  void update(std::span<const double> bar, std::span<double> out) noexcept override {
    detail::store_result(
        detail::update_from(state_, bar.data(), std::make_index_sequence<k_state_inputs<State>>{}),
        out.data());
  }

private:
  State state_;
};

/// Box a typed state for IndicatorDef::make_stream.
template <StreamingState State>
[[nodiscard]] std::unique_ptr<IndicatorStream> make_stream(State state) {
  return std::make_unique<StreamAdapter<State>>(std::move(state));
}

/// Run a typed streaming state over whole columns: the batch kernel of any indicator without a
/// faster dedicated loop, and bit-identical to streaming by construction.
template <StreamingState State>
void run_streaming(State& state, BatchInputs inputs, BatchOutputs outputs) noexcept {
  constexpr std::size_t k_in = k_state_inputs<State>;
  constexpr std::size_t k_out = k_state_outputs<State>;
  const std::size_t rows = inputs[0].size();
  std::array<double, k_in> bar{};
  std::array<double, k_out> line{};
  for (std::size_t row = 0; row < rows; ++row) {
    for (std::size_t i = 0; i < k_in; ++i) {
      bar[i] = inputs[i][row];
    }
    detail::store_result(detail::update_from(state, bar.data(), std::make_index_sequence<k_in>{}),
                         line.data());
    for (std::size_t j = 0; j < k_out; ++j) {
      outputs[j][row] = line[j];
    }
  }
}

}  // namespace qbt::indicators
