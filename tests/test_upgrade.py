"""An index built by a version of qa that split passages differently is rebuilt, not read as is."""
import shutil
from pathlib import Path

from qa import store
from qa.api import QA, build

ROOT = Path(__file__).resolve().parents[1]


def test_an_index_split_by_another_version_is_stale_and_rebuilt(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    index = tmp_path / "index"
    build(docs, index, notify=lambda message: None)
    assert not store.staleness(docs, store.read_manifest(index)).stale

    monkeypatch.setattr(store, "SPLITTER_VERSION", store.SPLITTER_VERSION + 1)
    change = store.staleness(docs, store.read_manifest(index))
    assert change.stale and change.resplit and "split differently" in change.summary()

    messages = []
    bot = QA(docs, index, notify=messages.append)
    assert any("split differently" in m for m in messages)
    assert store.read_manifest(index)["splitter"] == store.SPLITTER_VERSION
    assert bot.ask("How many projects are on the 2024 list of major projects?").answer is not None


def test_an_index_whose_terms_another_version_read_rebuilds_bm25_and_keeps_every_vector(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    index = tmp_path / "index"
    build(docs, index, notify=lambda message: None)

    monkeypatch.setattr(store, "TERMS_VERSION", store.TERMS_VERSION + 1)
    change = store.staleness(docs, store.read_manifest(index))
    assert change.stale and change.reread and not change.resplit
    assert "terms read differently" in change.summary()

    report = build(docs, index, notify=lambda message: None)
    assert report.embedded_passages == 0 and report.reused_documents == 2
    assert store.read_manifest(index)["terms"] == store.TERMS_VERSION
    assert not store.staleness(docs, store.read_manifest(index)).stale
