#include "qbt/bench_suite/machine_info.hpp"

#include <cstdlib>
#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/testing/temp_dir.hpp"

namespace qbt::bench_suite {
namespace {

using ::testing::HasSubstr;
using testing::TempDir;

constexpr const char* k_commit = "89abcdef0123456789abcdef0123456789abcdef";
constexpr const char* k_other = "0000000000111111111122222222223333333333";

TEST(ReadGitCommit, LooseRef) {
  const TempDir dir;
  std::filesystem::create_directories(dir.path() / ".git/refs/heads");
  dir.write(".git/HEAD", "ref: refs/heads/main\n");
  dir.write(".git/refs/heads/main", std::string(k_commit) + "\n");
  EXPECT_EQ(read_git_commit(dir.path()), k_commit);
}

TEST(ReadGitCommit, PackedRef) {
  const TempDir dir;
  std::filesystem::create_directories(dir.path() / ".git");
  dir.write(".git/HEAD", "ref: refs/heads/main\n");
  dir.write(".git/packed-refs", std::string("# pack-refs with: peeled fully-peeled sorted\n") +
                                    k_other + " refs/heads/other\n" + k_commit +
                                    " refs/heads/main\n");
  EXPECT_EQ(read_git_commit(dir.path()), k_commit);
}

TEST(ReadGitCommit, DetachedHeadAndWorktree) {
  const TempDir dir;
  std::filesystem::create_directories(dir.path() / "main/.git/worktrees/wt");
  dir.write("main/.git/worktrees/wt/HEAD", std::string(k_commit) + "\n");
  std::filesystem::create_directories(dir.path() / "wt");
  dir.write("wt/.git", "gitdir: " + (dir.path() / "main/.git/worktrees/wt").string() + "\n");
  EXPECT_EQ(read_git_commit(dir.path() / "wt"), k_commit);

  // A worktree on a branch: the ref lives in the common directory.
  dir.write("main/.git/worktrees/wt/HEAD", "ref: refs/heads/topic\n");
  dir.write("main/.git/worktrees/wt/commondir", "../..\n");
  std::filesystem::create_directories(dir.path() / "main/.git/refs/heads");
  dir.write("main/.git/refs/heads/topic", std::string(k_other) + "\n");
  EXPECT_EQ(read_git_commit(dir.path() / "wt"), k_other);
}

TEST(ReadGitCommit, UnknownWithoutACheckout) {
  const TempDir dir;
  EXPECT_EQ(read_git_commit(dir.path()), "unknown");
  std::filesystem::create_directories(dir.path() / ".git");
  dir.write(".git/HEAD", "ref: refs/heads/missing\n");
  EXPECT_EQ(read_git_commit(dir.path()), "unknown");
}

TEST(MachineInfo, DescribesThisMachine) {
  const MachineInfo info = collect_machine_info();
  EXPECT_GT(info.logical_cpus, 0);
  EXPECT_GT(info.physical_cores, 0);
  EXPECT_LE(info.physical_cores, info.logical_cpus);
  EXPECT_GT(info.memory_bytes, 0);
  EXPECT_FALSE(info.cpu_model.empty());
  EXPECT_FALSE(info.compiler.empty());
  EXPECT_FALSE(info.build_type.empty());
  EXPECT_FALSE(info.git_commit.empty());
}

TEST(MachineInfo, CommitFromTheEnvironmentWins) {
  ::setenv("QBT_GIT_COMMIT", k_other, 1);
  EXPECT_EQ(collect_machine_info().git_commit, k_other);
  ::unsetenv("QBT_GIT_COMMIT");
}

TEST(MachineInfo, Differences) {
  MachineInfo a = collect_machine_info();
  MachineInfo b = a;
  EXPECT_TRUE(machine_differences(a, b).empty());
  b.cpu_model = "Another CPU";
  b.build_type = "Debug";
  const auto differences = machine_differences(a, b);
  ASSERT_EQ(differences.size(), 2u);
  EXPECT_THAT(differences[0], HasSubstr("CPU differs"));
  EXPECT_THAT(differences[1], HasSubstr("build type differs"));
}

}  // namespace
}  // namespace qbt::bench_suite
