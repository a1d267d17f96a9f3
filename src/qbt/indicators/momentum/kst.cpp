#include "qbt/indicators/momentum/kst.hpp"

#include <string>

#include "qbt/core/check.hpp"
#include "qbt/indicators/detail/rolling_sum.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_name = "KST";

const KstPeriods& checked(const KstPeriods& periods) {
  for (std::size_t i = 0; i < 4; ++i) {
    check_period(k_name, periods.roc[i], "rp" + std::to_string(i + 1));
  }
  for (std::size_t i = 0; i < 4; ++i) {
    check_period(k_name, periods.sma[i], "rma" + std::to_string(i + 1));
  }
  check_period(k_name, periods.signal, "rsignal");
  return periods;
}

KstPeriods periods_of(const ParamValues& p) {
  return {.roc = {p.integer("rp1"), p.integer("rp2"), p.integer("rp3"), p.integer("rp4")},
          .sma = {p.integer("rma1"), p.integer("rma2"), p.integer("rma3"), p.integer("rma4")},
          .signal = p.integer("rsignal")};
}

}  // namespace

Kst::Kst(const KstPeriods& periods)
    : rocs_{RateOfChange100(checked(periods).roc[0]), RateOfChange100(periods.roc[1]),
            RateOfChange100(periods.roc[2]), RateOfChange100(periods.roc[3])},
      smas_{Sma(periods.sma[0]), Sma(periods.sma[1]), Sma(periods.sma[2]), Sma(periods.sma[3])},
      signal_(periods.signal) {}

// Batch, one component at a time: its ROC100 into `signal` (scratch until the end), then its SMA
// weighted into `kst` (the same WindowSum steps and the same additions, in the same order, as
// Kst::update), and last the signal SMA of kst.
void kst(std::span<const double> in, const KstPeriods& periods, std::span<double> kst,
         std::span<double> signal) {
  checked(periods);
  const std::size_t n = in.size();
  QBT_CHECK(kst.size() == n && signal.size() == n);
  for (std::size_t c = 0; c < 4; ++c) {
    rate_of_change_100(in, periods.roc[c], signal);
    const double weight = static_cast<double>(c + 1);
    const auto divisor = static_cast<double>(periods.sma[c]);
    detail::slide_window(signal, periods.sma[c],
                         [kst, c, weight, divisor](std::size_t i, const detail::WindowSum& window) {
                           const double component = weight * (window.value() / divisor);
                           kst[i] = c == 0 ? component : kst[i] + component;
                         });
  }
  const auto divisor = static_cast<double>(periods.signal);
  detail::slide_window(kst, periods.signal,
                       [signal, divisor](std::size_t i, const detail::WindowSum& window) {
                         signal[i] = window.value() / divisor;
                       });
}

void register_kst(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"KnowSureThing"},
      .doc = "Know sure thing: weighted sum (1,2,3,4) of four SMA-smoothed ROC100s, and its SMA.",
      .reference = "backtrader KnowSureThing (backtrader/indicators/kst.py)",
      .inputs = {Field::close},
      .outputs = {"kst", "signal"},
      .params = {period_param(10, "ROC100 period, component 1", "rp1"),
                 period_param(15, "ROC100 period, component 2", "rp2"),
                 period_param(20, "ROC100 period, component 3", "rp3"),
                 period_param(30, "ROC100 period, component 4", "rp4"),
                 period_param(10, "SMA of ROC100 1", "rma1"),
                 period_param(10, "SMA of ROC100 2", "rma2"),
                 period_param(10, "SMA of ROC100 3", "rma3"),
                 period_param(10, "SMA of ROC100 4", "rma4"),
                 period_param(9, "SMA of kst (gives signal)", "rsignal")},
      .lookback = [](const ParamValues& p) { return kst_lookback(periods_of(p)); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { kst(in[0], periods_of(p), out[0], out[1]); },
      .make_stream = [](const ParamValues& p) { return make_stream(Kst(periods_of(p))); },
  });
}

}  // namespace qbt::indicators
