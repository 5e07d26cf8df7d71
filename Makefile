# Makefile: the front door to qnet's meson build; `make help` lists targets.
# Every target drives ninja/meson in the directories ./configure set up.

-include config-host.mak
BUILD_DIR ?= build
SAN_DIR ?= $(BUILD_DIR)-san
FUZZ_DIR ?= $(BUILD_DIR)-fuzz
NINJA ?= ninja
MESON ?= meson
export BUILD_DIR SAN_DIR FUZZ_DIR

# Targets share build directories: run them one at a time (ninja and meson
# test parallelise inside).
.NOTPARALLEL:
.DEFAULT_GOAL := all
.PHONY: all check check-unit check-functional check-example \
        check-sanitizers install uninstall demo bench fuzz clean distclean help

# Set up the build directory on first use, with ./configure's defaults (or
# the options of the last ./configure run, which config.status replays).
$(BUILD_DIR)/build.ninja:
	@if [ -f config.status ]; then sh ./config.status; else sh ./configure; fi

all: $(BUILD_DIR)/build.ninja
	$(NINJA) -C $(BUILD_DIR)

check: all
	bash scripts/check.sh all

check-unit: all
	bash scripts/check.sh unit

check-functional: all
	bash scripts/check.sh functional

check-example: all
	bash scripts/check.sh example

check-sanitizers:
	bash scripts/check.sh sanitizers

install: all
	$(MESON) install -C $(BUILD_DIR) --no-rebuild $(if $(DESTDIR),--destdir "$(abspath $(DESTDIR))")
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then \
	    ldconfig; \
	fi

uninstall: $(BUILD_DIR)/build.ninja
	$(NINJA) -C $(BUILD_DIR) uninstall

demo: all
	sh scripts/demo.sh $(BUILD_DIR)/qnet

bench: all
	@if [ -x bench/run ]; then \
	    bench/run; \
	else \
	    echo "bench: no benchmark exists yet (bench/run is missing); nothing was measured."; \
	fi

fuzz:
	sh scripts/fuzz.sh

clean:
	@for d in $(BUILD_DIR) $(SAN_DIR) $(FUZZ_DIR); do \
	    if [ -f $$d/build.ninja ]; then echo "$(NINJA) -C $$d clean"; $(NINJA) -C $$d clean; fi; \
	done

distclean:
	rm -rf $(BUILD_DIR) $(SAN_DIR) $(FUZZ_DIR) config.status config-host.mak

help:
	@echo "qnet build targets (run ./configure first to choose options):"
	@echo "  make                  build ($(BUILD_DIR)/; runs ./configure if needed)"
	@echo "  make check            every test suite, the embedding example, then the"
	@echo "                        unit+functional suites under ASan+UBSan ($(SAN_DIR)/)"
	@echo "  make check-unit       the unit suite"
	@echo "  make check-functional the functional suite"
	@echo "  make check-example    build and run examples/ against a staged install"
	@echo "  make check-sanitizers unit+functional suites under ASan+UBSan"
	@echo "  make install          install (DESTDIR=... stages it)"
	@echo "  make uninstall        remove what make install installed"
	@echo "  make demo             run qnet with default networking: info network,"
	@echo "                        side by side with qemu-system-x86_64"
	@echo "  make bench            run bench/run, if a benchmark exists"
	@echo "  make fuzz             build the libFuzzer targets ($(FUZZ_DIR)/) and run"
	@echo "                        each for FUZZ_SECONDS (default 60)"
	@echo "  make clean            remove build outputs, keep the configuration"
	@echo "  make distclean        remove the build directories and configure's records"
	@echo "Variables: MESON_TEST_ARGS='--suite slirp -v' adds meson test arguments."
