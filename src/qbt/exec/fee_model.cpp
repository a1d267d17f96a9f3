#include "qbt/exec/fee_model.hpp"

#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include "qbt/core/error.hpp"

namespace qbt::exec {

namespace {

void require_non_negative(std::string_view what, double value) {
  if (!std::isfinite(value) || value < 0.0) {
    throw UserInputError(fmt::format("{} must be a finite number >= 0, got {}", what, value));
  }
}

}  // namespace

void FeeModel::validate() const {
  require_non_negative("fees", fraction);
  require_non_negative("fixed fees", fixed);
  require_non_negative("fees per unit", per_unit);
  require_non_negative("minimum fee", minimum);
  if (fraction >= 1.0) {
    throw UserInputError(fmt::format("fees must be < 1 (a fraction of the traded value), got {}", fraction));
  }
}

}  // namespace qbt::exec
