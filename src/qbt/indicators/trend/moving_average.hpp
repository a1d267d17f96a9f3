#pragma once
/// backtrader's moving-average catalogue (its MovingAverage / MovAv placeholder,
/// backtrader/indicators/mabase.py): every moving average it registers, in registration order,
/// described once so that the families it derives from each of them (envelopes,
/// trend/envelope.hpp; oscillators, trend/ma_oscillator.hpp) are generated from one template
/// instead of written out per average. backtrader names each derived class after the average's
/// class name and every one of its aliases, e.g. MovingAverageSimpleEnvelope, SMAEnvelope,
/// SimpleMovingAverageEnvelope; `aliases` below is the average's alias tuple, first entry first.

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "qbt/indicators/indicator.hpp"
#include "qbt/indicators/trend/dema.hpp"
#include "qbt/indicators/trend/dma.hpp"
#include "qbt/indicators/trend/ema.hpp"
#include "qbt/indicators/trend/hma.hpp"
#include "qbt/indicators/trend/kama.hpp"
#include "qbt/indicators/trend/sma.hpp"
#include "qbt/indicators/trend/smma.hpp"
#include "qbt/indicators/trend/tema.hpp"
#include "qbt/indicators/trend/wma.hpp"
#include "qbt/indicators/trend/zero_lag_indicator.hpp"
#include "qbt/indicators/trend/zlema.hpp"

namespace qbt::indicators::moving_average {

// Each kind: the typed streaming State, backtrader's class name, alias tuple and line name, its
// source file, the parameters, and how to build, batch-run and size the warm-up from
// ParamValues. A derived family reads the average's parameters by these names.

struct SmaKind {
  using State = Sma;
  static constexpr std::string_view class_name = "MovingAverageSimple";
  static constexpr std::array<std::string_view, 2> aliases{"SMA", "SimpleMovingAverage"};
  static constexpr std::string_view line = "sma";
  static constexpr std::string_view source = "backtrader/indicators/sma.py";
  static std::vector<ParamSpec> params() { return {period_param(30)}; }
  static State make(const ParamValues& p) { return State(p.integer("period")); }
  static std::int32_t lookback(const ParamValues& p) { return sma_lookback(p.integer("period")); }
  static void batch(const ParamValues& p, std::span<const double> in, std::span<double> out) {
    sma(in, p.integer("period"), out);
  }
};

struct EmaKind {
  using State = Ema;
  static constexpr std::string_view class_name = "ExponentialMovingAverage";
  static constexpr std::array<std::string_view, 2> aliases{"EMA", "MovingAverageExponential"};
  static constexpr std::string_view line = "ema";
  static constexpr std::string_view source = "backtrader/indicators/ema.py";
  static std::vector<ParamSpec> params() { return {period_param(30)}; }
  static State make(const ParamValues& p) { return State(p.integer("period")); }
  static std::int32_t lookback(const ParamValues& p) { return ema_lookback(p.integer("period")); }
  static void batch(const ParamValues& p, std::span<const double> in, std::span<double> out) {
    ema(in, p.integer("period"), out);
  }
};

struct SmmaKind {
  using State = Smma;
  static constexpr std::string_view class_name = "SmoothedMovingAverage";
  static constexpr std::array<std::string_view, 5> aliases{
      "SMMA", "WilderMA", "MovingAverageSmoothed", "MovingAverageWilder", "ModifiedMovingAverage"};
  static constexpr std::string_view line = "smma";
  static constexpr std::string_view source = "backtrader/indicators/smma.py";
  static std::vector<ParamSpec> params() { return {period_param(30)}; }
  static State make(const ParamValues& p) { return State(p.integer("period")); }
  static std::int32_t lookback(const ParamValues& p) { return smma_lookback(p.integer("period")); }
  static void batch(const ParamValues& p, std::span<const double> in, std::span<double> out) {
    smma(in, p.integer("period"), out);
  }
};

struct WmaKind {
  using State = Wma;
  static constexpr std::string_view class_name = "WeightedMovingAverage";
  static constexpr std::array<std::string_view, 2> aliases{"WMA", "MovingAverageWeighted"};
  static constexpr std::string_view line = "wma";
  static constexpr std::string_view source = "backtrader/indicators/wma.py";
  static std::vector<ParamSpec> params() { return {period_param(30)}; }
  static State make(const ParamValues& p) { return State(p.integer("period")); }
  static std::int32_t lookback(const ParamValues& p) { return wma_lookback(p.integer("period")); }
  static void batch(const ParamValues& p, std::span<const double> in, std::span<double> out) {
    wma(in, p.integer("period"), out);
  }
};

struct DemaKind {
  using State = Dema;
  static constexpr std::string_view class_name = "DoubleExponentialMovingAverage";
  static constexpr std::array<std::string_view, 2> aliases{"DEMA",
                                                           "MovingAverageDoubleExponential"};
  static constexpr std::string_view line = "dema";
  static constexpr std::string_view source = "backtrader/indicators/dema.py";
  static std::vector<ParamSpec> params() { return {period_param(30)}; }
  static State make(const ParamValues& p) { return State(p.integer("period")); }
  static std::int32_t lookback(const ParamValues& p) { return dema_lookback(p.integer("period")); }
  static void batch(const ParamValues& p, std::span<const double> in, std::span<double> out) {
    dema(in, p.integer("period"), out);
  }
};

struct TemaKind {
  using State = Tema;
  static constexpr std::string_view class_name = "TripleExponentialMovingAverage";
  static constexpr std::array<std::string_view, 2> aliases{"TEMA",
                                                           "MovingAverageTripleExponential"};
  static constexpr std::string_view line = "tema";
  static constexpr std::string_view source = "backtrader/indicators/dema.py";
  static std::vector<ParamSpec> params() { return {period_param(30)}; }
  static State make(const ParamValues& p) { return State(p.integer("period")); }
  static std::int32_t lookback(const ParamValues& p) { return tema_lookback(p.integer("period")); }
  static void batch(const ParamValues& p, std::span<const double> in, std::span<double> out) {
    tema(in, p.integer("period"), out);
  }
};

struct KamaKind {
  using State = Kama;
  static constexpr std::string_view class_name = "AdaptiveMovingAverage";
  static constexpr std::array<std::string_view, 2> aliases{"KAMA", "MovingAverageAdaptive"};
  static constexpr std::string_view line = "kama";
  static constexpr std::string_view source = "backtrader/indicators/kama.py";
  static std::vector<ParamSpec> params() { return kama_params(); }
  static State make(const ParamValues& p) {
    return State(p.integer("period"), p.integer("fast"), p.integer("slow"));
  }
  static std::int32_t lookback(const ParamValues& p) { return kama_lookback(p.integer("period")); }
  static void batch(const ParamValues& p, std::span<const double> in, std::span<double> out) {
    kama(in, p.integer("period"), p.integer("fast"), p.integer("slow"), out);
  }
};

struct ZlemaKind {
  using State = Zlema;
  static constexpr std::string_view class_name = "ZeroLagExponentialMovingAverage";
  static constexpr std::array<std::string_view, 2> aliases{"ZLEMA", "ZeroLagEma"};
  static constexpr std::string_view line = "zlema";
  static constexpr std::string_view source = "backtrader/indicators/zlema.py";
  static std::vector<ParamSpec> params() { return {period_param(30)}; }
  static State make(const ParamValues& p) { return State(p.integer("period")); }
  static std::int32_t lookback(const ParamValues& p) {
    return zlema_lookback(p.integer("period"));
  }
  static void batch(const ParamValues& p, std::span<const double> in, std::span<double> out) {
    zlema(in, p.integer("period"), out);
  }
};

struct HmaKind {
  using State = Hma;
  static constexpr std::string_view class_name = "HullMovingAverage";
  static constexpr std::array<std::string_view, 2> aliases{"HMA", "HullMA"};
  static constexpr std::string_view line = "hma";
  static constexpr std::string_view source = "backtrader/indicators/hma.py";
  static std::vector<ParamSpec> params() { return hma_params(); }
  static State make(const ParamValues& p) { return State(p.integer("period")); }
  static std::int32_t lookback(const ParamValues& p) { return hma_lookback(p.integer("period")); }
  static void batch(const ParamValues& p, std::span<const double> in, std::span<double> out) {
    hma(in, p.integer("period"), out);
  }
};

struct ZeroLagIndicatorKind {
  using State = ZeroLagIndicator;
  static constexpr std::string_view class_name = "ZeroLagIndicator";
  static constexpr std::array<std::string_view, 4> aliases{"ZLIndicator", "ZLInd", "EC",
                                                           "ErrorCorrecting"};
  static constexpr std::string_view line = "ec";
  static constexpr std::string_view source = "backtrader/indicators/zlind.py";
  static std::vector<ParamSpec> params() { return zero_lag_indicator_params(); }
  static State make(const ParamValues& p) {
    return State(p.integer("period"), p.integer("gainlimit"));
  }
  static std::int32_t lookback(const ParamValues& p) {
    return zero_lag_indicator_lookback(p.integer("period"));
  }
  static void batch(const ParamValues& p, std::span<const double> in, std::span<double> out) {
    zero_lag_indicator(in, p.integer("period"), p.integer("gainlimit"), out);
  }
};

struct DmaKind {
  using State = Dma;
  static constexpr std::string_view class_name = "DicksonMovingAverage";
  static constexpr std::array<std::string_view, 2> aliases{"DMA", "DicksonMA"};
  static constexpr std::string_view line = "dma";
  static constexpr std::string_view source = "backtrader/indicators/dma.py";
  static std::vector<ParamSpec> params() { return dma_params(); }
  static State make(const ParamValues& p) {
    return State(p.integer("period"), p.integer("gainlimit"), p.integer("hperiod"));
  }
  static std::int32_t lookback(const ParamValues& p) {
    return dma_lookback(p.integer("period"), p.integer("hperiod"));
  }
  static void batch(const ParamValues& p, std::span<const double> in, std::span<double> out) {
    dma(in, p.integer("period"), p.integer("gainlimit"), p.integer("hperiod"), out);
  }
};

/// Call visit.template operator()<Kind>() for every kind, in backtrader's registration order
/// (the import order of backtrader/indicators/__init__.py).
template <class Visitor>
void for_each_kind(Visitor&& visit) {
  visit.template operator()<SmaKind>();
  visit.template operator()<EmaKind>();
  visit.template operator()<SmmaKind>();
  visit.template operator()<WmaKind>();
  visit.template operator()<DemaKind>();
  visit.template operator()<TemaKind>();
  visit.template operator()<KamaKind>();
  visit.template operator()<ZlemaKind>();
  visit.template operator()<HmaKind>();
  visit.template operator()<ZeroLagIndicatorKind>();
  visit.template operator()<DmaKind>();
}

}  // namespace qbt::indicators::moving_average
