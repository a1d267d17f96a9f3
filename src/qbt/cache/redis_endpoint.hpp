#pragma once
/// Where a Redis server is, as a `redis://` URI names it: `redis://[[user]:password@]host[:port][/db]`
/// (port 6379 and database 0 by default), the form redis-cli and most clients accept.

#include <cstdint>
#include <string>
#include <string_view>

namespace qbt::cache {

struct RedisEndpoint {
  std::string host;
  std::uint16_t port = 6379;
  std::int32_t db = 0;
  std::string user;      ///< empty: the default user (or a Redis 5 server without ACLs)
  std::string password;  ///< empty: no AUTH

  /// The URI without the password, for messages: `redis://host:port/db`.
  [[nodiscard]] std::string to_string() const;
};

/// Parse a `redis://` URI; UserInputError quoting it when it is malformed.
[[nodiscard]] RedisEndpoint parse_redis_uri(std::string_view uri);

}  // namespace qbt::cache
