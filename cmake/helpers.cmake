# Helpers that keep each folder's CMakeLists short.

# Compile flags shared by every qbt target.
add_library(qbt_compile_options INTERFACE)
target_compile_options(qbt_compile_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
  -Wno-sign-conversion)
# Every a*b+c is rounded twice, as the references (backtrader's Python) round it: never let the
# compiler fuse it into an FMA on some machines (-march=native) and not on others. Indicator
# values and synthetic bars are then bit-identical everywhere.
target_compile_options(qbt_compile_options INTERFACE -ffp-contract=off)
if(QBT_WARNINGS_AS_ERRORS)
  target_compile_options(qbt_compile_options INTERFACE -Werror)
endif()
if(QBT_NATIVE_ARCH)
  target_compile_options(qbt_compile_options INTERFACE -march=native)
endif()
if(QBT_SANITIZE)
  target_compile_options(qbt_compile_options INTERFACE -fsanitize=address,undefined
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(qbt_compile_options INTERFACE -fsanitize=address,undefined)
endif()

# qbt_add_test(NAME SOURCES... [LABELS label...] [LIBS lib...])
# One GoogleTest executable; each TEST becomes its own CTest entry.
function(qbt_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LABELS;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES} ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE qbt::core qbt_testing GTest::gmock GTest::gtest GTest::gtest_main
    nlohmann_json::nlohmann_json
    ${ARG_LIBS})
  set(labels unit)
  if(ARG_LABELS)
    set(labels ${ARG_LABELS})
  endif()
  gtest_discover_tests(${name} PROPERTIES LABELS "${labels}"
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} DISCOVERY_TIMEOUT 60)
endfunction()

# qbt_add_benchmark(NAME SOURCES...)
function(qbt_add_benchmark name)
  if(NOT QBT_BUILD_BENCHMARKS)
    return()
  endif()
  add_executable(${name} ${ARGN})
  target_link_libraries(${name} PRIVATE qbt::core qbt_testing benchmark::benchmark
    benchmark::benchmark_main)
  set_property(GLOBAL APPEND PROPERTY QBT_BENCHMARKS ${name})
endfunction()
