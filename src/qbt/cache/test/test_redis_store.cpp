// The Redis backend against a real redis-server started on a free loopback port for each test
// (skipped when redis-server is not installed), and the redis:// URI grammar.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/cache/cache_key.hpp"
#include "qbt/cache/detail/entry_format.hpp"
#include "qbt/cache/redis_endpoint.hpp"
#include "qbt/cache/redis_store.hpp"
#include "qbt/cache/result_cache.hpp"
#include "qbt/core/error.hpp"
#include "redis_server.hpp"

namespace qbt::cache {
namespace {

using ::testing::HasSubstr;

TEST(RedisUri, ParsesHostPortDatabaseAndCredentials) {
  const RedisEndpoint plain = parse_redis_uri("redis://cache.example.com");
  EXPECT_EQ(plain.host, "cache.example.com");
  EXPECT_EQ(plain.port, 6379);
  EXPECT_EQ(plain.db, 0);
  EXPECT_EQ(plain.to_string(), "redis://cache.example.com:6379/0");

  const RedisEndpoint full = parse_redis_uri("redis://alice:s3cret@10.0.0.5:6380/2");
  EXPECT_EQ(full.host, "10.0.0.5");
  EXPECT_EQ(full.port, 6380);
  EXPECT_EQ(full.db, 2);
  EXPECT_EQ(full.user, "alice");
  EXPECT_EQ(full.password, "s3cret");
  EXPECT_EQ(full.to_string(), "redis://10.0.0.5:6380/2");  // no password in messages

  const RedisEndpoint password_only = parse_redis_uri("redis://:pw@localhost:7000/");
  EXPECT_EQ(password_only.user, "");
  EXPECT_EQ(password_only.password, "pw");
  EXPECT_EQ(password_only.db, 0);

  const RedisEndpoint ipv6 = parse_redis_uri("redis://[::1]:6390/1");
  EXPECT_EQ(ipv6.host, "::1");
  EXPECT_EQ(ipv6.port, 6390);
  EXPECT_EQ(ipv6.to_string(), "redis://[::1]:6390/1");
}

TEST(RedisUri, RejectsMalformedUrisNamingTheProblem) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"redis://", "no host"},
      {"redis://:6379", "no host"},
      {"redis://host:", "empty port"},
      {"redis://host:0", "port '0'"},
      {"redis://host:65536", "port '65536'"},
      {"redis://host:http", "port 'http'"},
      {"redis://host/x", "database 'x'"},
      {"redis://host/-1", "database '-1'"},
      {"redis://[::1:6379", "unterminated ["},
      {"http://host", "not a redis:// URI"},
  };
  for (const auto& [uri, problem] : cases) {
    try {
      static_cast<void>(parse_redis_uri(uri));
      ADD_FAILURE() << uri << " parsed";
    } catch (const UserInputError& e) {
      EXPECT_THAT(std::string(e.what()), HasSubstr(problem)) << uri;
    }
  }
}

#ifdef QBT_HAVE_HIREDIS

std::string key_of(std::string_view name) { return KeyBuilder("test").add_text("name", name).finish(); }

std::vector<std::byte> bytes_of(std::string_view text) {
  const auto raw = std::as_bytes(std::span<const char>(text.data(), text.size()));
  return {raw.begin(), raw.end()};
}

RedisEndpoint local(std::uint16_t port) {
  RedisEndpoint endpoint;
  endpoint.host = "127.0.0.1";
  endpoint.port = port;
  return endpoint;
}

class RedisStoreTest : public ::testing::Test {
protected:
  void SetUp() override {
    const std::string executable = testing::find_redis_server();
    if (executable.empty()) {
      GTEST_SKIP() << "redis-server is not installed (apt-get install redis-server): the Redis "
                      "backend is not tested";
    }
    server_ = std::make_unique<testing::RedisServer>(executable);
  }

  std::unique_ptr<testing::RedisServer> server_;
};

TEST_F(RedisStoreTest, RoundTripsValuesUnderPrefixedKeys) {
  RedisStore store(local(server_->port()));
  EXPECT_EQ(store.location(), "redis://127.0.0.1:" + std::to_string(server_->port()) + "/0");
  EXPECT_FALSE(store.get(key_of("a")).has_value());
  store.put(key_of("a"), bytes_of("alpha"));
  store.put(key_of("b"), bytes_of(""));
  const auto a = store.get(key_of("a"));
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->text(), "alpha");
  ASSERT_TRUE(store.get(key_of("b")).has_value());
  EXPECT_EQ(store.get(key_of("b"))->size(), 0U);

  const std::string raw = testing::redis_raw(server_->port(), {{"STRLEN", "qbt:cache:" + key_of("a")}});
  EXPECT_EQ(raw, ":" + std::to_string(detail::k_entry_header_size + 5) + "\r\n");

  store.put(key_of("a"), bytes_of("replaced"));
  EXPECT_EQ(store.get(key_of("a"))->text(), "replaced");
  EXPECT_TRUE(store.remove(key_of("a")));
  EXPECT_FALSE(store.remove(key_of("a")));
  EXPECT_FALSE(store.get(key_of("a")).has_value());
}

TEST_F(RedisStoreTest, ALargeColumnRoundTrips) {
  RedisStore store(local(server_->port()));
  std::vector<double> column(1'000'000);
  for (std::size_t i = 0; i < column.size(); ++i) {
    column[i] = static_cast<double>(i) * 0.5 - 3.0;
  }
  store.put(key_of("column"), std::as_bytes(std::span<const double>(column)));
  const auto back = store.get(key_of("column"));
  ASSERT_TRUE(back.has_value());
  ASSERT_EQ(back->size(), column.size() * sizeof(double));
  EXPECT_EQ(std::memcmp(back->bytes().data(), column.data(), back->size()), 0);
}

TEST_F(RedisStoreTest, LargeValuesStayIntactWhileHeldAsBuffersAreReused) {
  RedisStore store(local(server_->port()));
  const auto filled = [](std::size_t bytes, std::uint8_t seed) {
    std::vector<std::byte> out(bytes);
    for (std::size_t i = 0; i < bytes; ++i) {
      out[i] = static_cast<std::byte>((i * 31 + seed) & 0xff);
    }
    return out;
  };
  const auto x = filled(3 << 20, 1);
  const auto y = filled(3 << 20, 2);
  store.put(key_of("x"), x);
  store.put(key_of("y"), y);
  const auto same = [](const Blob& blob, const std::vector<std::byte>& expected) {
    return std::equal(blob.bytes().begin(), blob.bytes().end(), expected.begin(), expected.end());
  };
  std::optional<Blob> a = store.get(key_of("x"));
  const std::optional<Blob> b = store.get(key_of("y"));
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->bytes().data(), b->bytes().data());
  EXPECT_TRUE(same(*a, x));
  EXPECT_TRUE(same(*b, y));
  a.reset();  // its block is kept for the next large value
  const std::optional<Blob> c = store.get(key_of("x"));
  ASSERT_TRUE(c.has_value());
  EXPECT_TRUE(same(*c, x));
  EXPECT_TRUE(same(*b, y));
}

TEST_F(RedisStoreTest, StatsCountOnlyCacheKeysAndClearLeavesOthers) {
  RedisStore store(local(server_->port()));
  static_cast<void>(testing::redis_raw(server_->port(), {{"SET", "someone:else", "keep me"}}));
  for (const char* name : {"a", "b", "c"}) {
    store.put(key_of(name), bytes_of("12345"));
  }
  static_cast<void>(store.get(key_of("a")));
  static_cast<void>(store.get(key_of("zzz")));
  CacheStats stats = store.stats();
  EXPECT_EQ(stats.backend, "redis");
  EXPECT_EQ(stats.entries, 3U);
  EXPECT_EQ(stats.bytes, 3 * (detail::k_entry_header_size + 5));
  EXPECT_EQ(stats.limit, 0U);  // the test server runs without maxmemory
  EXPECT_EQ(stats.hits, 1U);
  EXPECT_EQ(stats.misses, 1U);

  store.clear();
  EXPECT_EQ(store.stats().entries, 0U);
  EXPECT_EQ(testing::redis_raw(server_->port(), {{"GET", "someone:else"}}), "$7\r\nkeep me\r\n");
}

TEST_F(RedisStoreTest, ReportsTheServersMaxmemoryAsTheLimit) {
  static_cast<void>(testing::redis_raw(server_->port(), {{"CONFIG", "SET", "maxmemory", "64mb"}}));
  RedisStore store(local(server_->port()));
  EXPECT_EQ(store.stats().limit, 64U << 20);
}

TEST_F(RedisStoreTest, ACorruptValueIsAMissAndIsDeleted) {
  RedisStore store(local(server_->port()));
  const std::string name = RedisStore::redis_key(key_of("a"));
  store.put(key_of("a"), bytes_of("a payload of some length"));
  // Overwrite one payload byte behind the store's back.
  EXPECT_EQ(testing::redis_raw(server_->port(), {{"SETRANGE", name, "70", "X"}}),
            ":" + std::to_string(detail::k_entry_header_size + 24) + "\r\n");
  EXPECT_FALSE(store.get(key_of("a")).has_value());
  EXPECT_EQ(testing::redis_raw(server_->port(), {{"EXISTS", name}}), ":0\r\n");

  static_cast<void>(testing::redis_raw(server_->port(), {{"SET", name, "short"}}));
  EXPECT_FALSE(store.get(key_of("a")).has_value());
  EXPECT_EQ(testing::redis_raw(server_->port(), {{"EXISTS", name}}), ":0\r\n");
}

TEST_F(RedisStoreTest, UsesTheDatabaseOfTheUri) {
  RedisEndpoint endpoint = local(server_->port());
  endpoint.db = 3;
  RedisStore store(endpoint);
  store.put(key_of("a"), bytes_of("alpha"));
  const std::string name = RedisStore::redis_key(key_of("a"));
  EXPECT_EQ(testing::redis_raw(server_->port(), {{"EXISTS", name}}), ":0\r\n");
  EXPECT_EQ(testing::redis_raw(server_->port(), {{"SELECT", "3"}, {"EXISTS", name}}),
            "+OK\r\n:1\r\n");
  EXPECT_TRUE(RedisStore(endpoint).get(key_of("a")).has_value());
}

TEST_F(RedisStoreTest, AuthenticatesWithThePassword) {
  const testing::RedisServer secured(testing::find_redis_server(), {"--requirepass", "s3cret"});
  RedisEndpoint endpoint = local(secured.port());
  try {
    RedisStore anonymous(endpoint);
    static_cast<void>(anonymous.get(key_of("a")));
    ADD_FAILURE() << "a server with a password answered without one";
  } catch (const IoError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("NOAUTH"));
  }
  endpoint.password = "wrong";
  EXPECT_THROW(RedisStore{endpoint}, IoError);
  endpoint.password = "s3cret";
  RedisStore store(endpoint);
  store.put(key_of("a"), bytes_of("alpha"));
  EXPECT_EQ(store.get(key_of("a"))->text(), "alpha");
}

TEST_F(RedisStoreTest, AServerThatGoesAwayFailsWithIoErrorAndTheFacadeDegrades) {
  std::vector<std::string> warnings;
  CacheOptions options;
  options.warn = [&](const std::string& message) { warnings.push_back(message); };
  ResultCache cache = ResultCache::open(server_->uri(), options);
  ASSERT_TRUE(cache.enabled());
  cache.put_text(key_of("a"), "alpha");
  EXPECT_EQ(cache.get_text(key_of("a")), "alpha");

  server_->stop();
  EXPECT_FALSE(cache.get_text(key_of("a")).has_value());
  cache.put_text(key_of("b"), "beta");
  EXPECT_FALSE(cache.enabled());
  ASSERT_EQ(warnings.size(), 1U);
  EXPECT_THAT(warnings[0], HasSubstr("cache " + server_->uri() + "/0 unavailable"));
}

TEST_F(RedisStoreTest, TheFacadeSharesValuesBetweenClients) {
  ResultCache first = ResultCache::open(server_->uri());
  ResultCache second = ResultCache::open(server_->uri());
  const std::vector<double> column = {1.0, 2.0, -0.0};
  first.put_column(key_of("col"), column);
  const auto back = second.get_column(key_of("col"));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->to_vector(), column);
  EXPECT_EQ(second.stats().entries, 1U);
}

#else

TEST(RedisStore, NotBuilt) {
  GTEST_SKIP() << "built without hiredis (libhiredis-dev): the Redis backend is not compiled";
}

#endif

}  // namespace
}  // namespace qbt::cache
