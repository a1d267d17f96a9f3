# Third-party libraries, all from Debian packages (see scripts/install-deps.sh).
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(TBB REQUIRED)
# SQLite stores the benchmark history of `qbt bench` (src/qbt/bench_suite/history.cpp).
find_package(SQLite3 REQUIRED)

find_path(FAST_FLOAT_INCLUDE_DIR fast_float/fast_float.h REQUIRED)
add_library(qbt_fast_float INTERFACE)
target_include_directories(qbt_fast_float SYSTEM INTERFACE ${FAST_FLOAT_INCLUDE_DIR})
add_library(FastFloat::fast_float ALIAS qbt_fast_float)

if(QBT_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(QBT_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()

# xxHash (XXH3) checksums the native store's columns at memory speed.
find_path(XXHASH_INCLUDE_DIR xxhash.h REQUIRED)
find_library(XXHASH_LIBRARY xxhash REQUIRED)
add_library(qbt_xxhash INTERFACE)
target_include_directories(qbt_xxhash SYSTEM INTERFACE ${XXHASH_INCLUDE_DIR})
target_link_libraries(qbt_xxhash INTERFACE ${XXHASH_LIBRARY})
add_library(xxHash::xxhash ALIAS qbt_xxhash)
