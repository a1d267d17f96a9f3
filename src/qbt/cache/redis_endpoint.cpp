#include "qbt/cache/redis_endpoint.hpp"

#include <charconv>

#include <fmt/format.h>

#include "qbt/core/error.hpp"

namespace qbt::cache {

namespace {

constexpr std::string_view k_scheme = "redis://";

template <class T>
bool parse_int(std::string_view text, T& out) noexcept {
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return !text.empty() && ec == std::errc{} && ptr == end;
}

}  // namespace

std::string RedisEndpoint::to_string() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return fmt::format("redis://{}{}{}:{}/{}", ipv6 ? "[" : "", host, ipv6 ? "]" : "", port, db);
}

RedisEndpoint parse_redis_uri(std::string_view uri) {
  const auto fail = [&](std::string_view what) {
    return UserInputError(fmt::format("cache URI {}: {} (expected "
                                      "redis://[[user]:password@]host[:port][/db])",
                                      quote_excerpt(uri, 80), what));
  };
  if (!uri.starts_with(k_scheme)) {
    throw fail("not a redis:// URI");
  }
  std::string_view rest = uri.substr(k_scheme.size());
  RedisEndpoint out;

  if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) {
    const std::string_view credentials = rest.substr(0, at);
    rest = rest.substr(at + 1);
    const std::size_t colon = credentials.find(':');
    if (colon == std::string_view::npos) {
      out.password = credentials;  // redis://password@host, as redis-cli reads it
    } else {
      out.user = credentials.substr(0, colon);
      out.password = credentials.substr(colon + 1);
    }
  }
  if (const std::size_t slash = rest.find('/'); slash != std::string_view::npos) {
    const std::string_view db = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
    if (!db.empty() && (!parse_int(db, out.db) || out.db < 0)) {
      throw fail(fmt::format("database '{}' is not a number >= 0", db));
    }
  }
  std::string_view port;
  if (rest.starts_with('[')) {  // [IPv6]:port
    const std::size_t close = rest.find(']');
    if (close == std::string_view::npos) {
      throw fail("unterminated [ in the host");
    }
    out.host = rest.substr(1, close - 1);
    const std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (!after.starts_with(':')) {
        throw fail("expected :port after ]");
      }
      port = after.substr(1);
    }
  } else if (const std::size_t colon = rest.rfind(':'); colon != std::string_view::npos) {
    out.host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    if (port.empty()) {
      throw fail("empty port");
    }
  } else {
    out.host = rest;
  }
  if (out.host.empty()) {
    throw fail("no host");
  }
  if (!port.empty() && (!parse_int(port, out.port) || out.port == 0)) {
    throw fail(fmt::format("port '{}' is not a number in 1..65535", port));
  }
  return out;
}

}  // namespace qbt::cache
