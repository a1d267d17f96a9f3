#include "redis_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string_view>
#include <thread>

namespace qbt::cache::testing {

namespace {

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

/// A socket bound to a free loopback port; its port in `port`.
int bind_free_port(std::uint16_t& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throw std::runtime_error("cannot create a socket");
  }
  sockaddr_in address = loopback(0);
  socklen_t length = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot bind a loopback socket");
  }
  port = ntohs(address.sin_port);
  return fd;
}

std::string encode(const std::vector<std::string>& args) {
  // Appended piece by piece: `"$" + std::to_string(n)` trips GCC 12's -Wrestrict false positive.
  std::string out = "*";
  out += std::to_string(args.size());
  out += "\r\n";
  for (const std::string& arg : args) {
    out += '$';
    out += std::to_string(arg.size());
    out += "\r\n";
    out += arg;
    out += "\r\n";
  }
  return out;
}

/// Whether a complete RESP reply starts at `pos`; advances `pos` past it.
bool skip_reply(std::string_view text, std::size_t& pos) {
  if (pos >= text.size()) {
    return false;
  }
  const std::size_t end = text.find("\r\n", pos);
  if (end == std::string_view::npos) {
    return false;
  }
  const char type = text[pos];
  const long long n = std::atoll(std::string(text.substr(pos + 1, end - pos - 1)).c_str());
  pos = end + 2;
  if (type == '$') {
    if (n < 0) {
      return true;
    }
    if (text.size() < pos + static_cast<std::size_t>(n) + 2) {
      return false;
    }
    pos += static_cast<std::size_t>(n) + 2;
    return true;
  }
  if (type == '*') {
    for (long long i = 0; i < n; ++i) {
      if (!skip_reply(text, pos)) {
        return false;
      }
    }
  }
  return true;
}

bool complete(std::string_view text, std::size_t replies) {
  std::size_t pos = 0;
  for (std::size_t i = 0; i < replies; ++i) {
    if (!skip_reply(text, pos)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string find_redis_server() {
  const char* path = std::getenv("PATH");
  std::string_view dirs = path == nullptr ? "/usr/bin:/usr/local/bin" : path;
  while (!dirs.empty()) {
    const std::size_t colon = dirs.find(':');
    const std::filesystem::path candidate =
        std::filesystem::path(std::string(dirs.substr(0, colon))) / "redis-server";
    if (::access(candidate.c_str(), X_OK) == 0) {
      return candidate.string();
    }
    dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
  }
  return {};
}

std::uint16_t free_loopback_port() {
  std::uint16_t port = 0;
  ::close(bind_free_port(port));
  return port;
}

RedisServer::RedisServer(const std::string& executable, std::vector<std::string> extra_args)
    : port_(free_loopback_port()) {
  std::vector<std::string> args = {executable,  "--port",       std::to_string(port_),
                                   "--bind",    "127.0.0.1",    "--save",
                                   "",          "--appendonly", "no",
                                   "--daemonize", "no",         "--dir",
                                   std::filesystem::temp_directory_path().string()};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (std::string& arg : args) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ == 0) {
    // The child: die with the test process even when it crashes, then become redis-server.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
    ::execv(executable.c_str(), argv.data());
    ::_exit(127);
  }
  if (pid_ < 0) {
    throw std::runtime_error("cannot start " + executable);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      const std::string reply = redis_raw(port_, {{"PING"}});
      if (!reply.empty() && (reply[0] == '+' || reply[0] == '-')) {
        return;  // PONG, or NOAUTH from a server with a password: either way it answers
      }
    } catch (const std::runtime_error&) {
      // not listening yet
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stop();
  throw std::runtime_error("redis-server did not answer PING within 10 s");
}

RedisServer::~RedisServer() { stop(); }

std::string RedisServer::uri() const { return "redis://127.0.0.1:" + std::to_string(port_); }

void RedisServer::stop() noexcept {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }
}

SilentServer::SilentServer() : fd_(bind_free_port(port_)) {
  if (::listen(fd_, 16) != 0) {
    ::close(fd_);
    throw std::runtime_error("cannot listen on a loopback socket");
  }
}

SilentServer::~SilentServer() { ::close(fd_); }

std::string redis_raw(std::uint16_t port, const std::vector<std::vector<std::string>>& commands) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throw std::runtime_error("cannot create a socket");
  }
  const sockaddr_in address = loopback(port);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot connect to port " + std::to_string(port));
  }
  std::string request;
  for (const auto& command : commands) {
    request += encode(command);
  }
  std::size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      ::close(fd);
      throw std::runtime_error("cannot send to port " + std::to_string(port));
    }
    sent += static_cast<std::size_t>(n);
  }
  std::string reply;
  char buffer[65536];
  while (!complete(reply, commands.size())) {
    pollfd wait{fd, POLLIN, 0};
    if (::poll(&wait, 1, 5000) <= 0) {
      break;
    }
    const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) {
      break;
    }
    reply.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return reply;
}

}  // namespace qbt::cache::testing
