#include "qbt/event/signal_replay.hpp"

#include <vector>

#include "qbt/vector/signal_action.hpp"

namespace qbt::event {

SignalReplay::SignalReplay(std::span<const std::uint8_t> entries,
                           std::span<const std::uint8_t> exits, vector::Direction direction,
                           bool accumulate, std::unique_ptr<Sizer> sizer)
    : entries_(entries), exits_(exits), direction_(direction), accumulate_(accumulate),
      sizer_(std::move(sizer)) {
  pending_.reserve(4);
}

void SignalReplay::on_start(Context& context) {
  if (sizer_) {
    context.set_sizer(std::move(sizer_));
  }
}

void SignalReplay::on_order(Context& /*context*/, const Order& order) {
  if (!order.alive()) {
    std::erase(pending_, order.id);
  }
}

void SignalReplay::on_bar(Context& context) {
  const std::size_t i = context.feed().size() - 1;
  if (!pending_.empty() || i >= entries_.size()) {
    return;  // as backtrader's test strategies: nothing while an order is on its way
  }
  const bool entry = entries_[i] != 0;
  const bool exit = exits_[i] != 0;
  bool long_entry = false;
  bool long_exit = false;
  bool short_entry = false;
  bool short_exit = false;
  switch (direction_) {
    case vector::Direction::long_only:
      long_entry = entry;
      long_exit = exit;
      break;
    case vector::Direction::short_only:
      short_entry = entry;
      short_exit = exit;
      break;
    case vector::Direction::both:
      long_entry = entry;
      short_entry = exit;
      break;
  }
  const auto send = [&](OrderId id) {
    if (id != k_no_order && context.order(id).alive()) {
      pending_.push_back(id);
    }
  };
  switch (vector::resolve_action(long_entry, long_exit, short_entry, short_exit,
                                 context.position(), accumulate_)) {
    case vector::Action::none: return;
    case vector::Action::open_long:
    case vector::Action::add_long: send(context.buy()); return;
    case vector::Action::open_short:
    case vector::Action::add_short: send(context.sell()); return;
    case vector::Action::close_long:
    case vector::Action::close_short: send(context.close()); return;
    case vector::Action::reverse_to_long:
      send(context.close());
      send(context.buy());
      return;
    case vector::Action::reverse_to_short:
      send(context.close());
      send(context.sell());
      return;
  }
}

}  // namespace qbt::event
