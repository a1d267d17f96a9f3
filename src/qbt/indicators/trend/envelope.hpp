#pragma once
/// Envelopes: bands a fixed percentage above and below a line.
///   top = line * (1 + perc / 100),  bot = line * (1 - perc / 100),  perc = 2.5 by default
/// `Envelope` puts them around its input itself (lines src, top, bot; backtrader Envelope), and
/// the moving-average envelopes around a moving average of the input (lines <average's line>,
/// top, bot, e.g. sma/top/bot for SMAEnvelope), one per average in backtrader's catalogue
/// (trend/moving_average.hpp): SMAEnvelope, EMAEnvelope, SMMAEnvelope, WMAEnvelope,
/// DEMAEnvelope, TEMAEnvelope, KAMAEnvelope, ZLEMAEnvelope, HMAEnvelope, ZLIndicatorEnvelope,
/// DMAEnvelope, each also under backtrader's other names (MovingAverageSimpleEnvelope,
/// SimpleMovingAverageEnvelope, ...). They take the average's parameters plus `perc`. Follows
/// backtrader Envelope and EnvelopeMixIn, whose envelope classes are generated for every
/// registered moving average (backtrader/indicators/envelope.py).

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>

#include "qbt/indicators/indicator.hpp"
#include "qbt/indicators/trend/moving_average.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// The three lines of an envelope: the line enveloped, then top and bot.
struct EnvelopeLines {
  double line;
  double top;
  double bot;
};

/// The two band factors for a percentage, formed as backtrader does: 1 +/- perc / 100.
class EnvelopeBands {
public:
  /// Throws UserInputError (naming `indicator`) unless 0 <= perc <= 100.
  EnvelopeBands(std::string_view indicator, double perc);

  [[nodiscard]] EnvelopeLines around(double line) const noexcept {
    return {line, line * top_factor_, line * bot_factor_};
  }
  /// Fill top and bot around every value of `line`.
  void apply(std::span<const double> line, std::span<double> top,
             std::span<double> bot) const noexcept;

private:
  double top_factor_;
  double bot_factor_;
};

/// Streaming Envelope around the input itself.
class Envelope {
public:
  /// Throws UserInputError unless 0 <= perc <= 100.
  explicit Envelope(double perc);

  EnvelopeLines update(double x) const noexcept { return bands_.around(x); }

private:
  EnvelopeBands bands_;
};

/// Streaming envelope around moving average `Kind` (a moving_average::*Kind).
template <class Kind>
class MaEnvelope {
public:
  /// Envelope `average` (an already validated state); throws UserInputError unless
  /// 0 <= perc <= 100.
  MaEnvelope(typename Kind::State average, double perc);

  /// Push x; return the average and its bands (NaN while the average is).
  EnvelopeLines update(double x) noexcept { return bands_.around(average_.update(x)); }

private:
  typename Kind::State average_;
  EnvelopeBands bands_;
};

using SmaEnvelope = MaEnvelope<moving_average::SmaKind>;
using EmaEnvelope = MaEnvelope<moving_average::EmaKind>;
using SmmaEnvelope = MaEnvelope<moving_average::SmmaKind>;
using WmaEnvelope = MaEnvelope<moving_average::WmaKind>;
using DemaEnvelope = MaEnvelope<moving_average::DemaKind>;
using TemaEnvelope = MaEnvelope<moving_average::TemaKind>;
using KamaEnvelope = MaEnvelope<moving_average::KamaKind>;
using ZlemaEnvelope = MaEnvelope<moving_average::ZlemaKind>;
using HmaEnvelope = MaEnvelope<moving_average::HmaKind>;
using ZeroLagIndicatorEnvelope = MaEnvelope<moving_average::ZeroLagIndicatorKind>;
using DmaEnvelope = MaEnvelope<moving_average::DmaKind>;

/// Undefined leading outputs of Envelope: 0.
[[nodiscard]] constexpr std::int32_t envelope_lookback() noexcept { return 0; }

/// Batch Envelope around `in`: src (a copy of in), top and bot, each as long as `in`.
void envelope(std::span<const double> in, double perc, std::span<double> src,
              std::span<double> top, std::span<double> bot);

/// Register "Envelope" and every moving-average envelope under backtrader's names.
void register_envelopes(IndicatorRegistry& registry);

}  // namespace qbt::indicators
