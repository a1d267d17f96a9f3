#include "qbt/event/order.hpp"

namespace qbt::event {

const char* to_string(OrderType type) noexcept {
  switch (type) {
    case OrderType::market: return "market";
    case OrderType::close: return "close";
    case OrderType::limit: return "limit";
    case OrderType::stop: return "stop";
    case OrderType::stop_limit: return "stop_limit";
    case OrderType::stop_trail: return "stop_trail";
  }
  return "market";
}

const char* to_string(OrderStatus status) noexcept {
  switch (status) {
    case OrderStatus::accepted: return "accepted";
    case OrderStatus::partial: return "partial";
    case OrderStatus::completed: return "completed";
    case OrderStatus::canceled: return "canceled";
    case OrderStatus::expired: return "expired";
    case OrderStatus::margin: return "margin";
    case OrderStatus::rejected: return "rejected";
  }
  return "accepted";
}

}  // namespace qbt::event
