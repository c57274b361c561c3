"""The vector index: FAISS, with its structure chosen by size.

Vectors are unit length, so inner product is cosine. Up to EXACT_LIMIT passages a flat index
searches exactly (fast enough, and nothing to tune); beyond it, HNSW keeps queries in
milliseconds at the cost of approximate recall, measured by `make bench`.

Building memory: `build` reads the vectors from their .npy file in blocks of CHUNK_ROWS rows
(plain reads, not a memory map, so the file's pages are not counted in the process) and adds
them block by block to an index whose storage and graph were sized for every row up front. The
process then holds one copy of the vectors (FAISS's own) and the graph: no caller's array, and
no doubling when a growing buffer is moved (measured by bench/scale.py: 1M vectors peak at
2.21 GB where one `add` of an array in memory peaked at 3.45 GB).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import numpy as np

EXACT_LIMIT = 100_000
# Measured by bench/scale.py on 1,000,000 vectors: M=32 never passed recall@10 0.70; M=64 with
# efSearch 2048 gave recall@10 0.965 at a p50 of 2.9-4.8 ms, but only 0.951 on the denser clusters
# of the `--pipeline` corpus; efSearch 4096 gives 0.982 and 0.973 at a p50 of 10.5-14 ms.
HNSW_NEIGHBOURS = 64
HNSW_BUILD_DEPTH = 80
HNSW_SEARCH_DEPTH = 4096
# Rows read and added at a time (192 MB of 384-dimensional float32). Each add builds the graph of
# its block in its own random order; measured at 1M by bench/scale.py, blocks of 32,768 rows
# lowered recall@10 to 0.951, blocks of 131,072 kept it at 0.965, as one add of everything gave.
CHUNK_ROWS = 131_072


def structure_for(count: int) -> str:
    return "flat" if count <= EXACT_LIMIT else "hnsw"


def npy_layout(path: Path) -> tuple[int, int, int]:
    """(rows, dimension, offset of the data) of a float32 C-ordered 2-d .npy file; ValueError otherwise."""
    with open(path, "rb") as handle:
        version = np.lib.format.read_magic(handle)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(handle)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(handle)
        else:
            raise ValueError(f"{path.name}: unsupported .npy version {version}")
        offset = handle.tell()
    if fortran or dtype != np.dtype("<f4") or len(shape) != 2:
        raise ValueError(f"{path.name} does not hold a C-ordered 2-d float32 array")
    return int(shape[0]), int(shape[1]), offset


def _blocks_from_file(path: Path, rows: int, dimension: int, offset: int) -> Iterator[np.ndarray]:
    buffer = np.empty((min(CHUNK_ROWS, rows), dimension), dtype=np.float32)
    with open(path, "rb", buffering=0) as handle:
        handle.seek(offset)
        for start in range(0, rows, CHUNK_ROWS):
            block = buffer[:min(CHUNK_ROWS, rows - start)]
            view = memoryview(block).cast("B")
            done = 0
            while done < len(view):
                got = handle.readinto(view[done:])
                if not got:
                    raise ValueError(f"{path.name} is shorter than its header says")
                done += got
            yield block


def _blocks_from_array(vectors: np.ndarray) -> Iterator[np.ndarray]:
    for start in range(0, len(vectors), CHUNK_ROWS):
        yield np.ascontiguousarray(vectors[start:start + CHUNK_ROWS], dtype=np.float32)


def _reserve(index, rows: int) -> None:
    """Size the index's buffers for `rows` vectors before the first add.

    FAISS grows its code and neighbour buffers as std::vectors: an add that outgrows one moves it,
    and for that moment both the old and the new buffer are in memory (at 1M vectors, 1.2 GB
    more). Resizing to the final size and back to 0 keeps the capacity, so no add moves them."""
    import faiss

    storage = faiss.downcast_index(index.storage) if hasattr(index, "storage") else index
    storage.codes.resize(rows * storage.code_size)
    storage.codes.resize(0)
    if hasattr(index, "hnsw"):
        # Level 0 holds 2M neighbours per vector, each level above M more; a vector reaches level
        # l with probability M**-l, so 2M + 1.02 on average: 2M + 4 leaves room for chance.
        index.hnsw.neighbors.resize(rows * (2 * HNSW_NEIGHBOURS + 4))
        index.hnsw.neighbors.resize(0)


def build(path: Path, vectors: np.ndarray | Path) -> str:
    """Write a FAISS index of `vectors` (an array, or the path of a float32 .npy file, read in
    blocks) to path; returns the structure used."""
    import faiss

    if isinstance(vectors, np.ndarray):
        rows, dimension = vectors.shape
        blocks = _blocks_from_array(vectors)
    else:
        rows, dimension, offset = npy_layout(Path(vectors))
        blocks = _blocks_from_file(Path(vectors), rows, dimension, offset)
    structure = structure_for(rows)
    if structure == "flat":
        index = faiss.IndexFlatIP(dimension)
    else:
        index = faiss.IndexHNSWFlat(dimension, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_BUILD_DEPTH
    if rows:
        _reserve(index, rows)
        for block in blocks:
            index.add(block)
    faiss.write_index(index, str(path))
    return structure


class DenseIndex:
    """A FAISS index file, memory-mapped (IO_FLAG_MMAP_IFC: the vectors and the HNSW graph stay in
    the file, paged in as searches touch them). Opening it costs no copy: at 1M passages reading
    the 1.9 GB file took seconds on every one-shot `qa ask` and held it in private memory; mapped,
    it opens in under a second and its pages are the page cache's, shared between processes."""

    def __init__(self, path: Path) -> None:
        import faiss

        try:
            self.index = faiss.read_index(str(path), faiss.IO_FLAG_MMAP_IFC)
        except RuntimeError:  # FAISS's own message is a C++ source location, no help to a user
            raise ValueError(f"{path.name} is not a readable FAISS index") from None
        if hasattr(self.index, "hnsw"):
            self.index.hnsw.efSearch = HNSW_SEARCH_DEPTH
        storage = faiss.downcast_index(self.index.storage) if hasattr(self.index, "storage") else self.index
        if not isinstance(storage, faiss.IndexFlat) or storage.d <= 0:
            raise ValueError(f"{path.name} does not hold its vectors uncompressed")
        rows, dimension = storage.ntotal, storage.d
        # The index's own vectors (in the mapped file), for exact cosines of chosen rows: no second copy.
        self.vectors = (faiss.rev_swig_ptr(storage.get_xb(), rows * dimension).reshape(rows, dimension)
                        if rows else np.zeros((0, dimension), dtype=np.float32))
        self.vectors.flags.writeable = False  # the mapping is read-only: a write would crash, not raise

    def search(self, query: np.ndarray, k: int, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Best k rows by cosine: (rows, scores), best first. With `rows`, only those are searched
        (exactly: a subset is small, and filtering an approximate search would lose recall)."""
        if rows is not None:
            scores = self.vectors[rows] @ query
            top = np.argsort(-scores)[:k]
            return rows[top], scores[top]
        k = min(k, self.index.ntotal)
        if k == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        scores, ids = self.index.search(query.reshape(1, -1), k)
        keep = ids[0] >= 0
        return ids[0][keep].astype(np.int64), scores[0][keep]
