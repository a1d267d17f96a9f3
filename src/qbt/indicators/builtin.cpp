#include "qbt/indicators/builtin.hpp"

// One include and one register_ call per indicator, grouped by family folder, alphabetical.
#include "qbt/indicators/basic/crossover.hpp"
#include "qbt/indicators/basic/down_move.hpp"
#include "qbt/indicators/basic/heikin_ashi.hpp"
#include "qbt/indicators/basic/highest.hpp"
#include "qbt/indicators/basic/log_return.hpp"
#include "qbt/indicators/basic/lowest.hpp"
#include "qbt/indicators/basic/mean_deviation.hpp"
#include "qbt/indicators/basic/percent_change.hpp"
#include "qbt/indicators/basic/percent_rank.hpp"
#include "qbt/indicators/basic/standard_deviation.hpp"
#include "qbt/indicators/basic/sum_n.hpp"
#include "qbt/indicators/basic/up_move.hpp"
#include "qbt/indicators/basic/z_score.hpp"
#include "qbt/indicators/momentum/acceleration_deceleration_oscillator.hpp"
#include "qbt/indicators/momentum/awesome_oscillator.hpp"
#include "qbt/indicators/momentum/cci.hpp"
#include "qbt/indicators/momentum/dpo.hpp"
#include "qbt/indicators/momentum/dv2.hpp"
#include "qbt/indicators/momentum/kst.hpp"
#include "qbt/indicators/momentum/laguerre_rsi.hpp"
#include "qbt/indicators/momentum/macd.hpp"
#include "qbt/indicators/momentum/momentum.hpp"
#include "qbt/indicators/momentum/momentum_oscillator.hpp"
#include "qbt/indicators/momentum/ppo.hpp"
#include "qbt/indicators/momentum/pretty_good_oscillator.hpp"
#include "qbt/indicators/momentum/price_oscillator.hpp"
#include "qbt/indicators/momentum/rate_of_change.hpp"
#include "qbt/indicators/momentum/rate_of_change_100.hpp"
#include "qbt/indicators/momentum/rmi.hpp"
#include "qbt/indicators/momentum/rsi.hpp"
#include "qbt/indicators/momentum/stochastic.hpp"
#include "qbt/indicators/momentum/trix.hpp"
#include "qbt/indicators/momentum/tsi.hpp"
#include "qbt/indicators/momentum/ultimate_oscillator.hpp"
#include "qbt/indicators/momentum/williams_ad.hpp"
#include "qbt/indicators/momentum/williams_r.hpp"
#include "qbt/indicators/trend/aroon.hpp"
#include "qbt/indicators/trend/dema.hpp"
#include "qbt/indicators/trend/directional_movement.hpp"
#include "qbt/indicators/trend/dma.hpp"
#include "qbt/indicators/trend/ema.hpp"
#include "qbt/indicators/trend/envelope.hpp"
#include "qbt/indicators/trend/fractal.hpp"
#include "qbt/indicators/trend/hma.hpp"
#include "qbt/indicators/trend/ichimoku.hpp"
#include "qbt/indicators/trend/kama.hpp"
#include "qbt/indicators/trend/ma_oscillator.hpp"
#include "qbt/indicators/trend/sma.hpp"
#include "qbt/indicators/trend/smma.hpp"
#include "qbt/indicators/trend/tema.hpp"
#include "qbt/indicators/trend/vortex.hpp"
#include "qbt/indicators/trend/wma.hpp"
#include "qbt/indicators/trend/zero_lag_indicator.hpp"
#include "qbt/indicators/trend/zlema.hpp"
#include "qbt/indicators/volatility/atr.hpp"
#include "qbt/indicators/volatility/bollinger_bands.hpp"
#include "qbt/indicators/volatility/true_range.hpp"
#include "qbt/indicators/volume/accumulation_distribution.hpp"
#include "qbt/indicators/volume/mfi.hpp"
#include "qbt/indicators/volume/obv.hpp"
#include "qbt/indicators/volume/vwap.hpp"

namespace qbt::indicators {

void register_builtin_indicators(IndicatorRegistry& registry) {
  // basic/
  register_crossover(registry);
  register_down_move(registry);
  register_heikin_ashi(registry);
  register_highest(registry);
  register_log_return(registry);
  register_lowest(registry);
  register_mean_deviation(registry);
  register_percent_change(registry);
  register_percent_rank(registry);
  register_std_dev(registry);
  register_sum_n(registry);
  register_up_move(registry);
  register_z_score(registry);
  // momentum/
  register_acceleration_deceleration_oscillator(registry);
  register_awesome_oscillator(registry);
  register_cci(registry);
  register_dpo(registry);
  register_dv2(registry);
  register_kst(registry);
  register_laguerre_rsi(registry);
  register_macd(registry);
  register_momentum(registry);
  register_momentum_oscillator(registry);
  register_ppo(registry);
  register_pretty_good_oscillator(registry);
  register_price_oscillator(registry);
  register_rate_of_change(registry);
  register_rate_of_change_100(registry);
  register_rmi(registry);
  register_rsi(registry);
  register_stochastic(registry);
  register_trix(registry);
  register_tsi(registry);
  register_ultimate_oscillator(registry);
  register_williams_ad(registry);
  register_williams_r(registry);
  // trend/
  register_aroon(registry);
  register_dema(registry);
  register_directional_movement(registry);
  register_dma(registry);
  register_ema(registry);
  register_envelopes(registry);
  register_fractal(registry);
  register_hma(registry);
  register_ichimoku(registry);
  register_kama(registry);
  register_ma_oscillators(registry);
  register_sma(registry);
  register_smma(registry);
  register_tema(registry);
  register_vortex(registry);
  register_wma(registry);
  register_zero_lag_indicator(registry);
  register_zlema(registry);
  // volatility/
  register_atr(registry);
  register_bollinger_bands(registry);
  register_true_range(registry);
  // volume/
  register_accumulation_distribution(registry);
  register_mfi(registry);
  register_obv(registry);
  register_vwap(registry);
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
