#include "qbt/event/sizer.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "qbt/core/error.hpp"

namespace qbt::event {

namespace {

void require_positive(const char* what, double value) {
  if (!std::isfinite(value) || value <= 0.0) {
    throw UserInputError(fmt::format("{} must be a finite number > 0, got {}", what, value));
  }
}

class FixedSize final : public Sizer {
public:
  explicit FixedSize(double stake) : stake_(stake) { require_positive("stake", stake); }
  double size(const SizerInput& /*input*/) const override { return stake_; }

private:
  double stake_;
};

class PercentOfEquity final : public Sizer {
public:
  explicit PercentOfEquity(double fraction) : fraction_(fraction) {
    require_positive("equity fraction", fraction);
  }
  double size(const SizerInput& input) const override {
    return input.price > 0.0 ? fraction_ * input.value / input.price : 0.0;
  }

private:
  double fraction_;
};

class FixedValue final : public Sizer {
public:
  explicit FixedValue(double amount) : amount_(amount) { require_positive("order value", amount); }
  double size(const SizerInput& input) const override {
    return input.price > 0.0 ? amount_ / input.price : 0.0;
  }

private:
  double amount_;
};

class AllIn final : public Sizer {
public:
  double size(const SizerInput& /*input*/) const override {
    return std::numeric_limits<double>::infinity();
  }
};

class AtrRisk final : public Sizer {
public:
  AtrRisk(Line atr, double fraction, double multiple) : atr_(atr), fraction_(fraction), multiple_(multiple) {
    require_positive("risk fraction", fraction);
    require_positive("ATR multiple", multiple);
  }
  double size(const SizerInput& input) const override {
    const double atr = atr_(0);
    if (!(atr > 0.0)) {
      return 0.0;
    }
    return fraction_ * input.value / (multiple_ * atr);
  }

private:
  Line atr_;
  double fraction_;
  double multiple_;
};

}  // namespace

std::unique_ptr<Sizer> fixed_size(double stake) { return std::make_unique<FixedSize>(stake); }
std::unique_ptr<Sizer> fixed_value(double amount) { return std::make_unique<FixedValue>(amount); }
std::unique_ptr<Sizer> percent_of_equity(double fraction) {
  return std::make_unique<PercentOfEquity>(fraction);
}
std::unique_ptr<Sizer> all_in() { return std::make_unique<AllIn>(); }
std::unique_ptr<Sizer> atr_risk(Line atr, double fraction, double atr_multiple) {
  return std::make_unique<AtrRisk>(atr, fraction, atr_multiple);
}

}  // namespace qbt::event
