#include "qbt/data/synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <new>

#include <fmt/format.h>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "qbt/core/error.hpp"
#include "qbt/core/rng.hpp"

namespace qbt::data {

std::optional<SessionCalendar> parse_session_calendar(std::string_view text) noexcept {
  if (text == "trading") return SessionCalendar::trading;
  if (text == "continuous") return SessionCalendar::continuous;
  return std::nullopt;
}

const char* to_string(SessionCalendar calendar) noexcept {
  switch (calendar) {
    case SessionCalendar::trading: return "trading";
    case SessionCalendar::continuous: return "continuous";
  }
  return "?";
}

namespace {

// Dispersion of log volume around its profile, and the weight of |return| in volume.
constexpr double k_volume_sigma = 0.5;
constexpr double k_mean_abs_normal = 0.7978845608028654;  // sqrt(2 / pi)
// 2^40 bars would take 48 TiB; the bound keeps the size arithmetic far from overflow.
constexpr std::int64_t k_max_bars = std::int64_t{1} << 40U;

bool is_weekend(std::int64_t day) noexcept { return weekday(day * k_ns_per_day) >= 5; }

std::int64_t next_weekday(std::int64_t day) noexcept {
  while (is_weekend(day)) {
    ++day;
  }
  return day;
}

// Walks the bar timestamps of a calendar, one slot at a time.
class SlotClock {
public:
  explicit SlotClock(const SyntheticOptions& options) : calendar_(options.calendar) {
    step_ = options.frequency.ns();
    if (calendar_ == SessionCalendar::continuous) {
      now_ = options.start;
      slots_per_day_ = 1;
      return;
    }
    if (step_ == k_ns_per_day) {
      day_ = next_weekday(floor_div(options.start + k_ns_per_day - 1, k_ns_per_day));
      slots_per_day_ = 1;
      return;
    }
    slots_per_day_ = k_session_length / step_;
    day_ = floor_div(options.start, k_ns_per_day);
    const Timestamp session_open = day_ * k_ns_per_day + k_session_open_utc;
    if (options.start > session_open) {
      slot_ = floor_div(options.start - session_open + step_ - 1, step_);
    }
    if (slot_ >= slots_per_day_ || is_weekend(day_)) {
      slot_ = 0;
      day_ = next_weekday(day_ + 1);
    }
  }

  [[nodiscard]] Timestamp now() const noexcept {
    if (calendar_ == SessionCalendar::continuous) {
      return now_;
    }
    if (step_ == k_ns_per_day) {
      return day_ * k_ns_per_day;
    }
    return day_ * k_ns_per_day + k_session_open_utc + slot_ * step_;
  }
  /// Position of the current bar's middle within its session, in (0, 1).
  [[nodiscard]] double session_position() const noexcept {
    return (static_cast<double>(slot_) + 0.5) / static_cast<double>(slots_per_day_);
  }
  [[nodiscard]] bool intraday_session() const noexcept {
    return calendar_ == SessionCalendar::trading && step_ < k_ns_per_day;
  }

  void advance() noexcept {
    if (calendar_ == SessionCalendar::continuous) {
      now_ += step_;
      return;
    }
    if (++slot_ < slots_per_day_) {
      return;
    }
    slot_ = 0;
    day_ = next_weekday(day_ + 1);
  }

private:
  SessionCalendar calendar_;
  std::int64_t step_ = 0;
  std::int64_t slots_per_day_ = 1;
  std::int64_t day_ = 0;
  std::int64_t slot_ = 0;
  Timestamp now_ = 0;
};

void check_options(const SyntheticOptions& options) {
  if (options.bars < 0 || options.bars > k_max_bars) {
    throw UserInputError(
        fmt::format("bars must be between 0 and {}, got {}", k_max_bars, options.bars));
  }
  if (!(std::isfinite(options.start_price) && options.start_price > 0.0)) {
    throw UserInputError(
        fmt::format("start price must be a positive number, got {}", options.start_price));
  }
  if (!std::isfinite(options.drift)) {
    throw UserInputError(fmt::format("drift must be a finite number, got {}", options.drift));
  }
  if (!(std::isfinite(options.volatility) && options.volatility >= 0.0)) {
    throw UserInputError(fmt::format("volatility must be >= 0, got {}", options.volatility));
  }
  if (!(std::isfinite(options.daily_volume) && options.daily_volume >= 0.0 &&
        options.daily_volume <= 1e15)) {
    throw UserInputError(
        fmt::format("daily volume must be between 0 and 1e15, got {}", options.daily_volume));
  }
  const std::int64_t step = options.frequency.ns();
  if (!options.frequency.regular()) {
    throw UserInputError("frequency must be a fixed duration such as 1min, 1h or 1d");
  }
  if (options.calendar == SessionCalendar::trading && step != k_ns_per_day &&
      (step > k_session_length || k_session_length % step != 0)) {
    throw UserInputError(fmt::format(
        "frequency {} does not divide the 390-minute trading session; use one that does "
        "(1min, 5min, 15min, 30min, 65min, 195min, 390min) or 1d, or the continuous calendar",
        options.frequency.to_string()));
  }
  // The last bar must stay before 2262-04-11, where int64 nanoseconds end.
  const std::int64_t last_day = std::numeric_limits<Timestamp>::max() / k_ns_per_day - 1;
  bool too_late = false;
  if (options.calendar == SessionCalendar::continuous) {
    // In double: the operands may be far apart, and a day of slack hides any rounding.
    too_late = options.bars > 0 &&
               static_cast<double>(options.start) +
                       static_cast<double>(options.bars - 1) * static_cast<double>(step) >
                   static_cast<double>(last_day * k_ns_per_day);
  } else {
    const std::int64_t per_day = step == k_ns_per_day ? 1 : k_session_length / step;
    const std::int64_t weeks = options.bars / (5 * per_day) + 2;
    too_late = weeks > (last_day - floor_div(options.start, k_ns_per_day)) / 7;
  }
  if (too_late) {
    throw UserInputError(fmt::format("bars {} at frequency {} run past the year 2262",
                                     options.bars, options.frequency.to_string()));
  }
}

// Years per bar (dt) and mean volume per bar for the calendar and frequency.
struct BarScale {
  double years = 0.0;
  double volume = 0.0;
};

BarScale bar_scale(const SyntheticOptions& options) {
  const auto step = static_cast<double>(options.frequency.ns());
  const auto day = static_cast<double>(k_ns_per_day);
  if (options.calendar == SessionCalendar::continuous) {
    return {step / (day * k_calendar_days_per_year), options.daily_volume * step / day};
  }
  if (options.frequency.ns() == k_ns_per_day) {
    return {1.0 / k_trading_days_per_year, options.daily_volume};
  }
  const auto session = static_cast<double>(k_session_length);
  return {step / (session * k_trading_days_per_year), options.daily_volume * step / session};
}

}  // namespace

BarFrame generate_bars(const SyntheticOptions& options) {
  check_options(options);
  const BarScale scale = bar_scale(options);
  const double sigma = options.volatility;
  const double variance = sigma * sigma * scale.years;  // of one bar's log return
  const double mean_return = (options.drift - 0.5 * sigma * sigma) * scale.years;
  const double sd_return = sigma * std::sqrt(scale.years);

  // Keep prices far inside the range of double: 40 standard deviations of the whole path.
  const double horizon = static_cast<double>(options.bars) * scale.years;
  const double reach = std::abs(options.drift - 0.5 * sigma * sigma) * horizon +
                       40.0 * sigma * std::sqrt(horizon);
  const double log_start = std::log(options.start_price);
  if (log_start + reach > 700.0 || log_start - reach < -700.0) {
    throw UserInputError(fmt::format(
        "volatility {} and drift {} over {} bars could drive prices outside the range of a "
        "double; use fewer bars, a lower volatility or a start price nearer 1",
        options.volatility, options.drift, options.bars));
  }

  // Uninitialised columns: zero-filling a builder's vectors first would cost a full extra pass.
  const auto rows = static_cast<std::size_t>(options.bars);
  BarBuffer buffer(rows);
  Timestamp* ts = buffer.timestamps();
  double* open = buffer.column(Field::open);
  double* high = buffer.column(Field::high);
  double* low = buffer.column(Field::low);
  double* close = buffer.column(Field::close);
  double* volume = buffer.column(Field::volume);

  Rng rng(options.seed);
  SlotClock clock(options);
  const bool intraday = clock.intraday_session();
  const double volume_scale = scale.volume / (1.0 + k_mean_abs_normal) *
                              portable_exp(-0.5 * k_volume_sigma * k_volume_sigma);
  double price = options.start_price;
  for (std::size_t i = 0; i < rows; ++i) {
    ts[i] = clock.now();
    const double z = rng.normal();
    const double r = mean_return + sd_return * z;
    // Maximum and minimum of a Brownian bridge from 0 to r with variance `variance`:
    // P(max > m) = exp(-2 m (m - r) / variance), inverted with an exponential variate.
    const double up = rng.exponential();
    const double down = rng.exponential();
    const double r2 = r * r;
    const double log_high = 0.5 * (r + std::sqrt(r2 + 2.0 * variance * up));
    const double log_low = 0.5 * (r - std::sqrt(r2 + 2.0 * variance * down));
    const double o = price;
    const double c = o * portable_exp(r);
    open[i] = o;
    close[i] = c;
    high[i] = std::max(o * portable_exp(log_high), std::max(o, c));
    low[i] = std::min(o * portable_exp(log_low), std::min(o, c));

    double profile = 1.0;
    if (intraday) {
      const double x = 2.0 * clock.session_position() - 1.0;
      profile = (1.0 + 2.0 * x * x) * 0.6;  // 1 + 2 x^2 averages 5/3 over the session
    }
    const double v = volume_scale * profile * (1.0 + std::abs(z)) *
                     portable_exp(k_volume_sigma * rng.normal());
    volume[i] = v < 0x1.0p52 ? static_cast<double>(static_cast<std::int64_t>(v + 0.5)) : v;

    price = c;
    clock.advance();
  }
  return buffer.finish(rows, options.symbol, options.frequency);
}

}  // namespace qbt::data
