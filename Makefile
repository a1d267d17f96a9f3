# Front door. `make demo` and `make test` work on a fresh Debian machine.
PRESET ?= release
BUILD_DIR := build/$(PRESET)
QBT := $(BUILD_DIR)/apps/qbt/qbt
DEMO_DIR := build/demo

.PHONY: all deps test-tools configure build test test-all demo bench asan clean format

all: build

deps:
	@scripts/install-deps.sh

# The independent Parquet readers (npm) the interop tests check qbt's files with; best effort:
# without npm or its registry the script says so and those tests skip with that reason.
test-tools:
	@scripts/install-parquet-tools.sh

configure:
	@test -f $(BUILD_DIR)/build.ninja || cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build --preset $(PRESET)

# Unit, integration and CLI tests; the last line printed is CTest's summary.
test: deps test-tools
	@$(MAKE) --no-print-directory build
	@ctest --preset $(PRESET) --label-exclude slow

# Everything, including tests labelled slow.
test-all: deps test-tools
	@$(MAKE) --no-print-directory build
	@ctest --preset $(PRESET)

demo: deps
	@$(MAKE) --no-print-directory build
	@scripts/demo.sh $(QBT) $(DEMO_DIR)

# Micro-benchmarks (Google Benchmark), then the end-to-end suite with its targets table
# (`qbt bench run`; results are appended to the history database, docs/benchmarks.md).
bench: deps
	@$(MAKE) --no-print-directory build
	@scripts/run-microbench.sh $(BUILD_DIR)
	@$(QBT) bench run --json $(BUILD_DIR)/bench.json

asan: deps
	@$(MAKE) --no-print-directory test PRESET=asan-ubsan

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	@rm -rf build
