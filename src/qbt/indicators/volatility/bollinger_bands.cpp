#include "qbt/indicators/volatility/bollinger_bands.hpp"

#include <string_view>
#include <vector>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_name = "BBands";
constexpr const char* k_pct_name = "BollingerBandsPct";
constexpr double k_max_devfactor = 1e6;

double check_devfactor(std::string_view indicator, double devfactor) {
  check_param_range(indicator, "devfactor", devfactor, 0.0, k_max_devfactor);
  return devfactor;
}

/// Validate under BollingerBandsPct's name before the inner BollingerBands would.
std::int32_t check_pct_params(std::int32_t period, double devfactor) {
  check_period(k_pct_name, period);
  check_devfactor(k_pct_name, devfactor);
  return period;
}

std::vector<ParamSpec> bollinger_params() {
  return {period_param(20),
          real_param("devfactor", 2.0, 0.0, k_max_devfactor,
                     "band distance from the mid line, in standard deviations")};
}

}  // namespace

BollingerBands::BollingerBands(std::int32_t period, double devfactor)
    : window_(check_period(k_name, period)),
      ring_(period),
      devfactor_(check_devfactor(k_name, devfactor)) {}

BollingerBandsPct::BollingerBandsPct(std::int32_t period, double devfactor)
    : bands_(check_pct_params(period, devfactor), devfactor) {}

void bollinger_bands(std::span<const double> in, std::int32_t period, double devfactor,
                     std::span<double> mid, std::span<double> top, std::span<double> bot) {
  check_period(k_name, period);
  check_devfactor(k_name, devfactor);
  QBT_CHECK_OP(in.size(), ==, mid.size());
  QBT_CHECK_OP(in.size(), ==, top.size());
  QBT_CHECK_OP(in.size(), ==, bot.size());
  slide_std_dev(in, period, true, [=](std::size_t i, const MeanStdDev& window) {
    const BollingerLines bands = bollinger_of(window, devfactor);
    mid[i] = bands.mid;
    top[i] = bands.top;
    bot[i] = bands.bot;
  });
}

void bollinger_bands_pct(std::span<const double> in, std::int32_t period, double devfactor,
                         std::span<double> mid, std::span<double> top, std::span<double> bot,
                         std::span<double> pctb) {
  check_pct_params(period, devfactor);
  QBT_CHECK_OP(in.size(), ==, mid.size());
  QBT_CHECK_OP(in.size(), ==, top.size());
  QBT_CHECK_OP(in.size(), ==, bot.size());
  QBT_CHECK_OP(in.size(), ==, pctb.size());
  slide_std_dev(in, period, true, [=](std::size_t i, const MeanStdDev& window) {
    const BollingerLines bands = bollinger_of(window, devfactor);
    mid[i] = bands.mid;
    top[i] = bands.top;
    bot[i] = bands.bot;
    pctb[i] = percent_b(in[i], bands);
  });
}

void register_bollinger_bands(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"BollingerBands"},
      .doc = "SMA with bands `devfactor` population standard deviations above and below.",
      .reference = "backtrader BollingerBands (backtrader/indicators/bollinger.py)",
      .inputs = {Field::close},
      .outputs = {"mid", "top", "bot"},
      .params = bollinger_params(),
      .lookback = [](const ParamValues& p) { return bollinger_lookback(p.integer("period")); },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            bollinger_bands(in[0], p.integer("period"), p.real("devfactor"), out[0], out[1],
                            out[2]);
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(BollingerBands(p.integer("period"), p.real("devfactor")));
          },
  });
  registry.add({
      .name = k_pct_name,
      .aliases = {},
      .doc = "Bollinger Bands plus %B: where the value sits between the bands (0 = bot, 1 = top).",
      .reference = "backtrader BollingerBandsPct (backtrader/indicators/bollinger.py)",
      .inputs = {Field::close},
      .outputs = {"mid", "top", "bot", "pctb"},
      .params = bollinger_params(),
      .lookback = [](const ParamValues& p) { return bollinger_lookback(p.integer("period")); },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            bollinger_bands_pct(in[0], p.integer("period"), p.real("devfactor"), out[0], out[1],
                                out[2], out[3]);
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(BollingerBandsPct(p.integer("period"), p.real("devfactor")));
          },
  });
}

}  // namespace qbt::indicators
