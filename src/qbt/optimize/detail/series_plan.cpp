#include "qbt/optimize/detail/series_plan.hpp"

#include <algorithm>
#include <map>

namespace qbt::optimize::detail {

SeriesPlan plan_series(const strategy::SignalStrategy& strategy,
                       std::span<const strategy::ParamSet> combinations) {
  SeriesPlan plan;
  std::map<strategy::SeriesKey, std::uint32_t> by_key;
  std::vector<strategy::SeriesKey> wanted;
  plan.offsets.reserve(combinations.size() + 1);
  plan.offsets.push_back(0);
  for (const strategy::ParamSet& params : combinations) {
    wanted.clear();
    strategy.series(params, wanted);
    for (strategy::SeriesKey& key : wanted) {
      auto [it, inserted] = by_key.try_emplace(key, static_cast<std::uint32_t>(plan.keys.size()));
      if (inserted) {
        plan.keys.push_back(std::move(key));
      }
      plan.ids.push_back(it->second);
    }
    plan.offsets.push_back(plan.ids.size());
  }
  return plan;
}

std::vector<std::size_t> processing_order(const SeriesPlan& plan, std::size_t budget_series) {
  const std::size_t count = plan.offsets.size() - 1;
  std::size_t width = 0;
  for (std::size_t c = 0; c < count; ++c) {
    width = std::max(width, plan.offsets[c + 1] - plan.offsets[c]);
  }
  std::vector<std::size_t> order(count);
  for (std::size_t c = 0; c < count; ++c) {
    order[c] = c;
  }
  if (width == 0) {
    return order;
  }
  const std::size_t tile = std::max<std::size_t>(budget_series / width, 1);
  // tile_of[p][id]: the tile of series `id` at position p.
  std::vector<std::vector<std::uint32_t>> tile_of(width);
  for (std::size_t p = 0; p < width; ++p) {
    std::vector<std::uint32_t> ids;
    for (std::size_t c = 0; c < count; ++c) {
      if (plan.offsets[c] + p < plan.offsets[c + 1]) {
        ids.push_back(plan.ids[plan.offsets[c] + p]);
      }
    }
    std::sort(ids.begin(), ids.end(),
              [&](std::uint32_t a, std::uint32_t b) { return plan.keys[a] < plan.keys[b]; });
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    tile_of[p].assign(plan.keys.size(), 0);
    for (std::size_t rank = 0; rank < ids.size(); ++rank) {
      tile_of[p][ids[rank]] = static_cast<std::uint32_t>(rank / tile);
    }
  }
  std::vector<std::uint32_t> tiles(count * width, 0);
  for (std::size_t c = 0; c < count; ++c) {
    for (std::size_t p = 0; p < width && plan.offsets[c] + p < plan.offsets[c + 1]; ++p) {
      tiles[c * width + p] = tile_of[p][plan.ids[plan.offsets[c] + p]];
    }
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::lexicographical_compare(
        tiles.begin() + static_cast<std::ptrdiff_t>(a * width),
        tiles.begin() + static_cast<std::ptrdiff_t>((a + 1) * width),
        tiles.begin() + static_cast<std::ptrdiff_t>(b * width),
        tiles.begin() + static_cast<std::ptrdiff_t>((b + 1) * width));
  });
  return order;
}

}  // namespace qbt::optimize::detail
