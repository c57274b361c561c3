"""The build path of a large index, at a size a test can afford: vectors streamed to vectors.npy,
FAISS filled from that file in blocks into buffers sized up front, HNSW above the exact limit.

bench/scale.py measures the same functions at a million vectors (time and memory); these tests
check what they do, never how fast.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from qa import api, dense, store


def unit_vectors(n: int, dimension: int = 384, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((20, dimension)).astype(np.float32)
    x = centres[rng.integers(0, len(centres), n)] + rng.standard_normal((n, dimension)).astype(np.float32)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def exact_top(vectors: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    return np.argsort(-(queries @ vectors.T), axis=1)[:, :k]


def test_flat_build_from_the_file_equals_build_from_the_array(tmp_path, monkeypatch):
    monkeypatch.setattr(dense, "CHUNK_ROWS", 7)  # several blocks, the last one short
    vectors = unit_vectors(100)
    np.save(tmp_path / "vectors.npy", vectors, allow_pickle=False)
    assert dense.build(tmp_path / "from-array.faiss", vectors) == "flat"
    assert dense.build(tmp_path / "from-file.faiss", tmp_path / "vectors.npy") == "flat"
    assert (tmp_path / "from-array.faiss").read_bytes() == (tmp_path / "from-file.faiss").read_bytes()
    index = dense.DenseIndex(tmp_path / "from-file.faiss")
    rows, _ = index.search(vectors[42], 5)
    assert rows.tolist() == exact_top(vectors, vectors[42:43], 5)[0].tolist()


def test_hnsw_built_in_blocks_from_the_file_finds_the_exact_neighbours(tmp_path, monkeypatch):
    monkeypatch.setattr(dense, "EXACT_LIMIT", 500)
    monkeypatch.setattr(dense, "CHUNK_ROWS", 300)
    vectors = unit_vectors(2000)
    np.save(tmp_path / "vectors.npy", vectors, allow_pickle=False)
    assert dense.build(tmp_path / "vectors.faiss", tmp_path / "vectors.npy") == "hnsw"
    index = dense.DenseIndex(tmp_path / "vectors.faiss")
    assert index.index.ntotal == 2000 and index.index.hnsw.efSearch == dense.HNSW_SEARCH_DEPTH
    queries = unit_vectors(50, seed=8)
    exact = exact_top(vectors, queries, 10)
    found = [index.search(q, 10)[0] for q in queries]
    recall = np.mean([len(set(f.tolist()) & set(e.tolist())) / 10 for f, e in zip(found, exact)])
    assert recall >= 0.95
    assert index.search(vectors[1234], 1)[0].tolist() == [1234]


def test_buffers_sized_up_front_are_never_moved(tmp_path):
    """The memory point of the block-wise build: FAISS's code and neighbour buffers, sized for
    every row before the first add, stay where they are (no moment with two copies)."""
    import faiss

    def address(vector) -> int:
        return faiss.rev_swig_ptr(vector.data(), 1).ctypes.data

    vectors = unit_vectors(1000, dimension=16)
    index = faiss.IndexHNSWFlat(16, dense.HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
    dense._reserve(index, len(vectors))
    storage = faiss.downcast_index(index.storage)
    index.add(vectors[:100])
    codes, neighbours = address(storage.codes), address(index.hnsw.neighbors)
    for start in range(100, 1000, 100):
        index.add(vectors[start:start + 100])
    assert address(storage.codes) == codes and address(index.hnsw.neighbors) == neighbours
    assert index.ntotal == 1000 and index.hnsw.neighbors.size() <= 1000 * (2 * dense.HNSW_NEIGHBOURS + 4)


@pytest.mark.parametrize("array", [np.zeros((3, 4), dtype=np.float64), np.zeros(5, dtype=np.float32),
                                   np.asfortranarray(np.zeros((3, 4), dtype=np.float32))])
def test_a_vectors_file_of_another_layout_is_refused(tmp_path, array):
    np.save(tmp_path / "v.npy", array, allow_pickle=False)
    with pytest.raises(ValueError):
        dense.build(tmp_path / "v.faiss", tmp_path / "v.npy")


def test_a_vectors_file_shorter_than_its_header_is_refused(tmp_path):
    np.save(tmp_path / "v.npy", unit_vectors(10), allow_pickle=False)
    with open(tmp_path / "v.npy", "r+b") as handle:
        handle.truncate((tmp_path / "v.npy").stat().st_size - 100)
    with pytest.raises(ValueError):
        dense.build(tmp_path / "v.faiss", tmp_path / "v.npy")


LINES = ["The {} harbor handled {},{:03d} containers in {}.", "Its {} terminal employs {} dock workers.",
         "The {} mill produced {} bags of flour in {}."]
NAMES = ["Northport", "Eastbay", "Westfield", "Southmoor", "Kingsreach", "Ashford", "Millbrook", "Stonehaven"]


def test_a_build_above_the_exact_limit_streams_its_vectors_into_hnsw(tmp_path, monkeypatch):
    """The whole build path of a large index (HNSW, vectors streamed in batches, the encoder let
    go before FAISS), on a corpus a test can embed: the same answers, the same vectors."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for i, name in enumerate(NAMES):
        text = "\n".join(line.format(name, 10 + i, 100 + i, 2000 + i) for line in LINES) + "\n"
        (docs / f"{name.lower()}.txt").write_text(text, encoding="utf-8")
    (docs / "copy.txt").write_text((docs / "ashford.txt").read_text(encoding="utf-8"), encoding="utf-8")
    released = []
    monkeypatch.setattr(store.dense, "EXACT_LIMIT", 10)
    monkeypatch.setattr(store, "EMBED_BATCH", 5)  # batches that end inside a document
    monkeypatch.setattr(store, "release_passage_encoder", lambda: released.append(True))

    report = api.build(docs, tmp_path / "index", notify=lambda message: None)

    manifest = store.read_manifest(tmp_path / "index")
    assert manifest["faiss"] == "hnsw" and report.passages == 27 and report.embedded_passages == 24
    assert released == [True]
    bot = api.QA(docs, tmp_path / "index", update=False)
    vectors = np.asarray(bot.index.dense.vectors)
    texts = [bot.index.texts[d][s:e] for d, s, e in bot.index.passages[:, :3].tolist()]
    reference = store.passage_encoder().encode(texts)
    assert np.allclose(vectors, reference, atol=1e-6)
    sources = [d.source for d in bot.index.documents]
    ashford, copy = (bot.index.documents[sources.index(s)] for s in ("ashford.txt", "copy.txt"))
    assert np.array_equal(vectors[ashford.first_passage:ashford.first_passage + 3],
                          vectors[copy.first_passage:copy.first_passage + 3])
    result = bot.ask("How many bags of flour did the Millbrook mill produce?")
    assert result.answer.text == "16" and result.answer.source == "millbrook.txt"
    store.verify(tmp_path / "index")
