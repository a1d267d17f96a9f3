#include "qbt/indicators/momentum/trix.hpp"

#include <array>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_trix_name = "Trix";
constexpr const char* k_signal_name = "TrixSignal";

std::int32_t checked(const char* indicator, std::int32_t period, std::int32_t rocperiod) {
  check_period(indicator, period);
  check_period(indicator, rocperiod, "_rocperiod");
  return period;
}

Trix make_trix(std::int32_t period, std::int32_t sigperiod, std::int32_t rocperiod) {
  check_period(k_signal_name, period);
  check_period(k_signal_name, sigperiod, "sigperiod");
  check_period(k_signal_name, rocperiod, "_rocperiod");
  return Trix(period, rocperiod);
}

ParamSpec rocperiod_param() {
  return period_param(1, "bars of the rate of change of the triple EMA", "_rocperiod");
}

}  // namespace

Trix::Trix(std::int32_t period, std::int32_t rocperiod)
    : ema1_(checked(k_trix_name, period, rocperiod)),
      ema2_(period),
      ema3_(period),
      ring_(rocperiod) {}

TrixSignal::TrixSignal(std::int32_t period, std::int32_t sigperiod, std::int32_t rocperiod)
    : trix_(make_trix(period, sigperiod, rocperiod)), signal_(sigperiod) {}

void trix(std::span<const double> in, std::int32_t period, std::span<double> out,
          std::int32_t rocperiod) {
  Trix state(period, rocperiod);
  QBT_CHECK_OP(in.size(), ==, out.size());
  const std::array<std::span<const double>, 1> inputs{in};
  const std::array<std::span<double>, 1> outputs{out};
  run_streaming(state, inputs, outputs);
}

void trix_signal(std::span<const double> in, std::int32_t period, std::int32_t sigperiod,
                 std::span<double> trix, std::span<double> signal, std::int32_t rocperiod) {
  TrixSignal state(period, sigperiod, rocperiod);
  const std::size_t n = in.size();
  QBT_CHECK(trix.size() == n && signal.size() == n);
  const std::array<std::span<const double>, 1> inputs{in};
  const std::array<std::span<double>, 2> outputs{trix, signal};
  run_streaming(state, inputs, outputs);
}

void register_trix(IndicatorRegistry& registry) {
  registry.add({
      .name = k_trix_name,
      .aliases = {},
      .doc = "TRIX: one-bar rate of change (percent) of a triple EMA.",
      .reference = "backtrader Trix (backtrader/indicators/trix.py)",
      .inputs = {Field::close},
      .outputs = {"trix"},
      .params = {period_param(15, "period of each of the three EMAs"), rocperiod_param()},
      .lookback =
          [](const ParamValues& p) {
            return trix_lookback(p.integer("period"), p.integer("_rocperiod"));
          },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            trix(in[0], p.integer("period"), out[0], p.integer("_rocperiod"));
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(Trix(p.integer("period"), p.integer("_rocperiod")));
          },
  });
  registry.add({
      .name = k_signal_name,
      .aliases = {},
      .doc = "TRIX with an EMA of it as the signal line.",
      .reference = "backtrader TrixSignal (backtrader/indicators/trix.py)",
      .inputs = {Field::close},
      .outputs = {"trix", "signal"},
      .params = {period_param(15, "period of each of the three EMAs"), rocperiod_param(),
                 period_param(9, "EMA of trix (gives signal)", "sigperiod")},
      .lookback =
          [](const ParamValues& p) {
            return trix_signal_lookback(p.integer("period"), p.integer("sigperiod"),
                                        p.integer("_rocperiod"));
          },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            trix_signal(in[0], p.integer("period"), p.integer("sigperiod"), out[0], out[1],
                        p.integer("_rocperiod"));
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(
                TrixSignal(p.integer("period"), p.integer("sigperiod"), p.integer("_rocperiod")));
          },
  });
}

}  // namespace qbt::indicators
