#include "qbt/indicators/trend/envelope.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {

constexpr const char* k_name = "Envelope";
constexpr std::string_view k_suffix = "Envelope";

ParamSpec perc_param() {
  return real_param("perc", 2.5, 0.0, 100.0, "band distance from the line, in percent");
}

/// The name backtrader gives Kind's envelope under its first alias, e.g. "SMAEnvelope".
template <class Kind>
std::string envelope_name() {
  return fmt::format("{}{}", Kind::aliases[0], k_suffix);
}

template <class Kind>
void register_ma_envelope(IndicatorRegistry& registry) {
  std::vector<std::string> aliases{fmt::format("{}{}", Kind::class_name, k_suffix)};
  for (std::size_t i = 1; i < Kind::aliases.size(); ++i) {
    aliases.push_back(fmt::format("{}{}", Kind::aliases[i], k_suffix));
  }
  std::vector<ParamSpec> params = Kind::params();
  params.push_back(perc_param());
  registry.add({
      .name = envelope_name<Kind>(),
      .aliases = std::move(aliases),
      .doc = fmt::format("{} with bands `perc` percent above and below it.", Kind::aliases[0]),
      .reference = fmt::format("backtrader {}{} (backtrader/indicators/envelope.py, around {})",
                               Kind::class_name, k_suffix, Kind::source),
      .inputs = {Field::close},
      .outputs = {std::string(Kind::line), "top", "bot"},
      .params = std::move(params),
      .lookback = [](const ParamValues& p) { return Kind::lookback(p); },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            QBT_CHECK_OP(in[0].size(), ==, out[0].size());
            Kind::batch(p, in[0], out[0]);
            EnvelopeBands(envelope_name<Kind>(), p.real("perc")).apply(out[0], out[1], out[2]);
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(MaEnvelope<Kind>(Kind::make(p), p.real("perc")));
          },
  });
}

}  // namespace

EnvelopeBands::EnvelopeBands(std::string_view indicator, double perc)
    : top_factor_(1.0 + perc / 100.0), bot_factor_(1.0 - perc / 100.0) {
  check_param_range(indicator, "perc", perc, 0.0, 100.0);
}

void EnvelopeBands::apply(std::span<const double> line, std::span<double> top,
                          std::span<double> bot) const noexcept {
  QBT_DCHECK(top.size() == line.size() && bot.size() == line.size());
  for (std::size_t i = 0; i < line.size(); ++i) {
    top[i] = line[i] * top_factor_;
    bot[i] = line[i] * bot_factor_;
  }
}

Envelope::Envelope(double perc) : bands_(k_name, perc) {}

template <class Kind>
MaEnvelope<Kind>::MaEnvelope(typename Kind::State average, double perc)
    : average_(std::move(average)), bands_(envelope_name<Kind>(), perc) {}

template class MaEnvelope<moving_average::SmaKind>;
template class MaEnvelope<moving_average::EmaKind>;
template class MaEnvelope<moving_average::SmmaKind>;
template class MaEnvelope<moving_average::WmaKind>;
template class MaEnvelope<moving_average::DemaKind>;
template class MaEnvelope<moving_average::TemaKind>;
template class MaEnvelope<moving_average::KamaKind>;
template class MaEnvelope<moving_average::ZlemaKind>;
template class MaEnvelope<moving_average::HmaKind>;
template class MaEnvelope<moving_average::ZeroLagIndicatorKind>;
template class MaEnvelope<moving_average::DmaKind>;

void envelope(std::span<const double> in, double perc, std::span<double> src,
              std::span<double> top, std::span<double> bot) {
  const EnvelopeBands bands(k_name, perc);
  QBT_CHECK_OP(in.size(), ==, src.size());
  QBT_CHECK_OP(in.size(), ==, top.size());
  QBT_CHECK_OP(in.size(), ==, bot.size());
  std::copy(in.begin(), in.end(), src.begin());
  bands.apply(in, top, bot);
}

void register_envelopes(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {},
      .doc = "Bands `perc` percent above and below the input itself.",
      .reference = "backtrader Envelope (backtrader/indicators/envelope.py)",
      .inputs = {Field::close},
      .outputs = {"src", "top", "bot"},
      .params = {perc_param()},
      .lookback = [](const ParamValues& /*p*/) { return envelope_lookback(); },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            envelope(in[0], p.real("perc"), out[0], out[1], out[2]);
          },
      .make_stream = [](const ParamValues& p) { return make_stream(Envelope(p.real("perc"))); },
  });
  moving_average::for_each_kind(
      [&registry]<class Kind>() { register_ma_envelope<Kind>(registry); });
}

}  // namespace qbt::indicators
