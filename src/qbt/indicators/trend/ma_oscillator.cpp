#include "qbt/indicators/trend/ma_oscillator.hpp"

#include <string>
#include <vector>

#include <fmt/format.h>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

template <class Kind>
void register_ma_oscillator(IndicatorRegistry& registry) {
  // backtrader: <class>Oscillator, then <class>Osc, then <alias>Oscillator and <alias>Osc for
  // every alias; the first alias's Oscillator name is the canonical one here.
  std::vector<std::string> aliases{fmt::format("{}Oscillator", Kind::class_name),
                                   fmt::format("{}Osc", Kind::class_name)};
  for (std::size_t i = 0; i < Kind::aliases.size(); ++i) {
    if (i > 0) {
      aliases.push_back(fmt::format("{}Oscillator", Kind::aliases[i]));
    }
    aliases.push_back(fmt::format("{}Osc", Kind::aliases[i]));
  }
  registry.add({
      .name = fmt::format("{}Oscillator", Kind::aliases[0]),
      .aliases = std::move(aliases),
      .doc = fmt::format("The input minus its {}: x - {}(x).", Kind::aliases[0], Kind::aliases[0]),
      .reference = fmt::format("backtrader {}Oscillator (backtrader/indicators/oscillator.py, "
                               "around {})",
                               Kind::class_name, Kind::source),
      .inputs = {Field::close},
      .outputs = {std::string(Kind::line)},
      .params = Kind::params(),
      .lookback = [](const ParamValues& p) { return Kind::lookback(p); },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            QBT_CHECK_OP(in[0].size(), ==, out[0].size());
            Kind::batch(p, in[0], out[0]);
            oscillate(in[0], out[0]);
          },
      .make_stream =
          [](const ParamValues& p) { return make_stream(MaOscillator<Kind>(Kind::make(p))); },
  });
}

}  // namespace

void oscillate(std::span<const double> in, std::span<double> average) noexcept {
  QBT_DCHECK(in.size() == average.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    average[i] = in[i] - average[i];
  }
}

void register_ma_oscillators(IndicatorRegistry& registry) {
  moving_average::for_each_kind(
      [&registry]<class Kind>() { register_ma_oscillator<Kind>(registry); });
}

}  // namespace qbt::indicators
