#include "qbt/indicators/trend/directional_movement.hpp"

#include <string>
#include <vector>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_name = "DM";
constexpr const char* k_reference_file = " (backtrader/indicators/directionalmove.py)";

struct DiLines {
  double plus_di;
  double minus_di;
};
struct AdxrLines {
  double adx;
  double adxr;
};
struct DmiLines {
  double adx;
  double plus_di;
  double minus_di;
};

/// A registered variant's streaming state: the whole system, projected onto its lines.
template <class Lines, Lines (*Project)(const DirectionalLines&)>
class DirectionalView {
public:
  explicit DirectionalView(std::int32_t period) : system_(period) {}
  Lines update(double high, double low, double close) noexcept {
    return Project(system_.update(high, low, close));
  }

private:
  DirectionalMovement system_;
};

DiLines project_di(const DirectionalLines& l) { return {l.plus_di, l.minus_di}; }
double project_plus_di(const DirectionalLines& l) { return l.plus_di; }
double project_minus_di(const DirectionalLines& l) { return l.minus_di; }
double project_adx(const DirectionalLines& l) { return l.adx; }
AdxrLines project_adxr(const DirectionalLines& l) { return {l.adx, l.adxr}; }
DmiLines project_dmi(const DirectionalLines& l) { return {l.adx, l.plus_di, l.minus_di}; }
DirectionalLines project_dm(const DirectionalLines& l) { return l; }

template <class Lines, Lines (*Project)(const DirectionalLines&)>
std::unique_ptr<IndicatorStream> stream_of(const ParamValues& p) {
  return make_stream(DirectionalView<Lines, Project>(p.integer("period")));
}

void run(const ParamValues& p, BatchInputs in, const DirectionalOutputs& out) {
  directional_movement(in[0], in[1], in[2], p.integer("period"), out);
}

IndicatorDef variant(std::string name, std::vector<std::string> aliases, std::string doc,
                     const std::string& cls, std::vector<std::string> outputs) {
  return {
      .name = std::move(name),
      .aliases = std::move(aliases),
      .doc = std::move(doc),
      .reference = "backtrader " + cls + k_reference_file,
      .inputs = {Field::high, Field::low, Field::close},
      .outputs = std::move(outputs),
      .params = {period_param(14, "bars of Wilder's smoothing (and of the ADXR lag)")},
  };
}

}  // namespace

DirectionalMovement::DirectionalMovement(std::int32_t period)
    : atr_(detail::ExpSmoothing::wilder(check_period(k_name, period))),
      plus_dm_(detail::ExpSmoothing::wilder(period)),
      minus_dm_(detail::ExpSmoothing::wilder(period)),
      adx_(detail::ExpSmoothing::wilder(period)),
      adx_history_(period) {}

void directional_movement(std::span<const double> high, std::span<const double> low,
                          std::span<const double> close, std::int32_t period,
                          const DirectionalOutputs& out) {
  DirectionalMovement system(period);
  const std::size_t n = close.size();
  QBT_CHECK(high.size() == n && low.size() == n);
  for (const std::span<double> line : {out.adx, out.adxr, out.plus_di, out.minus_di}) {
    QBT_CHECK(line.empty() || line.size() == n);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const DirectionalLines lines = system.update(high[i], low[i], close[i]);
    if (!out.adx.empty()) {
      out.adx[i] = lines.adx;
    }
    if (!out.adxr.empty()) {
      out.adxr[i] = lines.adxr;
    }
    if (!out.plus_di.empty()) {
      out.plus_di[i] = lines.plus_di;
    }
    if (!out.minus_di.empty()) {
      out.minus_di[i] = lines.minus_di;
    }
  }
}

void register_directional_movement(IndicatorRegistry& registry) {
  const auto di_lookback = [](const ParamValues& p) {
    return directional_indicator_lookback(p.integer("period"));
  };
  const auto adx_lookback_of = [](const ParamValues& p) { return adx_lookback(p.integer("period")); };
  const auto adxr_lookback_of = [](const ParamValues& p) {
    return adxr_lookback(p.integer("period"));
  };

  IndicatorDef di = variant("DI", {"DirectionalIndicator"},
                            "Wilder's directional indicators +DI and -DI.",
                            "DirectionalIndicator", {"plusDI", "minusDI"});
  di.lookback = di_lookback;
  di.batch = [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
    run(p, in, {.plus_di = out[0], .minus_di = out[1]});
  };
  di.make_stream = stream_of<DiLines, project_di>;
  registry.add(std::move(di));

  IndicatorDef plus = variant("PlusDI", {"PlusDirectionalIndicator", "+DI"},
                              "Wilder's positive directional indicator +DI.",
                              "PlusDirectionalIndicator", {"plusDI"});
  plus.lookback = di_lookback;
  plus.batch = [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
    run(p, in, {.plus_di = out[0]});
  };
  plus.make_stream = stream_of<double, project_plus_di>;
  registry.add(std::move(plus));

  IndicatorDef minus = variant("MinusDI", {"MinusDirectionalIndicator", "-DI"},
                               "Wilder's negative directional indicator -DI.",
                               "MinusDirectionalIndicator", {"minusDI"});
  minus.lookback = di_lookback;
  minus.batch = [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
    run(p, in, {.minus_di = out[0]});
  };
  minus.make_stream = stream_of<double, project_minus_di>;
  registry.add(std::move(minus));

  IndicatorDef adx = variant("ADX", {"AverageDirectionalMovementIndex"},
                             "Average directional index: Wilder's smoothing of the DX, trend strength.",
                             "AverageDirectionalMovementIndex", {"adx"});
  adx.lookback = adx_lookback_of;
  adx.batch = [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
    run(p, in, {.adx = out[0]});
  };
  adx.make_stream = stream_of<double, project_adx>;
  registry.add(std::move(adx));

  IndicatorDef adxr = variant("ADXR", {"AverageDirectionalMovementIndexRating"},
                              "ADX and its rating, the mean of ADX now and `period` bars ago.",
                              "AverageDirectionalMovementIndexRating", {"adx", "adxr"});
  adxr.lookback = adxr_lookback_of;
  adxr.batch = [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
    run(p, in, {.adx = out[0], .adxr = out[1]});
  };
  adxr.make_stream = stream_of<AdxrLines, project_adxr>;
  registry.add(std::move(adxr));

  IndicatorDef dmi = variant("DMI", {"DirectionalMovementIndex"},
                             "ADX with the +DI and -DI it is built from.",
                             "DirectionalMovementIndex", {"adx", "plusDI", "minusDI"});
  dmi.lookback = adx_lookback_of;
  dmi.batch = [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
    run(p, in, {.adx = out[0], .plus_di = out[1], .minus_di = out[2]});
  };
  dmi.make_stream = stream_of<DmiLines, project_dmi>;
  registry.add(std::move(dmi));

  IndicatorDef dm = variant("DM", {"DirectionalMovement"},
                            "The whole directional movement system: ADX, ADXR, +DI and -DI.",
                            "DirectionalMovement", {"adx", "adxr", "plusDI", "minusDI"});
  dm.lookback = adxr_lookback_of;
  dm.batch = [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
    run(p, in, {.adx = out[0], .adxr = out[1], .plus_di = out[2], .minus_di = out[3]});
  };
  dm.make_stream = stream_of<DirectionalLines, project_dm>;
  registry.add(std::move(dm));
}

}  // namespace qbt::indicators
