#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cache_flags.hpp"
#include "command.hpp"
#include "qbt/core/byte_size.hpp"

namespace qbt::cli {

namespace {

struct CacheArgs {
  CacheFlags flags;
  bool json = false;
};

void run_stats(const CacheArgs& args) {
  cache::ResultCache result_cache = open_cache(args.flags, cache::FailurePolicy::fail);
  const cache::CacheStats stats = result_cache.stats();
  if (args.json) {
    const nlohmann::ordered_json out = {{"backend", stats.backend},
                                        {"location", stats.location},
                                        {"entries", stats.entries},
                                        {"bytes", stats.bytes},
                                        {"limit", stats.limit}};
    fmt::print("{}\n", out.dump(2));
    return;
  }
  fmt::print("backend   {}\n", stats.backend);
  fmt::print("location  {}\n", stats.location);
  fmt::print("entries   {}\n", stats.entries);
  fmt::print("bytes     {} ({})\n", stats.bytes, format_byte_size(stats.bytes));
  if (stats.limit == 0) {
    fmt::print("limit     none\n");
  } else {
    fmt::print("limit     {} ({})\n", stats.limit, format_byte_size(stats.limit));
  }
}

void run_clear(const CacheArgs& args) {
  cache::ResultCache result_cache = open_cache(args.flags, cache::FailurePolicy::fail);
  const cache::CacheStats before = result_cache.stats();
  result_cache.clear();
  fmt::print("cleared {} entries ({}) from {}\n", before.entries, format_byte_size(before.bytes),
             before.location);
}

}  // namespace

void register_cache_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("cache", "Inspect or empty the result cache (docs/cache.md)");
  cmd->require_subcommand(1);

  auto stats_args = std::make_shared<CacheArgs>();
  auto* stats = cmd->add_subcommand("stats", "Print the cache's location, entries, bytes and limit");
  add_cache_location_flags(*stats, stats_args->flags);
  stats->add_flag("--json", stats_args->json, "Print JSON: backend, location, entries, bytes, limit");
  stats->callback([stats_args] { run_stats(*stats_args); });

  auto clear_args = std::make_shared<CacheArgs>();
  auto* clear = cmd->add_subcommand("clear", "Remove every cached result");
  add_cache_location_flags(*clear, clear_args->flags);
  clear->callback([clear_args] { run_clear(*clear_args); });
}

}  // namespace qbt::cli
