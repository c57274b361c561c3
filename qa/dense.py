"""The vector index: FAISS, with its structure chosen by size.

Vectors are unit length, so inner product is cosine. Up to EXACT_LIMIT passages a flat index
searches exactly (fast enough, and nothing to tune); beyond it, HNSW keeps queries in
milliseconds at the cost of approximate recall, measured by `make bench`.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

EXACT_LIMIT = 100_000
# Measured by bench/scale.py on 1,000,000 vectors: M=32 never passed recall@10 0.70; M=64 with
# efSearch 2048 gives recall@10 0.965 at a p50 of 2.9 ms.
HNSW_NEIGHBOURS = 64
HNSW_BUILD_DEPTH = 80
HNSW_SEARCH_DEPTH = 2048


def structure_for(count: int) -> str:
    return "flat" if count <= EXACT_LIMIT else "hnsw"


def build(path: Path, vectors: np.ndarray) -> str:
    """Write a FAISS index of `vectors` to path; returns the structure used."""
    import faiss

    structure = structure_for(len(vectors))
    dimension = vectors.shape[1]
    if structure == "flat":
        index = faiss.IndexFlatIP(dimension)
    else:
        index = faiss.IndexHNSWFlat(dimension, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_BUILD_DEPTH
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    faiss.write_index(index, str(path))
    return structure


class DenseIndex:
    def __init__(self, path: Path, vectors: np.ndarray) -> None:
        import faiss

        try:
            self.index = faiss.read_index(str(path))
        except RuntimeError:  # FAISS's own message is a C++ source location, no help to a user
            raise ValueError(f"{path.name} is not a readable FAISS index") from None
        if hasattr(self.index, "hnsw"):
            self.index.hnsw.efSearch = HNSW_SEARCH_DEPTH
        self.vectors = vectors  # memory-mapped rows, for exact search inside a subset of documents
        if self.index.ntotal != len(vectors):
            raise ValueError(f"the FAISS index holds {self.index.ntotal} vectors, the table {len(vectors)}")

    def search(self, query: np.ndarray, k: int, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Best k rows by cosine: (rows, scores), best first. With `rows`, only those are searched
        (exactly: a subset is small, and filtering an approximate search would lose recall)."""
        if rows is not None:
            scores = np.asarray(self.vectors[rows]) @ query
            top = np.argsort(-scores)[:k]
            return rows[top], scores[top]
        k = min(k, self.index.ntotal)
        if k == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        scores, ids = self.index.search(query.reshape(1, -1), k)
        keep = ids[0] >= 0
        return ids[0][keep].astype(np.int64), scores[0][keep]
