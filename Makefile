# Two commands set everything up on a fresh machine: `make ask Q="..."` and `make test`.
# Both create .venv when needed, install qa into it, and build the index when it is missing or stale.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
Q ?= How much cumulative credit has the bank provided to the Sichuan-Chongqing Gaozhu New Area?

.PHONY: setup ask chat index test bench bench-quality bench-reports bench-wordings eval clean

setup: $(STAMP)

# torch is pinned in pyproject.toml to 2.13.0, so pip takes the local CPU wheel, not a CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

index: $(STAMP)
	$(BIN)/qa index build

ask: $(STAMP)
	@$(BIN)/qa ask "$(Q)"

chat: $(STAMP)
	@$(BIN)/qa chat

test: $(STAMP)
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/qa eval ../shared/eval/seed_questions.jsonl

bench: $(STAMP)
	$(BIN)/python bench/speed.py

bench-quality: $(STAMP)
	$(BIN)/python bench/quality.py

bench-reports: $(STAMP)
	$(BIN)/python bench/reports.py

bench-wordings: $(STAMP)
	$(BIN)/python bench/wordings.py

clean:
	rm -rf $(VENV) index/manifest.json index/g-* index/encoder-* index/.lock
