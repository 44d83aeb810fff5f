# Thin wrapper around CMake. `make run` and `make test` install what is
# missing (Debian packages), build, and run.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build run test test-asan fuzz install clean format bench

all: build

deps:
	@cmake/install-deps.sh

$(BUILD)/build.ninja:
	@cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS) >/dev/null

configure: deps $(BUILD)/build.ninja

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# The demo: system calls by process for three seconds (needs root).
run: build
	@$(BUILD)/sonde -e 'tracepoint:raw_syscalls:sys_enter { @syscalls[comm] = count(); } interval:s:3 { exit(); }'


# `make test-asan` runs the whole suite again in an ASan+UBSan build
# ($(ASAN_BUILD)); `make fuzz` builds the libFuzzer targets with clang-19 in
# $(FUZZ_BUILD) and runs them. Both rebuild the tree, so `make test` (and CI)
# runs neither; the crashes fuzzing found are replayed by the unit tests
# (tests/unit/fuzz_regressions).
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 600
ASAN_BUILD ?= build-asan

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	@[ -f $(ASAN_BUILD)/build.ninja ] || cmake -S . -B $(ASAN_BUILD) -G Ninja -DSONDE_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS)

# Runs each fuzzer for FUZZ_SECONDS (both at once), keeping on after crashes;
# corpus in $(FUZZ_BUILD)/corpus/, crashes in $(FUZZ_BUILD)/crashes/.
fuzz: deps
	@FUZZ_BUILD=$(FUZZ_BUILD) JOBS=$(JOBS) tests/fuzz/run.sh --long $(FUZZ_SECONDS)

# Performance next to bpftrace v0.17 and a hand-written libbpf program (needs
# root; installs bpftrace and clang for the benchmark when missing; about
# 5-10 minutes). Writes bench/RESULTS.md. Not part of `make test`.
bench: build
	@bench/run.sh --sonde $(BUILD)/sonde

install: build
	@cmake --install $(BUILD)

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	@rm -rf $(BUILD)
