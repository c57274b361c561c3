"""BM25 over passage windows: built by the bm25s library, scored at question time with numpy.

bm25s precomputes every (term, passage) BM25 weight into a sparse CSC matrix and saves it as
.npy files plus a JSON vocabulary. Importing bm25s pulls in scipy (about 0.25 s), so the question
path reads those files itself: a query's scores are the sum of its terms' columns.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

FILES = ("data.csc.index.npy", "indices.csc.index.npy", "indptr.csc.index.npy", "vocab.index.json",
         "params.index.json")


def build(folder: Path, passage_terms: list[list[str]]) -> None:
    """Index each passage's terms with bm25s (Lucene BM25, k1=1.5, b=0.75) and save to folder."""
    import bm25s

    retriever = bm25s.BM25(method="lucene")
    # An empty passage list still needs a valid index: one empty document keeps the shapes right.
    retriever.index(passage_terms or [[]], show_progress=False)
    retriever.save(str(folder), show_progress=False)


class LexicalIndex:
    def __init__(self, folder: Path) -> None:
        # Memory-mapped: a question reads only its terms' columns (a few MB of 0.3 GB at 1M passages).
        self.data, self.indices, self.indptr = (np.load(folder / name, allow_pickle=False, mmap_mode="r")
                                                for name in FILES[:3])
        self.vocab: dict[str, int] = json.loads((folder / FILES[3]).read_text(encoding="utf-8"))
        self.size = int(json.loads((folder / FILES[4]).read_text(encoding="utf-8"))["num_docs"])
        # bm25s adds an empty token to the vocabulary after building the matrix: one more entry.
        if not 0 <= len(self.vocab) - (len(self.indptr) - 1) <= 1 or len(self.data) != len(self.indices):
            raise ValueError("the BM25 arrays do not match their vocabulary")

    def search(self, query_terms: list[str], k: int, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(BM25 score of every passage, the best k passages with a positive score, best first) for
        these terms (repeats count, as in bm25s); `rows` restricts the search to those passages."""
        ids = [self.vocab[t] for t in query_terms if t in self.vocab]
        if not ids:
            return np.zeros(self.size), np.zeros(0, dtype=np.int64)
        picked = np.concatenate([np.arange(self.indptr[i], self.indptr[i + 1]) for i in ids])
        touched = self.indices[picked]
        scores = np.bincount(touched, weights=self.data[picked], minlength=self.size)
        if rows is not None:
            allowed = np.zeros(self.size, dtype=bool)
            allowed[rows] = True
            scores[~allowed] = 0.0
            touched = touched[allowed[touched]]
        # Every passage with a score is in `touched`, at most once per term: the best k * terms
        # entries of it hold the best k passages. Selecting among them, not among all passages,
        # is 4x faster at 1M (most passages score 0).
        depth = k * len(ids)
        if depth < len(touched):
            touched = touched[np.argpartition(-scores[touched], depth - 1)[:depth]]
        best = np.unique(touched)
        best = best[np.argsort(-scores[best], kind="stable")[:k]]
        return scores, best[scores[best] > 0].astype(np.int64)

    def document_frequency(self, term: str) -> int:
        i = self.vocab.get(term)
        return 0 if i is None else int(self.indptr[i + 1] - self.indptr[i])
