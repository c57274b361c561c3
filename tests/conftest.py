"""Session fixtures shared by the test files: one copy of docs/ and its index, built by `qa index build`."""
from __future__ import annotations

from pathlib import Path

import pytest

from support import shared_corpus


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> tuple[Path, Path]:
    return shared_corpus(tmp_path_factory)


@pytest.fixture(scope="session")
def where(corpus) -> list[str]:
    docs, index = corpus
    return ["--docs", str(docs), "--index", str(index)]
