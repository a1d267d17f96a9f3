# Every build option of qbt, in one place.
option(QBT_BUILD_TESTS "Build the GoogleTest unit and integration tests" ON)
option(QBT_BUILD_EXAMPLES "Build the example strategies in examples/" ON)
option(QBT_BUILD_BENCHMARKS "Build the Google Benchmark micro-benchmarks" ON)
option(QBT_NATIVE_ARCH "Compile with -march=native (non-portable binaries)" OFF)
option(QBT_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(QBT_WARNINGS_AS_ERRORS "Treat compiler warnings as errors" OFF)
