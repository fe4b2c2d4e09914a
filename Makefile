# newsfold — `make demo` sets up .venv and runs the main job on ../shared/seeds; `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
DB     ?= newsfold.db

.PHONY: setup demo test eval bench bench-long clean pg pg-install wrk-install

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: setup
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/newsfold ingest $(SHARED)/seeds --db $(DB)
	@echo; echo "== Stories"; $(BIN)/newsfold stories --db $(DB)
	@echo; echo "== Storylines"; $(BIN)/newsfold storylines --db $(DB)
	@echo; echo "== Who said what"; $(BIN)/newsfold quotes --db $(DB)
	@echo; echo "== Against the gold"; $(BIN)/newsfold eval seeds --db $(DB)
	@echo; echo "Explore further: . $(BIN)/activate; newsfold story ID; newsfold search Peskov (store: $(DB))"

test: setup
	$(BIN)/python -m pytest

# Every benchmark of ../shared/eval; each prints P / R / F1 and documents/s and merges its figures
# into eval/results.json. The extraction gate then checks them against eval/floors.json.
eval: setup
	$(BIN)/newsfold eval seeds
	$(BIN)/python -m newsfold.evaluation.extraction --out eval/results.json
	$(BIN)/python -m newsfold.evaluation.extraction_meta
	$(BIN)/python -m newsfold.evaluation.quotes
	-$(BIN)/python -m newsfold.evaluation.quotes --tagger accurate --procs 1  # where the embed extra is installed
	$(BIN)/python -m newsfold.evaluation.statements
	$(BIN)/python eval/run_stories.py
	$(BIN)/python -m newsfold.evaluation.gate

# Every benchmark with its peer; each merges its figures into bench/results.json, and the table of
# all of them comes last. `make bench` takes about an hour and a half on 2 cores (the 100k memory
# stream and the fuzz run are most of it); `make bench-long` adds the million-article runs (hours:
# the 1M memory run resumes where it stopped when run again).
bench: setup wrk-install
	$(BIN)/python bench/run.py --n $${BENCH_N:-2000}
	$(BIN)/python bench/html_path.py
	$(BIN)/python bench/neardup.py
	$(BIN)/python bench/dask_scaling.py
	rm -f /tmp/newsfold-bench-seeds.db*
	$(BIN)/newsfold ingest $(SHARED)/seeds --db /tmp/newsfold-bench-seeds.db -q
	-$(BIN)/newsfold embed --db /tmp/newsfold-bench-seeds.db -q  # semantic search pages, where the embed extra is installed
	$(BIN)/python bench/pages.py --db /tmp/newsfold-bench-seeds.db --label seeds
	$(BIN)/python bench/load.py
	$(BIN)/python bench/memory.py --n 100000 --workers 2
	$(BIN)/python bench/fuzz.py --n $${FUZZ_N:-100000}
	$(BIN)/python bench/table.py

bench-long: bench
	$(BIN)/python bench/pages_100k.py
	$(BIN)/python bench/search.py --n 1000000
	$(BIN)/python bench/memory.py --n 1000000 --workers 2 --store $${MEM1M_STORE:-/tmp/newsfold-mem1m.db} \
	  --partial $${MEM1M_STORE:-/tmp/newsfold-mem1m.db}.samples.jsonl
	$(BIN)/python bench/table.py

# Debian's PostgreSQL for the store tests and for trying `--db postgresql://...`. `make test` needs
# only the binaries (the tests start a private server of their own); `make pg` also runs one
# until Ctrl-C and prints its URL.
pg-install:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	  else echo "PostgreSQL is not installed: run make pg-install as root, or apt-get install postgresql"; exit 1; fi; }

# Debian's wrk drives the load benchmark (bench/load.py).
wrk-install:
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "wrk is not installed: run make wrk-install as root, or apt-get install wrk"; exit 1; fi; }

pg: setup pg-install
	$(BIN)/python tests/pgserver.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache .hypothesis
