#include "cache_flags.hpp"

#include <algorithm>
#include <cstdlib>

#include "qbt/core/byte_size.hpp"

namespace qbt::cli {

namespace {

constexpr std::string_view k_cache_flag = "--cache";
constexpr std::string_view k_no_cache_flag = "--no-cache";
constexpr std::string_view k_size_flag = "--cache-size";

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

CLI::Option* add_uri_flag(CLI::App& command, CacheFlags& flags, const std::string& group) {
  return command
      .add_option(std::string(k_cache_flag), flags.uri,
                  "Result cache: a directory, dir:PATH, redis://host:port[/db], default "
                  "($QBT_CACHE_DIR, else ~/.cache/qbt) or none (default: $QBT_CACHE, else "
                  "default; docs/cache.md)")
      ->group(group);
}

void add_size_flag(CLI::App& command, CacheFlags& flags, const std::string& group) {
  command
      .add_option(std::string(k_size_flag), flags.size,
                  "Size limit of a directory cache, e.g. 512MB or 2GiB; least recently used "
                  "results go first (default: $QBT_CACHE_SIZE, else 1GiB)")
      ->group(group);
}

}  // namespace

void add_cache_flags(CLI::App& command, CacheFlags& flags) {
  const std::string group = "Cache";
  CLI::Option* uri = add_uri_flag(command, flags, group);
  command
      .add_flag(std::string(k_no_cache_flag), flags.no_cache,
                "Compute everything; neither read nor write the result cache")
      ->group(group)
      ->excludes(uri);
  add_size_flag(command, flags, group);
}

void add_cache_location_flags(CLI::App& command, CacheFlags& flags) {
  const std::string group = "Cache";
  add_uri_flag(command, flags, group);
  add_size_flag(command, flags, group);
}

std::string cache_uri(const CacheFlags& flags) {
  if (flags.no_cache) {
    return "none";
  }
  if (!flags.uri.empty()) {
    return flags.uri;
  }
  if (std::string uri = environment("QBT_CACHE"); !uri.empty()) {
    return uri;
  }
  return "default";
}

cache::ResultCache open_cache(const CacheFlags& flags, cache::FailurePolicy policy) {
  cache::CacheOptions options;
  options.on_failure = policy;
  if (!flags.size.empty()) {
    options.size_limit = parse_byte_size_flag(flags.size, k_size_flag);
  } else if (const std::string size = environment("QBT_CACHE_SIZE"); !size.empty()) {
    options.size_limit = parse_byte_size_flag(size, "QBT_CACHE_SIZE");
  }
  return cache::ResultCache::open(cache_uri(flags), std::move(options));
}

void add_command_options(cache::KeyBuilder& key, const CLI::App& command,
                         std::initializer_list<std::string_view> excluded) {
  for (const CLI::Option* option : command.get_options()) {
    const std::string name = option->get_name();
    const bool skip = option->count() == 0 || name == k_cache_flag || name == k_no_cache_flag ||
                      name == k_size_flag ||
                      std::find(excluded.begin(), excluded.end(), name) != excluded.end();
    if (skip) {
      continue;
    }
    std::string values;
    for (const std::string& result : option->results()) {
      values += std::to_string(result.size());
      values += ':';
      values += result;
    }
    key.add_text(name, values);
  }
}

}  // namespace qbt::cli
