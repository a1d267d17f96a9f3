#include "qbt/vector/bar_census.hpp"

#include <algorithm>
#include <cmath>

#include "qbt/data/infer_frequency.hpp"
#include "qbt/vector/portfolio.hpp"

namespace qbt::vector {

void BarCensus::add(const data::BarFrame& chunk) {
  const auto ts = chunk.timestamps();
  if (ts.empty()) {
    return;
  }
  if (calendar_.bars() == 0) {
    first_ = ts.front();
  }
  last_ = ts.back();
  const std::size_t wanted = data::k_frequency_sample_gaps + 1;
  if (head_.size() < wanted) {
    const std::size_t take = std::min(wanted - head_.size(), ts.size());
    head_.insert(head_.end(), ts.begin(), ts.begin() + static_cast<std::ptrdiff_t>(take));
  }
  calendar_.add(ts);
  const auto close = chunk.close();
  if (std::isnan(first_close_)) {
    for (const double c : close) {
      if (!std::isnan(c)) {
        first_close_ = c;
        break;
      }
    }
  }
  for (std::size_t i = close.size(); i-- > 0;) {
    if (!std::isnan(close[i])) {
      last_close_ = close[i];
      break;
    }
  }
}

std::int64_t BarCensus::bar_ns() const {
  return TimeAxis::infer_bar_ns(head_, bars(), first_, last_);
}

double BarCensus::bars_per_year(const metrics::StatsOptions& options) const {
  return calendar_.bars_per_year(bar_ns(), options);
}

metrics::StatsContext BarCensus::context() const {
  metrics::StatsContext context{};
  context.n_bars = calendar_.bars();
  context.bar_ns = bar_ns();
  context.first_close = first_close_;
  context.last_close = last_close_;
  if (context.n_bars > 0) {
    context.start = first_;
    context.end = last_;
  }
  return context;
}

}  // namespace qbt::vector
