#include "qbt/indicators/basic/crossover.hpp"

#include <string>
#include <utility>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

template <class State>
void run_pair(std::span<const double> a, std::span<const double> b, std::span<double> out) {
  QBT_CHECK_OP(a.size(), ==, b.size());
  QBT_CHECK_OP(a.size(), ==, out.size());
  State state;
  for (std::size_t i = 0; i < a.size(); ++i) {
    out[i] = state.update(a[i], b[i]);
  }
}

template <class State>
IndicatorDef crossing_def(const std::string& name, std::string doc, std::string line) {
  return {
      .name = name,
      .aliases = {},
      .doc = std::move(doc),
      .reference = "backtrader " + name + " (backtrader/indicators/crossover.py)",
      .inputs = {Field::close, Field::open},
      .outputs = {std::move(line)},
      .params = {},
      .lookback = [](const ParamValues& /*p*/) { return crossover_lookback(); },
      .batch = [](const ParamValues& /*p*/, BatchInputs in,
                  BatchOutputs out) { run_pair<State>(in[0], in[1], out[0]); },
      .make_stream = [](const ParamValues& /*p*/) { return make_stream(State()); },
  };
}

}  // namespace

void cross_over(std::span<const double> a, std::span<const double> b, std::span<double> out) {
  run_pair<CrossOver>(a, b, out);
}

void cross_up(std::span<const double> a, std::span<const double> b, std::span<double> out) {
  run_pair<CrossUp>(a, b, out);
}

void cross_down(std::span<const double> a, std::span<const double> b, std::span<double> out) {
  run_pair<CrossDown>(a, b, out);
}

void register_crossover(IndicatorRegistry& registry) {
  registry.add(crossing_def<CrossOver>(
      "CrossOver", "+1 when the first series crosses the second upwards, -1 downwards, else 0.",
      "crossover"));
  registry.add(crossing_def<CrossUp>(
      "CrossUp", "1 when the first series crosses the second upwards, else 0.", "cross"));
  registry.add(crossing_def<CrossDown>(
      "CrossDown", "1 when the first series crosses the second downwards, else 0.", "cross"));
}

}  // namespace qbt::indicators
