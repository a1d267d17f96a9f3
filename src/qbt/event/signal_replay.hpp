#pragma once
/// Run precomputed entry/exit flags (a built-in signal strategy's) through the event-driven
/// engine: on each bar the flags and the current position decide an action by the same rules as
/// the vectorized engine (vector::resolve_action), sent as market orders. With cheat-on-close
/// fills the two engines then give the same trades and equity; with next-open fills, the
/// event engine's sizes are computed at the signal's close (backtrader's sizers) while the
/// vectorized engine sizes at the fill price.

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "qbt/event/strategy.hpp"
#include "qbt/vector/simulation_options.hpp"

namespace qbt::event {

class SignalReplay final : public Strategy {
public:
  /// Flags are indexed by the bars of feed 0; `direction` and `accumulate` as the vectorized
  /// engine's options. The spans must outlive the run.
  SignalReplay(std::span<const std::uint8_t> entries, std::span<const std::uint8_t> exits,
               vector::Direction direction, bool accumulate, std::unique_ptr<Sizer> sizer);

  void on_start(Context& context) override;
  void on_order(Context& context, const Order& order) override;
  void on_bar(Context& context) override;

private:
  std::span<const std::uint8_t> entries_;
  std::span<const std::uint8_t> exits_;
  vector::Direction direction_;
  bool accumulate_;
  std::unique_ptr<Sizer> sizer_;
  std::vector<OrderId> pending_;  ///< orders sent and not yet done
};

}  // namespace qbt::event
