#pragma once
/// Test support for the Redis backend: a real redis-server child process on a free loopback
/// port, a server that accepts connections but never answers, and raw RESP commands to inspect
/// or tamper with what the store wrote.

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace qbt::cache::testing {

/// redis-server's path on PATH; empty when it is not installed.
[[nodiscard]] std::string find_redis_server();

/// A TCP port on 127.0.0.1 that nothing listens on right now.
[[nodiscard]] std::uint16_t free_loopback_port();

/// A redis-server without persistence on a free loopback port, stopped by the destructor.
class RedisServer {
public:
  /// Start `executable` with `extra_args`; std::runtime_error when it does not answer PING
  /// within 10 s.
  explicit RedisServer(const std::string& executable, std::vector<std::string> extra_args = {});
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  /// `redis://127.0.0.1:<port>`
  [[nodiscard]] std::string uri() const;
  /// Stop the server now (SIGTERM, then wait for it).
  void stop() noexcept;

private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

/// A loopback socket that listens but never accepts or answers: connections complete in the
/// kernel's backlog, and every command then waits until its timeout.
class SilentServer {
public:
  SilentServer();
  ~SilentServer();
  SilentServer(const SilentServer&) = delete;
  SilentServer& operator=(const SilentServer&) = delete;

  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }

private:
  std::uint16_t port_ = 0;  ///< before fd_: the constructor binds fd_ and sets port_ together
  int fd_ = -1;
};

/// Send `commands` (each a list of arguments) on one new connection to 127.0.0.1:`port` and
/// return the raw RESP text of all replies; std::runtime_error when it cannot connect.
[[nodiscard]] std::string redis_raw(std::uint16_t port,
                                    const std::vector<std::vector<std::string>>& commands);

}  // namespace qbt::cache::testing
