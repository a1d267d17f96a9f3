#pragma once
/// Flags that choose the result cache (`--cache URI`, `--no-cache`, `--cache-size`), shared by
/// the computing commands (backtest, optimize, features) and `qbt cache`, and the helper that
/// puts a command's own options into a cache key.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "qbt/cache/cache_key.hpp"
#include "qbt/cache/result_cache.hpp"

namespace qbt::cli {

struct CacheFlags {
  std::string uri;   ///< --cache; empty: $QBT_CACHE, else the default directory
  bool no_cache = false;
  std::string size;  ///< --cache-size; empty: $QBT_CACHE_SIZE, else 1 GiB
};

/// Add --cache, --no-cache and --cache-size to a command that computes results.
void add_cache_flags(CLI::App& command, CacheFlags& flags);
/// Add --cache and --cache-size (for `qbt cache stats|clear`, where --no-cache makes no sense).
void add_cache_location_flags(CLI::App& command, CacheFlags& flags);

/// The cache the flags and the environment choose: `none` under --no-cache, else --cache, else
/// $QBT_CACHE, else `default` (the directory of cache::default_cache_dir()).
[[nodiscard]] std::string cache_uri(const CacheFlags& flags);

/// Open that cache. Under FailurePolicy::degrade (computing commands) an unreachable backend
/// prints a warning and gives a disabled cache; UserInputError for a malformed URI or size.
[[nodiscard]] cache::ResultCache open_cache(
    const CacheFlags& flags, cache::FailurePolicy policy = cache::FailurePolicy::degrade);

/// Add every option of `command` that was given on the command line, by name and in declaration
/// order, to `key`: a new simulation flag is part of every key without anyone remembering to
/// add it. `excluded` names options that do not change the cached result (outputs, DATA, whose
/// content the key covers by checksum); the cache flags are always left out.
void add_command_options(cache::KeyBuilder& key, const CLI::App& command,
                         std::initializer_list<std::string_view> excluded);

}  // namespace qbt::cli
