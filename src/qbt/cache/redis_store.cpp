#include "qbt/cache/redis_store.hpp"

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <mutex>
#include <utility>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <hiredis/hiredis.h>

#include "qbt/cache/cache_key.hpp"
#include "qbt/cache/detail/entry_format.hpp"
#include "qbt/core/aligned_allocator.hpp"
#include "qbt/core/error.hpp"

namespace qbt::cache {

namespace {

using detail::k_entry_header_size;

constexpr std::string_view k_key_prefix = "qbt:cache:";
/// Keys per SCAN step and per DEL / STRLEN batch.
constexpr std::size_t k_batch = 1000;
/// Longest reply line (`$<length>`, `-ERR ...`) read before the bulk bytes of a GET.
constexpr std::size_t k_line_limit = 4096;

struct ReplyDeleter {
  void operator()(redisReply* reply) const noexcept { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

struct ContextDeleter {
  void operator()(redisContext* context) const noexcept { redisFree(context); }
};

timeval to_timeval(std::chrono::milliseconds ms) noexcept {
  return timeval{static_cast<time_t>(ms.count() / 1000),
                 static_cast<suseconds_t>(ms.count() % 1000 * 1000)};
}

std::string_view reply_text(const redisReply& reply) noexcept {
  return {reply.str, reply.len};
}

void check_key(std::string_view key) {
  if (!is_cache_key(key)) {
    throw InternalError(fmt::format("not a cache key: {}", quote_excerpt(key)));
  }
}

/// The RESP encoding of a command's arguments up to (not including) the bytes of its last
/// argument, whose length is `last_size`: `*N\r\n$len\r\narg\r\n...$last_size\r\n`.
std::string command_prefix(std::initializer_list<std::string_view> args, std::size_t last_size) {
  std::string out = fmt::format("*{}\r\n", args.size() + 1);
  for (const std::string_view arg : args) {
    out += fmt::format("${}\r\n", arg.size());
    out += arg;
    out += "\r\n";
  }
  out += fmt::format("${}\r\n", last_size);
  return out;
}

/// Blocks for values read from the server. Fresh memory is what a large GET costs most: the
/// first touch of every page faults, and on a VM that costs more than receiving the bytes
/// (measured: 9 to 21 ms of CPU for an 8 MB value in fresh memory, 3 ms in a reused block). So
/// the last large block a caller released is kept and handed to the next GET that fits in it,
/// as a benchmark loop or a command that reads one column after another does.
class ValueBuffers : public std::enable_shared_from_this<ValueBuffers> {
public:
  ValueBuffers() = default;
  ValueBuffers(const ValueBuffers&) = delete;
  ValueBuffers& operator=(const ValueBuffers&) = delete;
  ~ValueBuffers() {
    if (spare_ != nullptr) {
      qbt::detail::deallocate_column_bytes(spare_, spare_capacity_, k_column_alignment);
    }
  }

  /// A 64-byte aligned block of at least `bytes`; it comes back here when its last owner lets
  /// go, so a Blob may outlive the store.
  std::shared_ptr<std::byte> acquire(std::size_t bytes) {
    std::size_t capacity = std::max<std::size_t>(bytes, 1);
    std::byte* block = nullptr;
    {
      const std::lock_guard lock(mutex_);
      if (spare_ != nullptr && spare_capacity_ >= capacity && spare_capacity_ / 2 <= capacity) {
        block = std::exchange(spare_, nullptr);
        capacity = spare_capacity_;
      }
    }
    if (block == nullptr) {
      block = static_cast<std::byte*>(qbt::detail::allocate_column_bytes(capacity, k_column_alignment));
    }
    return {block, [self = shared_from_this(), capacity](std::byte* p) { self->release(p, capacity); }};
  }

private:
  /// Blocks below this size are cheap to allocate and not kept.
  static constexpr std::size_t k_min_recycled = std::size_t{1} << 20;

  void release(std::byte* block, std::size_t capacity) noexcept {
    if (capacity >= k_min_recycled) {
      const std::lock_guard lock(mutex_);
      if (spare_ != nullptr) {
        qbt::detail::deallocate_column_bytes(spare_, spare_capacity_, k_column_alignment);
      }
      spare_ = block;
      spare_capacity_ = capacity;
      return;
    }
    qbt::detail::deallocate_column_bytes(block, capacity, k_column_alignment);
  }

  std::mutex mutex_;
  std::byte* spare_ = nullptr;
  std::size_t spare_capacity_ = 0;
};

}  // namespace

/// One blocking hiredis connection. Small commands go through hiredis; the bytes of GET and
/// SET go over its socket directly, because hiredis 0.14 reads a reply 16 KiB at a time into a
/// growing buffer and shifts its output buffer after every partial write, several copies of
/// every value (measured: 8 MiB took ten times longer than on a plain socket). The two never
/// interleave: hiredis's buffers are empty between commands.
///
/// After a transport error the protocol stream is out of step, so every later command fails at
/// once instead of waiting for another timeout.
class RedisStore::Connection {
public:
  Connection(const RedisEndpoint& endpoint, const RedisOptions& options)
      : where_(endpoint.to_string()), command_timeout_(options.command_timeout) {
    context_.reset(redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port,
                                           to_timeval(options.connect_timeout)));
    if (context_ == nullptr) {
      throw IoError(fmt::format("cannot connect to {}: out of memory", where_));
    }
    if (context_->err != 0) {
      throw IoError(fmt::format("cannot connect to {}: {}", where_, context_->errstr));
    }
    if (redisSetTimeout(context_.get(), to_timeval(options.command_timeout)) != REDIS_OK) {
      fail_transport();
    }
    if (!endpoint.password.empty()) {
      if (endpoint.user.empty()) {
        command({"AUTH", endpoint.password});
      } else {
        command({"AUTH", endpoint.user, endpoint.password});
      }
    }
    if (endpoint.db != 0) {
      command({"SELECT", std::to_string(endpoint.db)});
    }
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Send one command and wait for its reply; IoError for a transport error or an error reply.
  Reply command(std::initializer_list<std::string_view> args) {
    append(std::vector<std::string_view>(args));
    return reply();
  }

  /// Queue a command; its reply comes from a later reply() (pipelining).
  void append(const std::vector<std::string_view>& args) {
    check_usable();
    std::vector<const char*> pointers;
    std::vector<std::size_t> lengths;
    pointers.reserve(args.size());
    lengths.reserve(args.size());
    for (const std::string_view arg : args) {
      pointers.push_back(arg.data());
      lengths.push_back(arg.size());
    }
    if (redisAppendCommandArgv(context_.get(), static_cast<int>(args.size()), pointers.data(),
                               lengths.data()) != REDIS_OK) {
      fail_transport();
    }
  }

  /// The next reply; IoError for a transport error or an error reply.
  Reply reply() {
    check_usable();
    void* raw = nullptr;
    if (redisGetReply(context_.get(), &raw) != REDIS_OK || raw == nullptr) {
      fail_transport();
    }
    Reply out(static_cast<redisReply*>(raw));
    if (out->type == REDIS_REPLY_ERROR) {
      throw IoError(fmt::format("{} answered: {}", where_, reply_text(*out)));
    }
    return out;
  }

  /// `SET name <parts...>` with the value's parts written straight from the caller's memory.
  void set(std::string_view name, std::span<const std::span<const std::byte>> parts) {
    check_usable();
    std::size_t size = 0;
    for (const auto& part : parts) {
      size += part.size();
    }
    const std::string prefix = command_prefix({"SET", name}, size);
    std::vector<iovec> io;
    io.push_back({const_cast<char*>(prefix.data()), prefix.size()});
    for (const auto& part : parts) {
      io.push_back({const_cast<std::byte*>(part.data()), part.size()});
    }
    io.push_back({const_cast<char*>("\r\n"), 2});
    send_all(io);
    static_cast<void>(reply());  // +OK
  }

  /// `GET name`: the value in a 64-byte aligned block, or nothing for a missing key.
  std::optional<std::pair<std::shared_ptr<std::byte>, std::size_t>> get(std::string_view name) {
    check_usable();
    const std::string request = command_prefix({"GET"}, name.size()) + std::string(name) + "\r\n";
    std::vector<iovec> io{{const_cast<char*>(request.data()), request.size()}};
    send_all(io);

    // The reply line, and whatever of the value arrived with it.
    std::array<char, k_line_limit> head{};
    std::size_t got = 0;
    const char* line_end = nullptr;
    while (line_end == nullptr) {
      if (got == head.size()) {
        fail_protocol("reply line too long");
      }
      got += receive(head.data() + got, head.size() - got);
      line_end = static_cast<const char*>(std::memchr(head.data(), '\n', got));
    }
    const std::string_view line(head.data(), static_cast<std::size_t>(line_end - head.data()));
    if (line.size() < 2 || line.back() != '\r') {
      fail_protocol("malformed reply");
    }
    if (line[0] == '-') {
      throw IoError(fmt::format("{} answered: {}", where_, line.substr(1, line.size() - 2)));
    }
    long long length = 0;
    const auto [end, ec] = std::from_chars(line.data() + 1, line.data() + line.size() - 1, length);
    if (line[0] != '$' || ec != std::errc{} || end != line.data() + line.size() - 1 ||
        length < -1) {
      fail_protocol("unexpected reply to GET");
    }
    const std::size_t consumed = line.size() + 1;
    if (length == -1) {
      if (got != consumed) {
        fail_protocol("bytes after a nil reply");
      }
      return std::nullopt;
    }
    const auto size = static_cast<std::size_t>(length);
    std::shared_ptr<std::byte> value = buffers_->acquire(size);
    std::array<char, 2> crlf{};
    const std::size_t early = std::min(got - consumed, size + 2);
    if (got - consumed > size + 2) {
      fail_protocol("bytes after the value");
    }
    const std::size_t early_value = std::min(early, size);
    std::memcpy(value.get(), head.data() + consumed, early_value);
    std::memcpy(crlf.data(), head.data() + consumed + early_value, early - early_value);
    std::size_t have = early_value;
    while (have < size) {
      have += receive(value.get() + have, size - have);
    }
    std::size_t have_crlf = early - early_value;
    while (have_crlf < 2) {
      have_crlf += receive(crlf.data() + have_crlf, 2 - have_crlf);
    }
    if (crlf[0] != '\r' || crlf[1] != '\n') {
      fail_protocol("value not terminated by CRLF");
    }
    return std::pair{std::move(value), size};
  }

private:
  void check_usable() const {
    if (broken_) {
      throw IoError(fmt::format("connection to {} was lost earlier", where_));
    }
  }

  void send_all(std::vector<iovec>& io) {
    std::size_t first = 0;
    while (first < io.size()) {
      msghdr message{};
      message.msg_iov = io.data() + first;
      message.msg_iovlen = io.size() - first;
      const ssize_t sent = ::sendmsg(context_->fd, &message, MSG_NOSIGNAL);
      if (sent < 0) {
        if (errno == EINTR) {
          continue;
        }
        fail_socket();
      }
      auto left = static_cast<std::size_t>(sent);
      while (first < io.size() && left >= io[first].iov_len) {
        left -= io[first].iov_len;
        ++first;
      }
      if (first < io.size()) {
        io[first].iov_base = static_cast<char*>(io[first].iov_base) + left;
        io[first].iov_len -= left;
      }
    }
  }

  /// Read some bytes (at least one) into `out`.
  std::size_t receive(void* out, std::size_t capacity) {
    while (true) {
      const ssize_t got = ::recv(context_->fd, out, capacity, 0);
      if (got > 0) {
        return static_cast<std::size_t>(got);
      }
      if (got == 0) {
        broken_ = true;
        throw IoError(fmt::format("{}: connection closed by the server", where_));
      }
      if (errno != EINTR) {
        fail_socket();
      }
    }
  }

  [[noreturn]] void fail_socket() {
    broken_ = true;
    const bool timed_out = errno == EAGAIN || errno == EWOULDBLOCK;
    throw IoError(fmt::format("{}: {}", where_,
                              timed_out ? timeout_message() : std::string(std::strerror(errno))));
  }

  [[noreturn]] void fail_protocol(std::string_view what) {
    broken_ = true;
    throw IoError(fmt::format("{}: {}", where_, what));
  }

  [[noreturn]] void fail_transport() {
    broken_ = true;
    // hiredis reports a socket timeout (SO_RCVTIMEO / SO_SNDTIMEO) as the text of EAGAIN.
    const std::string reason = context_->errstr;
    const bool timed_out = context_->err == REDIS_ERR_IO &&
                           (reason == std::strerror(EAGAIN) || reason == std::strerror(EWOULDBLOCK));
    throw IoError(fmt::format("{}: {}", where_, timed_out ? timeout_message() : reason));
  }

  [[nodiscard]] std::string timeout_message() const {
    return fmt::format("no answer within {} ms", command_timeout_.count());
  }

  std::string where_;
  std::chrono::milliseconds command_timeout_;
  std::unique_ptr<redisContext, ContextDeleter> context_;
  bool broken_ = false;
  std::shared_ptr<ValueBuffers> buffers_ = std::make_shared<ValueBuffers>();
};

RedisStore::RedisStore(RedisEndpoint endpoint, RedisOptions options)
    : endpoint_(std::move(endpoint)),
      connection_(std::make_unique<Connection>(endpoint_, options)) {}

RedisStore::~RedisStore() = default;

std::string RedisStore::redis_key(std::string_view key) {
  std::string out(k_key_prefix);
  out += key;
  return out;
}

std::optional<Blob> RedisStore::get(std::string_view key) {
  check_key(key);
  const std::string name = redis_key(key);
  const std::lock_guard lock(mutex_);
  auto value = connection_->get(name);
  if (!value) {
    ++misses_;
    return std::nullopt;
  }
  const std::span<const std::byte> stored(value->first.get(), value->second);
  const detail::HeaderCheck check = detail::check_entry_header(stored, key);
  if (check.status == detail::HeaderStatus::foreign) {
    ++misses_;
    return std::nullopt;
  }
  const std::span<const std::byte> payload =
      stored.size() >= k_entry_header_size ? stored.subspan(k_entry_header_size)
                                           : std::span<const std::byte>();
  if (!detail::payload_matches(check, payload)) {
    connection_->command({"DEL", name});
    ++misses_;
    return std::nullopt;
  }
  ++hits_;
  return Blob(std::move(value->first), payload);
}

void RedisStore::put(std::string_view key, std::span<const std::byte> value) {
  check_key(key);
  const std::string name = redis_key(key);
  const detail::EntryHeader header = detail::make_entry_header(key, value);
  const std::array<std::span<const std::byte>, 2> parts{std::span<const std::byte>(header), value};
  const std::lock_guard lock(mutex_);
  connection_->set(name, parts);
}

bool RedisStore::remove(std::string_view key) {
  check_key(key);
  const std::string name = redis_key(key);
  const std::lock_guard lock(mutex_);
  const Reply reply = connection_->command({"DEL", name});
  return reply->type == REDIS_REPLY_INTEGER && reply->integer > 0;
}

namespace {

/// Walk every key matching the cache prefix, one SCAN page at a time.
template <class Visit>
void scan_keys(auto& connection, Visit&& visit) {
  const std::string pattern = std::string(k_key_prefix) + "*";
  const std::string count = std::to_string(k_batch);
  std::string cursor = "0";
  do {
    const Reply page = connection.command({"SCAN", cursor, "MATCH", pattern, "COUNT", count});
    if (page->type != REDIS_REPLY_ARRAY || page->elements != 2) {
      throw IoError("unexpected reply to SCAN");
    }
    cursor = reply_text(*page->element[0]);
    std::vector<std::string_view> keys;
    const redisReply& list = *page->element[1];
    for (std::size_t i = 0; i < list.elements; ++i) {
      keys.push_back(reply_text(*list.element[i]));
    }
    if (!keys.empty()) {
      visit(keys);
    }
  } while (cursor != "0");
}

}  // namespace

void RedisStore::clear() {
  const std::lock_guard lock(mutex_);
  scan_keys(*connection_, [&](const std::vector<std::string_view>& keys) {
    std::vector<std::string_view> command{"DEL"};
    command.insert(command.end(), keys.begin(), keys.end());
    connection_->append(command);
    static_cast<void>(connection_->reply());
  });
}

CacheStats RedisStore::stats() {
  CacheStats out;
  out.backend = "redis";
  out.location = location();
  const std::lock_guard lock(mutex_);
  scan_keys(*connection_, [&](const std::vector<std::string_view>& keys) {
    for (const std::string_view key : keys) {
      connection_->append({"STRLEN", key});
    }
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const Reply length = connection_->reply();
      if (length->type == REDIS_REPLY_INTEGER && length->integer > 0) {
        ++out.entries;  // 0: deleted between SCAN and STRLEN
        out.bytes += static_cast<std::uint64_t>(length->integer);
      }
    }
  });
  const Reply info = connection_->command({"INFO", "memory"});
  const std::string_view text = reply_text(*info);
  constexpr std::string_view k_field = "\nmaxmemory:";
  if (const std::size_t at = text.find(k_field); at != std::string_view::npos) {
    const char* begin = text.data() + at + k_field.size();
    std::from_chars(begin, text.data() + text.size(), out.limit);
  }
  out.hits = hits_;
  out.misses = misses_;
  return out;
}

}  // namespace qbt::cache
