#pragma once
/// How entry and exit flags on one bar become an action, given the position: vectorbt's rules
/// (conflicting flags cancel, an opposite entry reverses, entries add only when accumulating).
/// The vectorized simulator and the event-driven engine's signal replay both decide with this.

#include <cstdint>

namespace qbt::vector {

/// What signals ask for on one bar.
enum class Action : std::uint8_t {
  none,
  open_long,
  open_short,
  close_long,
  close_short,
  add_long,
  add_short,
  reverse_to_long,
  reverse_to_short,
};

/// Decide the action of one bar from its flags and the current position's sign.
[[nodiscard]] inline Action resolve_action(bool long_entry, bool long_exit, bool short_entry,
                                           bool short_exit, double position,
                                           bool accumulate) noexcept {
  if (long_entry && long_exit) {
    long_entry = long_exit = false;
  }
  if (short_entry && short_exit) {
    short_entry = short_exit = false;
  }
  if (long_entry && short_entry) {
    long_entry = short_entry = false;
  }
  if (position > 0.0) {
    if (short_entry) {
      return Action::reverse_to_short;
    }
    if (long_exit) {
      return Action::close_long;
    }
    return long_entry && accumulate ? Action::add_long : Action::none;
  }
  if (position < 0.0) {
    if (long_entry) {
      return Action::reverse_to_long;
    }
    if (short_exit) {
      return Action::close_short;
    }
    return short_entry && accumulate ? Action::add_short : Action::none;
  }
  if (long_entry) {
    return Action::open_long;
  }
  return short_entry ? Action::open_short : Action::none;
}

}  // namespace qbt::vector
