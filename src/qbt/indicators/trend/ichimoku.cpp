#include "qbt/indicators/trend/ichimoku.hpp"

#include <algorithm>

#include "qbt/core/check.hpp"
#include "qbt/indicators/basic/highest.hpp"
#include "qbt/indicators/basic/lowest.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_name = "Ichimoku";

const IchimokuParams& checked(const IchimokuParams& p) {
  check_period(k_name, p.tenkan, "tenkan");
  check_period(k_name, p.kijun, "kijun");
  check_period(k_name, p.senkou, "senkou");
  check_param_range(k_name, "senkou_lead", p.senkou_lead, 0, k_max_period);
  check_param_range(k_name, "chikou", p.chikou, 0, k_max_period);
  return p;
}

IchimokuParams params_of(const ParamValues& p) {
  return {.tenkan = p.integer("tenkan"),
          .kijun = p.integer("kijun"),
          .senkou = p.integer("senkou"),
          .senkou_lead = p.integer("senkou_lead"),
          .chikou = p.integer("chikou")};
}

/// out = (Highest(high, period) + Lowest(low, period)) / 2, using `scratch` for the lows.
void mid_range(std::span<const double> high, std::span<const double> low, std::int32_t period,
               std::span<double> out, std::span<double> scratch) {
  highest(high, period, out);
  lowest(low, period, scratch);
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = (out[i] + scratch[i]) / 2.0;
  }
}

}  // namespace

Ichimoku::Ichimoku(const IchimokuParams& params)
    : tenkan_(checked(params).tenkan),
      kijun_(params.kijun),
      senkou_(params.senkou),
      span_a_lead_(params.senkou_lead),
      span_b_lead_(params.senkou_lead) {}

std::int32_t ichimoku_lookback(const IchimokuParams& params) noexcept {
  const std::int32_t span_a = std::max(params.tenkan, params.kijun) - 1 + params.senkou_lead;
  const std::int32_t span_b = params.senkou - 1 + params.senkou_lead;
  return std::max({params.tenkan - 1, params.kijun - 1, span_a, span_b});
}

void ichimoku(std::span<const double> high, std::span<const double> low,
              std::span<const double> close, const IchimokuParams& params,
              const IchimokuOutputs& out) {
  checked(params);
  const std::size_t n = close.size();
  QBT_CHECK(high.size() == n && low.size() == n);
  for (const std::span<double> line :
       {out.tenkan_sen, out.kijun_sen, out.senkou_span_a, out.senkou_span_b, out.chikou_span}) {
    QBT_CHECK_OP(line.size(), ==, n);
  }
  // chikou_span is written last, so it serves as scratch memory until then.
  mid_range(high, low, params.tenkan, out.tenkan_sen, out.chikou_span);
  mid_range(high, low, params.kijun, out.kijun_sen, out.chikou_span);
  mid_range(high, low, params.senkou, out.senkou_span_b, out.chikou_span);

  const auto lead = std::min(static_cast<std::size_t>(params.senkou_lead), n);
  std::fill(out.senkou_span_a.begin(), out.senkou_span_a.begin() + static_cast<std::ptrdiff_t>(lead),
            k_nan);
  for (std::size_t i = lead; i < n; ++i) {
    out.senkou_span_a[i] = (out.tenkan_sen[i - lead] + out.kijun_sen[i - lead]) / 2.0;
  }
  // Push span B forward in place, from the end so every value is read before it is overwritten.
  for (std::size_t i = n; i > lead; --i) {
    out.senkou_span_b[i - 1] = out.senkou_span_b[i - 1 - lead];
  }
  std::fill(out.senkou_span_b.begin(), out.senkou_span_b.begin() + static_cast<std::ptrdiff_t>(lead),
            k_nan);
  std::copy(close.begin(), close.end(), out.chikou_span.begin());
}

void register_ichimoku(IndicatorRegistry& registry) {
  const IchimokuParams defaults;
  registry.add({
      .name = k_name,
      .aliases = {},
      .doc = "Ichimoku cloud: conversion and base lines, leading spans A/B, lagging span.",
      .reference = "backtrader Ichimoku (backtrader/indicators/ichimoku.py)",
      .inputs = {Field::high, Field::low, Field::close},
      .outputs = {"tenkan_sen", "kijun_sen", "senkou_span_a", "senkou_span_b", "chikou_span"},
      .params = {period_param(defaults.tenkan, "window of the conversion line (tenkan_sen)",
                              "tenkan"),
                 period_param(defaults.kijun, "window of the base line (kijun_sen)", "kijun"),
                 period_param(defaults.senkou, "window of leading span B", "senkou"),
                 period_param(defaults.senkou_lead,
                              "bars the leading spans are pushed forward", "senkou_lead", 0),
                 period_param(defaults.chikou,
                              "bars backtrader pushes the lagging span back; values here stay at "
                              "the bar they are known, so this only documents the drawing shift",
                              "chikou", 0)},
      .lookback = [](const ParamValues& p) { return ichimoku_lookback(params_of(p)); },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            ichimoku(in[0], in[1], in[2], params_of(p),
                     {out[0], out[1], out[2], out[3], out[4]});
          },
      .make_stream = [](const ParamValues& p) { return make_stream(Ichimoku(params_of(p))); },
  });
}

}  // namespace qbt::indicators
