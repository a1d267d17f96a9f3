// libFuzzer target for the Parquet reader: any input must either read or throw qbt::Error.
// Anything else (a crash, a sanitizer report, another exception type, a huge allocation) is a
// finding. Run: qbt_parquet_reader_fuzzer fuzz/corpus/parquet_reader -max_total_time=60

#include <cstddef>
#include <cstdint>
#include <vector>

#include "qbt/core/error.hpp"
#include "qbt/data/parquet/parquet_reader.hpp"

using qbt::data::parquet::NullPolicy;
using qbt::data::parquet::ParquetFile;
using qbt::data::parquet::ParquetReadOptions;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const ParquetFile file =
        ParquetFile::from_bytes(std::vector<std::uint8_t>(data, data + size), "fuzz.parquet");
    ParquetReadOptions options;
    options.nulls = NullPolicy::nan;
    options.policy = qbt::data::ValidationPolicy::skip;
    options.threads = 1;
    try {
      (void)file.read_table(options);
    } catch (const qbt::Error&) {
    }
    try {
      (void)file.read_symbols(options);
    } catch (const qbt::Error&) {
    }
    for (std::size_t i = 0; i < file.row_group_count(); ++i) {
      (void)file.row_group_time_range(i);
    }
  } catch (const qbt::Error&) {
  }
  return 0;
}
