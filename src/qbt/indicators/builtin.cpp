#include "qbt/indicators/builtin.hpp"

// One include and one register_ call per indicator, grouped by family folder, alphabetical.
#include "qbt/indicators/basic/highest.hpp"
#include "qbt/indicators/basic/lowest.hpp"
#include "qbt/indicators/basic/sum_n.hpp"
#include "qbt/indicators/trend/dema.hpp"
#include "qbt/indicators/trend/ema.hpp"
#include "qbt/indicators/trend/sma.hpp"
#include "qbt/indicators/trend/smma.hpp"
#include "qbt/indicators/trend/tema.hpp"
#include "qbt/indicators/trend/wma.hpp"
#include "qbt/indicators/volatility/atr.hpp"
#include "qbt/indicators/volatility/true_range.hpp"

namespace qbt::indicators {

void register_builtin_indicators(IndicatorRegistry& registry) {
  // basic/
  register_highest(registry);
  register_lowest(registry);
  register_sum_n(registry);
  // trend/
  register_dema(registry);
  register_ema(registry);
  register_sma(registry);
  register_smma(registry);
  register_tema(registry);
  register_wma(registry);
  // volatility/
  register_atr(registry);
  register_true_range(registry);
}

const IndicatorRegistry& builtin_indicators() {
  static const IndicatorRegistry registry = [] {
    IndicatorRegistry built;
    register_builtin_indicators(built);
    return built;
  }();
  return registry;
}

}  // namespace qbt::indicators
