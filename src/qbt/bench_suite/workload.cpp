#include "qbt/bench_suite/workload.hpp"

namespace qbt::bench_suite {

const char* to_string(SuiteMode mode) noexcept {
  switch (mode) {
    case SuiteMode::full: return "full";
    case SuiteMode::quick: return "quick";
  }
  return "full";
}

std::string_view group_of(std::string_view name) noexcept {
  return name.substr(0, name.find('.'));
}

std::string_view Workload::group() const noexcept { return group_of(name); }

}  // namespace qbt::bench_suite
