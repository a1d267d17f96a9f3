#include "qbt/indicators/trend/aroon.hpp"

#include <string>
#include <vector>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

/// Aroon's window holds period + 1 bars, which must stay a valid window length.
std::int32_t check_aroon_period(const char* name, std::int32_t period) {
  check_param_range(name, "period", period, 1, k_max_period - 1);
  return period;
}

ParamSpec aroon_period() {
  return integer_param("period", 14, 1, k_max_period - 1,
                       "bars back to look for the extreme (the window holds period + 1 bars)");
}

IndicatorDef variant(std::string name, std::vector<std::string> aliases, std::string doc,
                     std::vector<Field> inputs, std::vector<std::string> outputs) {
  return {
      .name = name,
      .aliases = std::move(aliases),
      .doc = std::move(doc),
      .reference = "backtrader " + name + " (backtrader/indicators/aroon.py)",
      .inputs = std::move(inputs),
      .outputs = std::move(outputs),
      .params = {aroon_period()},
      .lookback = [](const ParamValues& p) { return aroon_lookback(p.integer("period")); },
  };
}

}  // namespace

AroonUp::AroonUp(std::int32_t period) : up_(check_aroon_period("AroonUp", period)) {}

AroonDown::AroonDown(std::int32_t period) : down_(check_aroon_period("AroonDown", period)) {}

AroonUpDown::AroonUpDown(std::int32_t period)
    : up_(check_aroon_period("AroonUpDown", period)), down_(period) {}

AroonOscillator::AroonOscillator(std::int32_t period)
    : both_(check_aroon_period("AroonOscillator", period)) {}

AroonUpDownOscillator::AroonUpDownOscillator(std::int32_t period)
    : both_(check_aroon_period("AroonUpDownOscillator", period)) {}

void aroon_up(std::span<const double> high, std::int32_t period, std::span<double> out) {
  QBT_CHECK_OP(high.size(), ==, out.size());
  AroonUp state(period);
  for (std::size_t i = 0; i < high.size(); ++i) {
    out[i] = state.update(high[i]);
  }
}

void aroon_down(std::span<const double> low, std::int32_t period, std::span<double> out) {
  QBT_CHECK_OP(low.size(), ==, out.size());
  AroonDown state(period);
  for (std::size_t i = 0; i < low.size(); ++i) {
    out[i] = state.update(low[i]);
  }
}

void aroon(std::span<const double> high, std::span<const double> low, std::int32_t period,
           std::span<double> aroonup, std::span<double> aroondown, std::span<double> aroonosc) {
  const std::size_t n = high.size();
  QBT_CHECK_OP(low.size(), ==, n);
  for (const std::span<double> line : {aroonup, aroondown, aroonosc}) {
    QBT_CHECK(line.empty() || line.size() == n);
  }
  AroonUpDownOscillator state(period);
  for (std::size_t i = 0; i < n; ++i) {
    const AroonOscillatorLines lines = state.update(high[i], low[i]);
    if (!aroonup.empty()) {
      aroonup[i] = lines.aroonup;
    }
    if (!aroondown.empty()) {
      aroondown[i] = lines.aroondown;
    }
    if (!aroonosc.empty()) {
      aroonosc[i] = lines.aroonosc;
    }
  }
}

void register_aroon(IndicatorRegistry& registry) {
  IndicatorDef up = variant("AroonUp", {}, "How recently the highest high of the window occurred.",
                            {Field::high}, {"aroonup"});
  up.batch = [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
    aroon_up(in[0], p.integer("period"), out[0]);
  };
  up.make_stream = [](const ParamValues& p) { return make_stream(AroonUp(p.integer("period"))); };
  registry.add(std::move(up));

  IndicatorDef down = variant("AroonDown", {}, "How recently the lowest low of the window occurred.",
                              {Field::low}, {"aroondown"});
  down.batch = [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
    aroon_down(in[0], p.integer("period"), out[0]);
  };
  down.make_stream = [](const ParamValues& p) {
    return make_stream(AroonDown(p.integer("period")));
  };
  registry.add(std::move(down));

  IndicatorDef both = variant("AroonUpDown", {"AroonIndicator"},
                              "AroonUp and AroonDown together: trend presence and direction.",
                              {Field::high, Field::low}, {"aroonup", "aroondown"});
  both.batch = [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
    aroon(in[0], in[1], p.integer("period"), out[0], out[1], {});
  };
  both.make_stream = [](const ParamValues& p) {
    return make_stream(AroonUpDown(p.integer("period")));
  };
  registry.add(std::move(both));

  IndicatorDef osc = variant("AroonOscillator", {"AroonOsc"}, "AroonUp minus AroonDown.",
                             {Field::high, Field::low}, {"aroonosc"});
  osc.batch = [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
    aroon(in[0], in[1], p.integer("period"), {}, {}, out[0]);
  };
  osc.make_stream = [](const ParamValues& p) {
    return make_stream(AroonOscillator(p.integer("period")));
  };
  registry.add(std::move(osc));

  IndicatorDef all = variant("AroonUpDownOscillator", {"AroonUpDownOsc"},
                             "AroonUp, AroonDown and their difference.", {Field::high, Field::low},
                             {"aroonup", "aroondown", "aroonosc"});
  all.batch = [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
    aroon(in[0], in[1], p.integer("period"), out[0], out[1], out[2]);
  };
  all.make_stream = [](const ParamValues& p) {
    return make_stream(AroonUpDownOscillator(p.integer("period")));
  };
  registry.add(std::move(all));
}

}  // namespace qbt::indicators
