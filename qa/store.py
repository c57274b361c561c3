"""The index folder: build it (incrementally), write it atomically, read it back and check it.

Layout of an index folder:

    manifest.json        what is indexed and where; replaced atomically, so it is the switch
    encoder/             the query encoder (ONNX model + tokenizer), exported once
    g-<id>/              one generation of the index, never modified after it is written:
        passages.npy     int64 rows (document, start, end, focus_start, focus_end)
        vectors.npy      float32 unit vectors, one row per passage
        vectors.faiss    FAISS index of the same vectors
        texts.jsonl      each document's text: the text every offset refers to
        bm25/            the BM25 matrix (bm25s files)

A build writes a new generation beside the old one, then replaces manifest.json in one rename:
a reader sees the old index or the new one, never a mix, and a build killed half-way leaves the
old index whole. Only then are older generations deleted. No pickle anywhere.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from . import dense, lexical
from .documents import Document, DocumentError, Skipped, file_fingerprint, file_sha256, find_document_paths, read_document
from .embedding import DIMENSION, MODEL_ID, ONNX_FILE, TOKENIZER_FILE
from .passages import make_passages
from .terms import stems

FORMAT = "qa-index"
FORMAT_VERSION = 1
# Bump when sentence or passage splitting changes: stored vectors no longer match new passages.
SPLITTER_VERSION = 1
MANIFEST = "manifest.json"
ENCODER_DIR = "encoder"
LOCK = ".lock"
HASH_LIMIT = 64 * 2**20  # files larger than this are checked by size on load; by hash in `verify`


class IndexError_(Exception):
    """Base of index problems the user can act on; str() is one line."""


class IndexMissingError(IndexError_):
    pass


class IndexDamagedError(IndexError_):
    pass


class IndexMismatchError(IndexError_):
    pass


class NoDocumentsError(IndexError_):
    pass


@dataclass(frozen=True, slots=True)
class DocumentEntry:
    source: str
    sha256: str
    size: int
    mtime_ns: int
    format: str
    page_starts: tuple[int, ...]
    first_passage: int
    passage_count: int


@dataclass
class BuildReport:
    documents: int = 0
    passages: int = 0
    embedded_documents: int = 0
    embedded_passages: int = 0
    reused_documents: int = 0
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Staleness:
    added: list[str]
    changed: list[str]
    removed: list[str]

    @property
    def stale(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def summary(self) -> str:
        parts = [f"{len(v)} {k}" for k, v in (("added", self.added), ("changed", self.changed),
                                               ("removed", self.removed)) if v]
        return ", ".join(parts) or "no changes"


# ---------------------------------------------------------------- small file helpers

def sha256_of(path: Path) -> str:
    return file_sha256(path)


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, rename over the target."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _describe_files(folder: Path, relative_to: Path) -> dict[str, dict]:
    return {
        p.relative_to(relative_to).as_posix(): {"size": p.stat().st_size, "sha256": sha256_of(p)}
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@contextlib.contextmanager
def build_lock(index_dir: Path, notify: Callable[[str], None]) -> Iterator[None]:
    """One build at a time per index folder; a second one waits for the first."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            notify(f"another build of {index_dir} is running; waiting for it to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


# ---------------------------------------------------------------- reading

def read_manifest(index_dir: Path) -> dict:
    path = index_dir / MANIFEST
    if not path.exists():
        raise IndexMissingError(f"no index in {index_dir}: build one with `qa index build`")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexDamagedError(f"the index manifest {path} is unreadable ({exc.__class__.__name__}); "
                                "rebuild it with `qa index build --full`") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise IndexDamagedError(f"{index_dir} does not hold a qa index; rebuild it with `qa index build --full`")
    if manifest.get("version") != FORMAT_VERSION:
        raise IndexMismatchError(f"the index in {index_dir} has format version {manifest.get('version')}, "
                                 f"this qa reads {FORMAT_VERSION}; rebuild it with `qa index build --full`")
    model = manifest.get("model") or {}
    if model.get("id") != MODEL_ID or model.get("dimension") != DIMENSION:
        raise IndexMismatchError(
            f"the index in {index_dir} was built with {model.get('id')} ({model.get('dimension')} dimensions), "
            f"this qa uses {MODEL_ID} ({DIMENSION}); rebuild it with `qa index build --full`")
    return manifest


def _entries(manifest: dict) -> list[DocumentEntry]:
    try:
        return [DocumentEntry(d["source"], d["sha256"], int(d["size"]), int(d["mtime_ns"]), d["format"],
                              tuple(d.get("page_starts") or ()), int(d["first_passage"]), int(d["passage_count"]))
                for d in manifest["documents"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise IndexDamagedError("the index manifest lists documents wrongly; rebuild it with `qa index build --full`") from exc


def check_files(index_dir: Path, manifest: dict, full: bool = False) -> None:
    """Every file the manifest names exists with its size and (small files, or all with full) hash."""
    for name, expected in manifest.get("files", {}).items():
        path = index_dir / name
        try:
            size = path.stat().st_size
        except OSError:
            raise IndexDamagedError(f"the index file {path} is missing; rebuild with `qa index build --full`") from None
        if size != expected["size"] or ((full or size <= HASH_LIMIT) and sha256_of(path) != expected["sha256"]):
            raise IndexDamagedError(f"the index file {path} is damaged (size or checksum differs from the manifest); "
                                    "rebuild with `qa index build --full`")


@dataclass
class Index:
    """A loaded index: everything the question path needs, read once."""
    folder: Path
    manifest: dict
    documents: list[DocumentEntry]
    texts: list[str]
    passages: np.ndarray  # (n, 5) int64: document, start, end, focus_start, focus_end
    dense: dense.DenseIndex
    lexical: lexical.LexicalIndex

    @property
    def encoder_dir(self) -> Path:
        return self.folder / ENCODER_DIR

    def rows_of(self, document_indexes: list[int]) -> np.ndarray:
        ranges = [np.arange(self.documents[i].first_passage,
                            self.documents[i].first_passage + self.documents[i].passage_count)
                  for i in document_indexes]
        return np.concatenate(ranges) if ranges else np.zeros(0, dtype=np.int64)


def load_index(index_dir: Path) -> Index:
    try:
        return _load_generation(index_dir, read_manifest(index_dir))
    except IndexDamagedError:
        # A build may have swapped generations between reading the manifest and the files.
        manifest = read_manifest(index_dir)
        return _load_generation(index_dir, manifest)


def _load_generation(index_dir: Path, manifest: dict) -> Index:
    generation = index_dir / manifest.get("generation", "")
    check_files(index_dir, manifest)
    documents = _entries(manifest)
    try:
        passages = np.load(generation / "passages.npy", allow_pickle=False)
        vectors = np.load(generation / "vectors.npy", allow_pickle=False, mmap_mode="r")
        texts = [json.loads(line)["text"] for line in
                 (generation / "texts.jsonl").read_text(encoding="utf-8").splitlines()]
        dense_index = dense.DenseIndex(generation / "vectors.faiss", vectors)
        lexical_index = lexical.LexicalIndex(generation / "bm25")
    except (OSError, ValueError, KeyError, RuntimeError, json.JSONDecodeError) as exc:
        raise IndexDamagedError(f"the index in {index_dir} is damaged ({exc}); rebuild with `qa index build --full`") from exc
    total = sum(d.passage_count for d in documents)
    shapes_agree = (passages.ndim == 2 and passages.shape[1] == 5 and len(passages) == total == len(vectors)
                    == lexical_index.size - (total == 0) and len(texts) == len(documents)
                    and vectors.shape[1:] == (DIMENSION,))
    if not shapes_agree:
        raise IndexDamagedError(f"the index in {index_dir} has mismatched counts; rebuild with `qa index build --full`")
    return Index(index_dir, manifest, documents, texts, passages, dense_index, lexical_index)


# ---------------------------------------------------------------- staleness

def staleness(docs_dir: Path, manifest: dict) -> Staleness:
    """Compare the documents folder with what the manifest indexed: cheap stat first, hash on doubt."""
    indexed = {d["source"]: d for d in manifest.get("documents", [])}
    skipped = {s["source"]: s for s in manifest.get("skipped", [])}
    paths, now_skipped = find_document_paths(docs_dir)
    present = {}
    for path in paths:
        present[path.relative_to(docs_dir).as_posix()] = path
    for s in now_skipped:
        present.setdefault(s.source, None)
    added, changed = [], []
    for source, path in present.items():
        entry = indexed.get(source) or skipped.get(source)
        if entry is None:
            added.append(source)
            continue
        if path is None or "sha256" not in entry:
            continue  # skipped then and now: nothing new to index
        size, mtime_ns = file_fingerprint(path)
        if (size, mtime_ns) != (entry["size"], entry["mtime_ns"]) and file_sha256(path) != entry["sha256"]:
            changed.append(source)
    removed = [s for s in indexed if s not in present]
    return Staleness(added, changed, removed)


# ---------------------------------------------------------------- building

def _export_encoder(index_dir: Path, encoder, manifest_encoder: dict | None) -> dict:
    """The ONNX query encoder, exported once and kept across builds while its files check out."""
    folder = index_dir / ENCODER_DIR
    if manifest_encoder and manifest_encoder.get("model") == MODEL_ID and (folder / ONNX_FILE).exists():
        with contextlib.suppress(IndexDamagedError):
            check_files(index_dir, {"files": manifest_encoder["files"]})
            return manifest_encoder
    tmp = Path(tempfile.mkdtemp(prefix=".encoder.", dir=index_dir))
    try:
        encoder.export_onnx(tmp)
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"model": MODEL_ID, "files": _describe_files(folder, index_dir)}


def build_index(docs_dir: Path, index_dir: Path, full: bool = False,
                notify: Callable[[str], None] = lambda message: print(message, file=sys.stderr),
                show_progress: bool = False) -> BuildReport:
    """Bring the index in index_dir up to date with docs_dir, embedding only what changed."""
    started = time.perf_counter()
    paths, skipped = find_document_paths(docs_dir)
    report = BuildReport()
    with build_lock(index_dir, notify):
        previous: dict | None = None
        if not full:
            with contextlib.suppress(IndexError_):
                previous = read_manifest(index_dir)
                check_files(index_dir, previous)
        reusable = _reusable_vectors(index_dir, previous)

        documents: list[Document] = []
        for path in paths:
            try:
                documents.append(read_document(path, docs_dir))
            except DocumentError as exc:
                skipped.append(Skipped(path.relative_to(docs_dir).as_posix(), str(exc)))
        for s in skipped:
            notify(f"skipped {s.source}: {s.reason}")
        if not documents:
            raise NoDocumentsError(f"no readable documents in {docs_dir}" +
                                   (f" ({len(skipped)} skipped)" if skipped else ""))

        rows, texts_to_embed, entries, blocks = [], [], [], []
        for doc_index, document in enumerate(documents):
            passages = make_passages(document.source, document.text)
            first = sum(e.passage_count for e in entries)
            entries.append(DocumentEntry(document.source, document.sha256, document.size, document.mtime_ns,
                                         document.format, document.page_starts, first, len(passages)))
            rows.extend((doc_index, p.start, p.end, p.focus_start, p.focus_end) for p in passages)
            cached = reusable.get(document.sha256)
            if cached is not None and len(cached) == len(passages):
                blocks.append(cached)
                report.reused_documents += 1
            else:
                blocks.append(None)
                texts_to_embed.extend(document.text[p.start:p.end] for p in passages)
                report.embedded_documents += 1
        report.embedded_passages = len(texts_to_embed)

        manifest_encoder = (previous or {}).get("encoder")
        need_encoder = texts_to_embed or not (manifest_encoder and (index_dir / ENCODER_DIR / ONNX_FILE).exists())
        encoder = None
        if need_encoder:
            from .embedding import PassageEncoder
            encoder = PassageEncoder()
        fresh = encoder.encode(texts_to_embed, show_progress=show_progress) if texts_to_embed else None
        vectors_parts, cursor = [], 0
        for entry, block in zip(entries, blocks):
            if block is None:
                block = fresh[cursor:cursor + entry.passage_count]
                cursor += entry.passage_count
            vectors_parts.append(block)
        vectors = np.concatenate(vectors_parts) if vectors_parts else np.zeros((0, DIMENSION), np.float32)
        encoder_info = _export_encoder(index_dir, encoder, manifest_encoder) if encoder else manifest_encoder

        generation = f"g-{dt.datetime.now(dt.timezone.utc).strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
        gen_dir = index_dir / generation
        tmp_dir = Path(tempfile.mkdtemp(prefix=".building.", dir=index_dir))
        try:
            passage_array = np.array(rows, dtype=np.int64).reshape(-1, 5)
            np.save(tmp_dir / "passages.npy", passage_array, allow_pickle=False)
            np.save(tmp_dir / "vectors.npy", vectors, allow_pickle=False)
            structure = dense.build(tmp_dir / "vectors.faiss", vectors)
            (tmp_dir / "texts.jsonl").write_text(
                "".join(json.dumps({"source": d.source, "text": d.text}, ensure_ascii=False) + "\n"
                        for d in documents), encoding="utf-8")
            (tmp_dir / "bm25").mkdir()
            lexical.build(tmp_dir / "bm25", [stems(documents[d].text[s:e]) for (d, s, e, _, _) in rows])
            for p in tmp_dir.rglob("*"):
                if p.is_file():
                    with open(p, "rb") as handle:
                        os.fsync(handle.fileno())
            os.replace(tmp_dir, gen_dir)
            _fsync_dir(index_dir)
        finally:
            shutil.rmtree(tmp_dir, ignore_errors=True)

        files = _describe_files(gen_dir, index_dir)
        files.update(encoder_info["files"])
        manifest = {
            "format": FORMAT, "version": FORMAT_VERSION,
            "model": {"id": MODEL_ID, "dimension": DIMENSION},
            "splitter": SPLITTER_VERSION,
            "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "docs_dir": str(docs_dir.resolve()),
            "generation": generation,
            "faiss": structure,
            "passages": len(rows),
            "documents": [entry_to_json(e) for e in entries],
            "skipped": [{"source": s.source, "reason": s.reason} for s in skipped],
            "encoder": encoder_info,
            "files": files,
        }
        write_atomic(index_dir / MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False).encode("utf-8"))
        _fsync_dir(index_dir)
        _remove_old_generations(index_dir, keep=generation)

    old_sources = {d["source"] for d in (previous or {}).get("documents", [])}
    report.removed = sorted(old_sources - {e.source for e in entries})
    report.documents, report.passages, report.skipped = len(entries), len(rows), skipped
    report.seconds = time.perf_counter() - started
    return report


def entry_to_json(entry: DocumentEntry) -> dict:
    return {"source": entry.source, "sha256": entry.sha256, "size": entry.size, "mtime_ns": entry.mtime_ns,
            "format": entry.format, "page_starts": list(entry.page_starts),
            "first_passage": entry.first_passage, "passage_count": entry.passage_count}


def _reusable_vectors(index_dir: Path, manifest: dict | None) -> dict[str, np.ndarray]:
    """Vectors of the previous build by document hash, when its splitting matches this one."""
    if not manifest or manifest.get("splitter") != SPLITTER_VERSION:
        return {}
    try:
        vectors = np.load(index_dir / manifest["generation"] / "vectors.npy", allow_pickle=False, mmap_mode="r")
    except (OSError, ValueError, KeyError):
        return {}
    by_hash = {}
    for entry in _entries(manifest):
        block = vectors[entry.first_passage:entry.first_passage + entry.passage_count]
        if len(block) == entry.passage_count:
            by_hash[entry.sha256] = np.array(block)
    return by_hash


def _remove_old_generations(index_dir: Path, keep: str) -> None:
    for child in index_dir.iterdir():
        stale_generation = child.is_dir() and child.name.startswith("g-") and child.name != keep
        abandoned_build = child.name.startswith((".building.", ".encoder."))
        if stale_generation or abandoned_build:
            shutil.rmtree(child, ignore_errors=True)
