# Thin wrapper around CMake. `make run` and `make test` install what is
# missing (Debian packages), build, and run.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build run test install clean format bench

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


test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

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
