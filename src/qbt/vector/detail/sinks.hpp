#pragma once
/// Sinks of the simulation core: statistics only (sweeps) or everything (a single backtest).
/// Both feed the same StatsAccumulator in the same order, so their statistics are identical.

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "qbt/core/aligned_allocator.hpp"
#include "qbt/exec/order.hpp"
#include "qbt/exec/trade.hpp"
#include "qbt/metrics/stats_accumulator.hpp"

namespace qbt::vector::detail {

/// Gross exposure of a bar, vectorbt's: the signed position value over itself plus the free
/// cash (negative for shorts), 0 when that sum is 0.
[[nodiscard]] inline double gross_exposure(double position, double price, double free_cash) noexcept {
  const double asset = position * price;
  const double denominator = asset + free_cash;
  return denominator == 0.0 ? 0.0 : asset / denominator;
}

class StatsSink {
public:
  explicit StatsSink(metrics::StatsAccumulator& stats) noexcept : stats_(stats) {}

  void order(const exec::OrderRecord& order) noexcept { stats_.on_fees(order.fees); }
  void trade(const exec::TradeRecord& trade) noexcept { stats_.on_trade(trade); }
  void bar(std::int64_t i, double /*cash*/, double position, double value, double price,
           double free_cash) noexcept {
    stats_.on_bar(i, value, gross_exposure(position, price, free_cash), position != 0.0);
  }
  /// Bars [first, first + close.size()) with fixed cash and position; `mark` is the last valid
  /// close, carried in and out.
  void flat_bars(std::int64_t first, std::span<const double> close, double cash, double position,
                 double free_cash, double& mark) noexcept {
    stats_.on_flat_bars(first, close, cash, position, free_cash, mark);
  }

private:
  metrics::StatsAccumulator& stats_;
};

class RecordingSink {
public:
  RecordingSink(metrics::StatsAccumulator& stats, std::size_t n_bars,
                std::vector<exec::OrderRecord>& orders, std::vector<exec::TradeRecord>& trades,
                AlignedVector<double>& cash, AlignedVector<double>& position,
                AlignedVector<double>& value)
      : stats_(stats), orders_(orders), trades_(trades), cash_(cash), position_(position),
        value_(value) {
    cash_.resize(n_bars);
    position_.resize(n_bars);
    value_.resize(n_bars);
  }

  void order(const exec::OrderRecord& order) {
    orders_.push_back(order);
    stats_.on_fees(order.fees);
  }
  void trade(const exec::TradeRecord& trade) {
    trades_.push_back(trade);
    stats_.on_trade(trade);
  }
  void bar(std::int64_t i, double cash, double position, double value, double price,
           double free_cash) noexcept {
    const auto u = static_cast<std::size_t>(i);
    cash_[u] = cash;
    position_[u] = position;
    value_[u] = value;
    stats_.on_bar(i, value, gross_exposure(position, price, free_cash), position != 0.0);
  }
  void flat_bars(std::int64_t first, std::span<const double> close, double cash, double position,
                 double free_cash, double& mark) noexcept {
    double last = mark;
    const auto begin = static_cast<std::size_t>(first);
    for (std::size_t k = 0; k < close.size(); ++k) {
      last = std::isnan(close[k]) ? last : close[k];
      const double m = std::isnan(last) ? 0.0 : last;
      cash_[begin + k] = cash;
      position_[begin + k] = position;
      value_[begin + k] = cash + position * m;
    }
    stats_.on_flat_bars(first, close, cash, position, free_cash, mark);
  }

private:
  metrics::StatsAccumulator& stats_;
  std::vector<exec::OrderRecord>& orders_;
  std::vector<exec::TradeRecord>& trades_;
  AlignedVector<double>& cash_;
  AlignedVector<double>& position_;
  AlignedVector<double>& value_;
};

/// Records and statistics of a run over bars read chunk by chunk, and optionally the curves of
/// the current chunk only (cash, position, value indexed from start_chunk()'s first bar).
class ChunkRecordingSink {
public:
  ChunkRecordingSink(metrics::StatsAccumulator& stats, std::vector<exec::OrderRecord>& orders,
                     std::vector<exec::TradeRecord>& trades, bool curves)
      : stats_(stats), orders_(orders), trades_(trades), curves_(curves) {}

  /// The next chunk holds bars [first, first + size).
  void start_chunk(std::int64_t first, std::size_t size) {
    base_ = first;
    if (curves_) {
      cash_.resize(size);
      position_.resize(size);
      value_.resize(size);
    }
  }
  [[nodiscard]] std::span<const double> cash() const noexcept { return cash_; }
  [[nodiscard]] std::span<const double> position() const noexcept { return position_; }
  [[nodiscard]] std::span<const double> value() const noexcept { return value_; }

  void order(const exec::OrderRecord& order) {
    orders_.push_back(order);
    stats_.on_fees(order.fees);
  }
  void trade(const exec::TradeRecord& trade) {
    trades_.push_back(trade);
    stats_.on_trade(trade);
  }
  void bar(std::int64_t i, double cash, double position, double value, double price,
           double free_cash) noexcept {
    if (curves_) {
      const auto u = static_cast<std::size_t>(i - base_);
      cash_[u] = cash;
      position_[u] = position;
      value_[u] = value;
    }
    stats_.on_bar(i, value, gross_exposure(position, price, free_cash), position != 0.0);
  }
  void flat_bars(std::int64_t first, std::span<const double> close, double cash, double position,
                 double free_cash, double& mark) noexcept {
    if (curves_) {
      double last = mark;
      const auto begin = static_cast<std::size_t>(first - base_);
      for (std::size_t k = 0; k < close.size(); ++k) {
        last = std::isnan(close[k]) ? last : close[k];
        const double m = std::isnan(last) ? 0.0 : last;
        cash_[begin + k] = cash;
        position_[begin + k] = position;
        value_[begin + k] = cash + position * m;
      }
    }
    stats_.on_flat_bars(first, close, cash, position, free_cash, mark);
  }

private:
  metrics::StatsAccumulator& stats_;
  std::vector<exec::OrderRecord>& orders_;
  std::vector<exec::TradeRecord>& trades_;
  bool curves_;
  std::int64_t base_ = 0;
  AlignedVector<double> cash_;
  AlignedVector<double> position_;
  AlignedVector<double> value_;
};

}  // namespace qbt::vector::detail
