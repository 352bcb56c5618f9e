# Tributary developer targets. `make test` is what CI runs (.ci/run).

GO ?= go
STATICCHECK_VERSION ?= v0.8.2
FUZZTIME ?= 30s
PGPORT_ORACLE ?= 55432
export PGPORT_ORACLE FUZZTIME GO

.PHONY: all build run deps lint test fuzz bench pg-start pg-stop clean

all: build

build:
	$(GO) build -o bin/tributary ./cmd/tributary

run:
	$(GO) run ./cmd/tributary playground

deps:
	scripts/deps.sh

lint:
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt -l: these files need gofmt -w:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

# deps and lint first (in order, even under make -j), then the tests with the oracle.
test:
	$(MAKE) --no-print-directory deps
	$(MAKE) --no-print-directory lint
	scripts/test.sh

fuzz:
	scripts/fuzz.sh

# Benchmarks print figures (docs/benchmarks.md keeps them): the seed pipeline
# at BENCH_EVENTS events end to end, then the Go benchmarks of bench/ (the
# seed view's hash aggregation, BENCH_TIME events per run).
BENCH_EVENTS ?= 1000000
BENCH_TIME ?= 1000000x
bench:
	$(GO) run ./bench/cmd/seedbench -events $(BENCH_EVENTS)
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCH_TIME) ./bench/...

# A throwaway oracle for running tests by hand:
#   make pg-start; export TRIBUTARY_PG_URL=$$(scripts/pg.sh url); go test ./test/...
pg-start:
	scripts/pg.sh start

pg-stop:
	scripts/pg.sh stop

clean:
	rm -rf bin
