#include "qbt/exec/slippage_model.hpp"

#include <cmath>

#include <fmt/format.h>

#include "qbt/core/error.hpp"

namespace qbt::exec {

void SlippageModel::validate() const {
  if (!std::isfinite(fraction) || fraction < 0.0 || fraction >= 1.0) {
    throw UserInputError(fmt::format("slippage must be in [0, 1) (a fraction of the price), got {}", fraction));
  }
  if (!std::isfinite(fixed) || fixed < 0.0) {
    throw UserInputError(fmt::format("fixed slippage must be a finite number >= 0, got {}", fixed));
  }
}

}  // namespace qbt::exec
