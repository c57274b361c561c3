"""The index folder: build it (incrementally), write it atomically, read it back and check it.

Layout of an index folder:

    manifest.json        what is indexed and where, with a checksum of every file and of itself;
                         replaced atomically (write + fsync + rename), so it is the switch
    encoder-<id>/        the query encoder (ONNX model + tokenizer), exported once and kept
    g-<id>/              one generation of the index, never modified after it is written:
        passages.npy     int64 rows (document, start, end, focus_start, focus_end)
        vectors.npy      float32 unit vectors, one row per passage (row number = FAISS id)
        vectors.faiss    FAISS index of the same vectors
        texts.jsonl      each document's text: the text every offset refers to
        bm25/            the BM25 matrix (bm25s files)
    .lock                held by the build in progress (flock)

A build writes a new generation (and, when needed, a new encoder folder) beside the old ones,
then replaces manifest.json in one rename: a reader sees the old index or the new one, never a
mix, and a build killed half-way (Ctrl-C, kill -9, a full disk) leaves the old index whole.
Only after the switch are older generations deleted; leftovers of an interrupted build are
deleted by the next build.

Vectors are kept per document, keyed by the hash of the document's text: an update embeds only
the documents whose text changed, and FAISS ids are simply row numbers of the generation they
belong to, rebuilt with it, so they never drift from the passage table. No pickle anywhere.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import itertools
import json
import os
import re
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
from .documents import (SUPPORTED_SUFFIXES, Document, DocumentError, Skipped, file_fingerprint, file_sha256,
                        find_document_paths, read_document)
from .embedding import DIMENSION, MODEL_ID, ONNX_FILE, TOKENIZER_FILE
from .passages import make_passages
from .terms import span_stems

FORMAT = "qa-index"
FORMAT_VERSION = 2
# Bump when sentence or passage splitting changes: stored vectors no longer match new passages.
# 3: a hard-wrapped document's paragraphs run on over its line breaks (qa.passages.paragraphs);
# 4: ... but not after a line in capitals.
SPLITTER_VERSION = 4
# Bump when the terms BM25 indexes change (qa.terms): the BM25 part is rebuilt, every vector kept.
# 2: words reports use for one another ("sales", "revenue") are one term. (No key: 1.)
# 3: "finance" and "financial" are one term ("the finance chief", "Chief Financial Officer").
# 4: the past forms of irregular verbs are the verb ("spent" is "spend", "began" "begin").
# 5: a country and the word for its people are one term ("German", "Germany").
# 6: British and American spellings are one term ("theatre", "theater"; "organised", "organized").
# 7: the words for a rise are one term ("rose", "increased", "grew"), and those for a fall.
# 8: "company", "firm" and "enterprise" are one term.
# 9: "build" and "construct"; "spending", "expenditure" and "outlay"; "shop", "store" and "outlet".
# 10: "worker" with "staff"; "cut"/"reduction"; "buy"/"purchase"/"acquisition"; "sell"/"disposal";
#     "forecast"/"predict".
# 11: a long noun in "-ment" is the verb's term ("settlement", "settled").
# 12: accents are folded ("Möngke" is "Mongke").
# 13: an abbreviation a document defines in brackets also reads as what it stands for, and that as it;
# 14: ... but not a roman numeral ("iron(III)");
# 15: ... and one whose long form opens the text;
# 16: more words reports use for one another ("lending" and "loans", "earnings" and "profit").
# 17: a word hyphenated at a line's end is one word; a footnote's mark is no part of a word.
# 18: an officer's titles are one term ("CFO", "Chief Financial Officer", "Finance Director").
# 19: "employ" is "employees" ("How many people does Kestrel Ridge employ?").
# 20: "Cllr" is "councillor".
# 21: "RMB" is "renminbi".
# 22: "jumped" is a word for a rise.
# 23: a month's abbreviation is the month ("Dec" is "December").
TERMS_VERSION = 23
MANIFEST = "manifest.json"
LOCK = ".lock"
LONG_JOB = 100  # passages: embedding this many takes long enough to say so (without a progress bar)
# An update (not --full) of at most this many new passages embeds them with the index's exported
# ONNX encoder (the same vectors: cosine >= 0.9999, tests/test_index.py), which spares the seconds
# of importing torch; more go to sentence-transformers, the reference, where the import is a small
# part of the time.
ONNX_LIMIT = 500
EMBED_BATCH = 4096  # passages embedded at a time: their vectors go to disk before the next batch
HASH_LIMIT = 64 * 2**20  # files larger than this are checked by size on load; by hash in `verify`
GENERATION_FILES = ("passages.npy", "vectors.npy", "vectors.faiss", "texts.jsonl",
                    *(f"bm25/{name}" for name in lexical.FILES))
ENCODER_FILES = (ONNX_FILE, TOKENIZER_FILE)
_GENERATION = re.compile(r"g-\d{8}T\d{6}-[0-9a-f]{6}")
_ENCODER = re.compile(r"encoder-[0-9a-f]{12}")
_TEMPORARY = (".building.", ".encoder.", f".{MANIFEST}.")
_OWN = {MANIFEST, LOCK, ".gitignore", "encoder"}  # "encoder": the encoder folder of format 1
REBUILD = "rebuild it with `qa index build --full`"


class IndexError_(Exception):
    """Base of index problems the user can act on; str() is one line: the problem, then the fix."""

    def __init__(self, problem: str, fix: str | None = REBUILD) -> None:
        self.problem = problem
        super().__init__(f"{problem}; {fix}" if fix else problem)


class IndexMissingError(IndexError_):
    pass


class IndexDamagedError(IndexError_):
    pass


class IndexForeignError(IndexError_):
    """The index folder holds something that is not a qa index: never written over without --full."""


class IndexMismatchError(IndexError_):
    pass


class IndexWriteError(IndexError_):
    """Writing the index failed (full disk, permissions); the previous index is untouched."""


class NoDocumentsError(IndexError_):
    pass


class DocumentsFolderError(IndexError_):
    """`qa index add/remove` refused: a bad path, a name collision, nothing to add."""


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
    text_sha256: str = ""


@dataclass
class BuildReport:
    documents: int = 0
    passages: int = 0
    embedded_documents: int = 0
    embedded_passages: int = 0
    reused_documents: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    announced: list[str] = field(default_factory=list)  # skipped files named through notify (the new ones)
    up_to_date: bool = False  # nothing had changed: nothing was written
    encoder_exported: bool = False
    encoder: str = ""  # what embedded the new passages: "onnx", "sentence-transformers" or "" (nothing)
    seconds: float = 0.0


@dataclass
class Staleness:
    added: list[str]
    changed: list[str]
    removed: list[str]
    resplit: bool = False  # built by a version of qa that split passages differently
    reread: bool = False   # ... or that read their terms differently (BM25 only)

    @property
    def stale(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.resplit or self.reread)

    def summary(self) -> str:
        parts = [f"{len(v)} {k}" for k, v in (("added", self.added), ("changed", self.changed),
                                               ("removed", self.removed)) if v]
        if self.resplit:
            parts.append("passages split differently by this version of qa")
        elif self.reread:
            parts.append("terms read differently by this version of qa")
        return ", ".join(parts) or "no changes"


# ---------------------------------------------------------------- small file helpers

def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


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


def _fsync_tree(folder: Path) -> None:
    for p in folder.rglob("*"):
        if p.is_file():
            with open(p, "rb") as handle:
                os.fsync(handle.fileno())
        elif p.is_dir():
            _fsync_dir(p)


def _describe_files(folder: Path, relative_to: Path) -> dict[str, dict]:
    return {
        p.relative_to(relative_to).as_posix(): {"size": p.stat().st_size, "sha256": file_sha256(p)}
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _manifest_checksum(manifest: dict) -> str:
    body = {k: v for k, v in manifest.items() if k != "checksum"}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _write_error(index_dir: Path, exc: OSError, had_index: bool) -> IndexWriteError:
    kept = "the previous index is unchanged" if had_index else "no index was written"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return IndexWriteError(f"no space left on the device while writing the index in {index_dir}; {kept}",
                               fix="free some space and run `qa index build` again")
    where = f" ({exc.filename})" if exc.filename else ""
    return IndexWriteError(f"cannot write the index in {index_dir}: {exc.strerror or exc}{where}; {kept}",
                           fix=None)


@contextlib.contextmanager
def build_lock(index_dir: Path, notify: Callable[[str], None]) -> Iterator[None]:
    """One build at a time per index folder; a second one says so and waits for the first."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        handle = open(index_dir / LOCK, "a+")
    except OSError as exc:
        if index_dir.exists() and not index_dir.is_dir():
            raise IndexForeignError(f"{index_dir} is a file, not an index folder",
                                    fix="choose another folder with --index") from None
        raise _write_error(index_dir, exc, had_index=(index_dir / MANIFEST).exists()) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            notify(f"another build of {index_dir} is running; waiting for it to finish (Ctrl-C to stop)")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# ---------------------------------------------------------------- reading

def _foreign_entries(index_dir: Path) -> list[str]:
    """Visible names in index_dir that a qa index does not make."""
    try:
        names = sorted(os.listdir(index_dir))
    except OSError:
        return []
    return [n for n in names if not n.startswith(".") and n not in _OWN
            and not _GENERATION.fullmatch(n) and not _ENCODER.fullmatch(n)]


def read_manifest(index_dir: Path) -> dict:
    """The manifest, checked: ours, this version and model, unedited, and consistent with itself."""
    index_dir = Path(index_dir)
    path = index_dir / MANIFEST
    if index_dir.exists() and not index_dir.is_dir():
        raise IndexForeignError(f"{index_dir} is a file, not an index folder", fix="choose another folder with --index")
    if not path.exists():
        strangers = _foreign_entries(index_dir)
        if strangers:
            shown = ", ".join(strangers[:3]) + (", …" if len(strangers) > 3 else "")
            raise IndexForeignError(f"{index_dir} is not a qa index folder (it holds {shown})",
                                    fix="choose another folder with --index, or build one there anyway "
                                        "with `qa index build --full`")
        raise IndexMissingError(f"no index in {index_dir}", fix="build one with `qa index build`")
    try:
        manifest = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise IndexDamagedError(f"the index manifest {path} cannot be read ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise IndexDamagedError(f"the index manifest {path} is damaged (not valid JSON)") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise IndexForeignError(f"{index_dir} does not hold a qa index ({path.name} is not a qa manifest)",
                                fix="choose another folder with --index, or build one there anyway "
                                    "with `qa index build --full`")
    if manifest.get("version") != FORMAT_VERSION:
        raise IndexMismatchError(f"the index in {index_dir} has format version {manifest.get('version')}, "
                                 f"this qa reads version {FORMAT_VERSION}")
    model = manifest.get("model") or {}
    if not isinstance(model, dict) or model.get("id") != MODEL_ID or model.get("dimension") != DIMENSION:
        model = model if isinstance(model, dict) else {}
        raise IndexMismatchError(
            f"the index in {index_dir} was built with {model.get('id')} ({model.get('dimension')} dimensions), "
            f"this qa uses {MODEL_ID} ({DIMENSION})")
    if manifest.get("checksum") != _manifest_checksum(manifest):
        raise IndexDamagedError(f"the index manifest {path} was changed after it was written "
                                "(its checksum does not match)")
    _check_structure(index_dir, manifest)
    return manifest


def _check_structure(index_dir: Path, manifest: dict) -> None:
    """What a checksum cannot catch (a bug, a forged manifest): names and counts that do not add up."""
    problem = None
    try:
        generation, encoder = manifest["generation"], manifest["encoder"]["dir"]
        files = manifest["files"]
        documents = _entries(manifest)
        if not (isinstance(generation, str) and _GENERATION.fullmatch(generation)
                and isinstance(encoder, str) and _ENCODER.fullmatch(encoder)):
            problem = "names a generation or encoder folder that a qa index does not make"
        elif any(f"{generation}/{name}" not in files for name in GENERATION_FILES) \
                or any(f"{encoder}/{name}" not in files for name in ENCODER_FILES):
            problem = "does not list every file of the index"
        elif any(not name.startswith((f"{generation}/", f"{encoder}/")) or ".." in name.split("/")
                 for name in files):
            problem = "lists files outside the index"
        elif sum(d.passage_count for d in documents) != manifest["passages"] or \
                [d.first_passage for d in documents] != list(itertools.accumulate(
                    (d.passage_count for d in documents[:-1]), initial=0))[:len(documents)]:
            problem = "has passage counts that do not add up"
        elif len({d.source for d in documents}) != len(documents):
            problem = "lists a document twice"
    except (KeyError, TypeError, AttributeError):
        problem = "lacks required fields"
    if problem:
        raise IndexDamagedError(f"the index manifest {index_dir / MANIFEST} {problem}")


def _entries(manifest: dict) -> list[DocumentEntry]:
    try:
        return [DocumentEntry(str(d["source"]), str(d["sha256"]), int(d["size"]), int(d["mtime_ns"]),
                              str(d["format"]), tuple(int(s) for s in d.get("page_starts") or ()),
                              int(d["first_passage"]), int(d["passage_count"]), str(d.get("text_sha256", "")))
                for d in manifest["documents"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise IndexDamagedError("the index manifest lists documents wrongly") from exc


def check_files(index_dir: Path, manifest: dict, full: bool = False, under: str | None = None) -> None:
    """Every file the manifest names (or those under one folder of it) exists with its size and hash.

    The hash is checked for files up to HASH_LIMIT, and for every file with full=True."""
    try:
        listed = [(name, int(expected["size"]), str(expected["sha256"]))
                  for name, expected in manifest.get("files", {}).items()
                  if under is None or name.startswith(under.rstrip("/") + "/")]
    except (KeyError, TypeError, ValueError, AttributeError):
        raise IndexDamagedError(f"the index manifest {index_dir / MANIFEST} lists its files wrongly") from None
    for name, size, sha256 in listed:
        path = index_dir / name
        try:
            actual = path.stat().st_size
            if actual != size:
                raise IndexDamagedError(f"the index file {path} is damaged "
                                        f"({actual} bytes where the manifest says {size})")
            if (full or size <= HASH_LIMIT) and file_sha256(path) != sha256:
                raise IndexDamagedError(f"the index file {path} is damaged (its checksum differs from the manifest)")
        except OSError:  # gone, or gone while hashed: a build removed the generation it belonged to
            raise IndexDamagedError(f"the index file {path} is missing") from None


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
    # What the question path derives from the texts once and keeps for the index's lifetime.
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def encoder_dir(self) -> Path:
        return self.folder / self.manifest["encoder"]["dir"]

    def rows_of(self, document_indexes: list[int]) -> np.ndarray:
        ranges = [np.arange(self.documents[i].first_passage,
                            self.documents[i].first_passage + self.documents[i].passage_count)
                  for i in document_indexes]
        return np.concatenate(ranges) if ranges else np.zeros(0, dtype=np.int64)


def load_index(index_dir: Path) -> Index:
    index_dir = Path(index_dir)
    try:
        return _load_generation(index_dir, read_manifest(index_dir))
    except IndexDamagedError:
        # A build may have switched generations between our reading the manifest and the files.
        return _load_generation(index_dir, read_manifest(index_dir))


def _read_texts(index_dir: Path, manifest: dict, documents: list[DocumentEntry]) -> list[str]:
    path = index_dir / manifest["generation"] / "texts.jsonl"
    try:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        texts = [row["text"] for row in rows]
        sources = [row["source"] for row in rows]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise IndexDamagedError(f"the index file {path} is damaged ({exc.__class__.__name__})") from None
    if sources != [d.source for d in documents] or not all(isinstance(t, str) for t in texts):
        raise IndexDamagedError(f"the index file {path} does not match the manifest")
    return texts


def read_texts(index_dir: Path) -> tuple[list[DocumentEntry], list[str]]:
    """The indexed documents and their stored texts, without loading vectors (for `qa show`)."""
    index_dir = Path(index_dir)
    for attempt in (1, 2):
        manifest = read_manifest(index_dir)
        try:
            check_files(index_dir, manifest, under=manifest["generation"])
            documents = _entries(manifest)
            return documents, _read_texts(index_dir, manifest, documents)
        except IndexDamagedError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _load_generation(index_dir: Path, manifest: dict) -> Index:
    generation = index_dir / manifest["generation"]
    check_files(index_dir, manifest)
    documents = _entries(manifest)
    texts = _read_texts(index_dir, manifest, documents)
    try:
        passages = np.load(generation / "passages.npy", allow_pickle=False)
        vector_rows, dimension, _ = dense.npy_layout(generation / "vectors.npy")
        dense_index = dense.DenseIndex(generation / "vectors.faiss")
        lexical_index = lexical.LexicalIndex(generation / "bm25")
    except (OSError, ValueError, KeyError, RuntimeError, json.JSONDecodeError) as exc:
        raise IndexDamagedError(f"the index in {index_dir} is damaged ({_one_line(exc)})") from exc
    total = sum(d.passage_count for d in documents)
    shapes_agree = (passages.ndim == 2 and passages.shape[1] == 5 and passages.dtype == np.int64
                    and len(passages) == total == vector_rows == dense_index.index.ntotal
                    and total == lexical_index.size - (total == 0)
                    and dimension == dense_index.index.d == DIMENSION)
    if shapes_agree and total:
        owners = np.repeat(np.arange(len(documents)), [d.passage_count for d in documents])
        lengths = np.array([len(t) for t in texts], dtype=np.int64)[passages[:, 0].clip(0, len(texts) - 1)]
        starts, ends = passages[:, 1], passages[:, 2]
        shapes_agree = bool(np.array_equal(passages[:, 0], owners) and (starts >= 0).all()
                            and (starts < ends).all() and (ends <= lengths).all())
    if not shapes_agree:
        raise IndexDamagedError(f"the index in {index_dir} has mismatched counts or offsets")
    return Index(index_dir, manifest, documents, texts, passages, dense_index, lexical_index)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or exc.__class__.__name__


def verify(index_dir: Path) -> Index:
    """Every check there is: the manifest, every file's full hash, and loading it."""
    manifest = read_manifest(index_dir)
    check_files(index_dir, manifest, full=True)
    return _load_generation(index_dir, manifest)


# ---------------------------------------------------------------- staleness

def staleness(docs_dir: Path, manifest: dict) -> Staleness:
    """Compare the documents folder with what the manifest indexed: cheap stat first, hash on doubt."""
    indexed = {d["source"]: d for d in manifest.get("documents", [])}
    skipped = {s["source"]: s for s in manifest.get("skipped", [])}
    paths, now_skipped = find_document_paths(docs_dir)
    present: dict[str, Path | None] = {path.relative_to(docs_dir).as_posix(): path for path in paths}
    for s in now_skipped:
        present.setdefault(s.source, None)
    added, changed = [], []
    for source, path in present.items():
        entry = indexed.get(source) or skipped.get(source)
        if entry is None:
            added.append(source)
        elif path is None:
            if source in indexed:
                changed.append(source)  # indexed then, unreadable now (a broken symlink...): drop it
        elif "sha256" in entry and _changed(path, entry):
            changed.append(source)  # an indexed file edited, or a skipped one (empty, binary...) edited
    removed = [s for s in indexed if s not in present]
    return Staleness(added, changed, removed, resplit=manifest.get("splitter") != SPLITTER_VERSION,
                     reread=manifest.get("terms", 1) != TERMS_VERSION)


def _changed(path: Path, entry: dict) -> bool:
    try:
        if file_fingerprint(path) == (entry.get("size"), entry.get("mtime_ns")):
            return False
        return file_sha256(path) != entry["sha256"]
    except OSError:
        return True


# ---------------------------------------------------------------- building

_passage_encoder = None


def passage_encoder():
    """The build-time encoder, loaded once per process (a second build in the same process is cheap)."""
    global _passage_encoder
    if _passage_encoder is None:
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        with contextlib.suppress(Exception):
            import transformers
            transformers.utils.logging.disable_progress_bar()  # "Loading weights" bars are noise
            transformers.utils.logging.set_verbosity_error()
        from .embedding import PassageEncoder
        _passage_encoder = PassageEncoder()
    return _passage_encoder


def release_passage_encoder() -> None:
    """Let the build-time encoder go (a large build needs the memory for FAISS)."""
    global _passage_encoder
    _passage_encoder = None
    import gc
    gc.collect()


def _onnx_embedder(folder: Path) -> Callable[[list[str]], np.ndarray] | None:
    """The index's exported encoder for passages (no torch), or None when it does not load."""
    from .embedding import QueryEncoder

    try:
        encoder = QueryEncoder(folder)
    except Exception:  # onnxruntime's errors have no common base; any failure means: use the reference
        return None
    return encoder.encode_passages


@dataclass
class _Previous:
    manifest: dict | None = None
    generation_ok: bool = False  # its vectors can be reused
    encoder_ok: bool = False     # its encoder folder can be kept


def _previous_index(index_dir: Path, full: bool, notify: Callable[[str], None]) -> _Previous:
    try:
        manifest = read_manifest(index_dir)
    except IndexMissingError:
        return _Previous()
    except IndexForeignError:
        if not full:
            raise
        return _Previous()
    except IndexError_ as exc:
        if not full:
            notify(f"{exc.problem}; rebuilding the index from scratch")
        return _Previous()
    previous = _Previous(manifest)
    with contextlib.suppress(IndexError_):
        # With --full nothing is reused but the encoder, and that only after checking every byte.
        check_files(index_dir, manifest, full=full, under=manifest["encoder"]["dir"])
        previous.encoder_ok = True
    if not full:
        try:
            check_files(index_dir, manifest, under=manifest["generation"])
            previous.generation_ok = manifest.get("splitter") == SPLITTER_VERSION
        except IndexError_ as exc:
            notify(f"{exc.problem}; embedding every document again")
    return previous


def build_index(docs_dir: Path, index_dir: Path, full: bool = False,
                notify: Callable[[str], None] = lambda message: print(message, file=sys.stderr),
                show_progress: bool = False) -> BuildReport:
    """Bring the index in index_dir up to date with docs_dir, embedding only what changed.

    Raises DocumentError when docs_dir is missing, NoDocumentsError when it holds nothing readable,
    IndexForeignError when index_dir holds something else (unless full), IndexWriteError when
    writing fails; in every case, and on KeyboardInterrupt, the previous index is left as it was."""
    started = time.perf_counter()
    docs_dir, index_dir = Path(docs_dir), Path(index_dir)
    paths, skipped = find_document_paths(docs_dir)
    if not full and index_dir.exists():
        with contextlib.suppress(IndexMissingError, IndexDamagedError, IndexMismatchError):
            read_manifest(index_dir)  # a foreign folder is refused before anything is written into it
    with build_lock(index_dir, notify):
        _remove_temporaries(index_dir)
        previous = _previous_index(index_dir, full, notify)
        old = {d["source"]: d for d in (previous.manifest or {}).get("documents", [])}

        if previous.generation_ok and previous.encoder_ok and not staleness(docs_dir, previous.manifest).stale:
            _remove_unreferenced(index_dir, previous.manifest)
            return _unchanged_report(previous.manifest, started)

        documents: list[Document] = []
        skipped_paths: dict[str, Path] = {}
        for path in paths:
            try:
                documents.append(read_document(path, docs_dir))
            except DocumentError as exc:
                source = path.relative_to(docs_dir).as_posix()
                skipped.append(Skipped(source, exc.reason))
                skipped_paths[source] = path
        skipped.sort(key=lambda s: s.source)
        # Files skipped for the same reason last time were named then: an update names only news.
        known = {(s.get("source"), s.get("reason")) for s in (previous.manifest or {}).get("skipped", [])}
        announced = [s.source for s in skipped if (s.source, s.reason) not in known]
        for s in skipped:
            if s.source in announced:
                notify(f"skipped {s.source}: {s.reason}")
        if not documents:
            raise NoDocumentsError(f"no readable documents in {docs_dir}" +
                                   (f" ({len(skipped)} skipped)" if skipped else ""),
                                   fix="add .txt, .md, .html, .pdf or .docx files (`qa index add FILE`)")

        report = BuildReport(announced=announced)
        reusable, old_vectors = _reusable_vectors(index_dir, previous.manifest) if previous.generation_ok \
            else ({}, None)
        spans_of: list[np.ndarray] = []  # per document: (start, end, focus_start, focus_end) of its passages
        entries: list[DocumentEntry] = []
        plans: list[int | None] = []  # per document: the first row of its vectors in the previous
        #                               generation (reused), or None (embed it, or copy an identical text)
        first_copy: dict[str, int] = {}  # text hash -> the document that embeds it (identical copies embed once)
        total = 0
        for doc_index, document in enumerate(documents):
            passages = make_passages(document.source, document.text)
            spans = np.array([(p.start, p.end, p.focus_start, p.focus_end) for p in passages],
                             dtype=np.int64).reshape(-1, 4)
            digest = text_sha256(document.text)
            entries.append(DocumentEntry(document.source, document.sha256, document.size, document.mtime_ns,
                                         document.format, document.page_starts, total, len(passages), digest))
            spans_of.append(spans)
            total += len(passages)
            cached = reusable.get(digest)
            if cached is not None and np.array_equal(cached[0], spans):
                plans.append(cached[1])
                report.reused_documents += 1
            else:
                if digest not in first_copy:
                    first_copy[digest] = doc_index
                    report.embedded_passages += len(passages)
                plans.append(None)
                report.embedded_documents += 1
        del reusable

        encoder = embed = None
        if report.embedded_passages and previous.encoder_ok and not full and report.embedded_passages <= ONNX_LIMIT:
            embed = _onnx_embedder(index_dir / previous.manifest["encoder"]["dir"])
            if embed is None:
                previous.encoder_ok = False  # it does not load: export it again, with the reference encoder
            else:
                report.encoder = "onnx"
        if not report.encoder and (report.embedded_passages or not previous.encoder_ok):
            encoder = passage_encoder()
            embed = encoder.encode
            report.encoder = "sentence-transformers" if report.embedded_passages else ""
        if report.embedded_passages >= LONG_JOB and not show_progress:
            notify(f"embedding {report.embedded_passages} passages of {report.embedded_documents} documents")

        def write_vectors(path: Path) -> None:
            nonlocal encoder, embed
            _write_vectors(path, documents, entries, spans_of, plans, first_copy, old_vectors,
                           embed if report.embedded_passages else None,
                           show_progress and report.encoder == "sentence-transformers")
            if total > dense.EXACT_LIMIT:  # a large build: the memory the encoder holds goes to FAISS
                encoder = embed = None
                release_passage_encoder()

        created: list[Path] = []  # removed again unless the manifest switch happens
        switched = False
        had_index = previous.manifest is not None
        try:
            if previous.encoder_ok:
                encoder_info = previous.manifest["encoder"]
            else:
                encoder_info = _export_encoder(index_dir, encoder, created)
                report.encoder_exported = True
            generation, structure = _write_generation(index_dir, documents, spans_of, write_vectors, created)
            files = _describe_files(index_dir / generation, index_dir)
            files.update(encoder_info["files"])
            manifest = {
                "format": FORMAT, "version": FORMAT_VERSION,
                "model": {"id": MODEL_ID, "dimension": DIMENSION},
                "splitter": SPLITTER_VERSION,
                "terms": TERMS_VERSION,
                "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "docs_dir": str(docs_dir.resolve()),
                "generation": generation,
                "faiss": structure,
                "passages": total,
                "documents": [entry_to_json(e) for e in entries],
                "skipped": [_skipped_to_json(s, skipped_paths.get(s.source)) for s in skipped],
                "encoder": encoder_info,
                "files": files,
            }
            manifest["checksum"] = _manifest_checksum(manifest)
            write_atomic(index_dir / MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False).encode("utf-8"))
            switched = True
            _fsync_dir(index_dir)
        except OSError as exc:
            raise _write_error(index_dir, exc, had_index) from None
        finally:
            if not switched:  # (a Ctrl-C can land just after the rename: keep what the manifest names)
                in_use = _referenced(index_dir)
                for path in created:
                    if path.name not in in_use:
                        shutil.rmtree(path, ignore_errors=True)
        _remove_unreferenced(index_dir, manifest)

    new_sources = {e.source for e in entries}
    report.added = [e.source for e in entries if e.source not in old]
    report.changed = [e.source for e in entries if e.source in old and old[e.source].get("sha256") != e.sha256]
    report.removed = sorted(set(old) - new_sources)
    report.documents, report.passages, report.skipped = len(entries), total, skipped
    report.seconds = time.perf_counter() - started
    return report


def _unchanged_report(manifest: dict, started: float) -> BuildReport:
    skipped = [Skipped(s["source"], s["reason"]) for s in manifest.get("skipped", [])]
    count = len(manifest["documents"])
    return BuildReport(documents=count, passages=manifest["passages"], reused_documents=count,
                       skipped=skipped, up_to_date=True, seconds=time.perf_counter() - started)


def _write_generation(index_dir: Path, documents: list[Document], spans_of: list[np.ndarray],
                      write_vectors: Callable[[Path], None], created: list[Path]) -> tuple[str, str]:
    """Write one generation into a temporary folder, fsync it, rename it into place.

    The vectors go to vectors.npy first (written block by block by write_vectors), and FAISS
    reads them back from that file in blocks: the build never holds them all in memory twice."""
    generation = f"g-{dt.datetime.now(dt.timezone.utc).strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
    tmp_dir = Path(tempfile.mkdtemp(prefix=".building.", dir=index_dir))
    try:
        passage_array = np.concatenate(
            [np.column_stack([np.full(len(spans), d, dtype=np.int64), spans]) for d, spans in enumerate(spans_of)]
            or [np.zeros((0, 5), dtype=np.int64)])
        np.save(tmp_dir / "passages.npy", passage_array, allow_pickle=False)
        del passage_array
        write_vectors(tmp_dir / "vectors.npy")
        structure = dense.build(tmp_dir / "vectors.faiss", tmp_dir / "vectors.npy")
        with open(tmp_dir / "texts.jsonl", "w", encoding="utf-8") as handle:
            for d in documents:
                handle.write(json.dumps({"source": d.source, "text": d.text}, ensure_ascii=False) + "\n")
        (tmp_dir / "bm25").mkdir()
        lexical.build(tmp_dir / "bm25", [passage for document, spans in zip(documents, spans_of)
                                         for passage in span_stems(document.text, spans[:, :2].tolist())])
        _fsync_tree(tmp_dir)
        created.append(index_dir / generation)
        os.replace(tmp_dir, index_dir / generation)
        _fsync_dir(index_dir)
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)
    return generation, structure


class _VectorFile:
    """A float32 .npy file of a known number of rows, written in order, block by block."""

    def __init__(self, path: Path, rows: int) -> None:
        self.path, self.rows, self.written = path, rows, 0
        self.handle = open(path, "w+b")
        np.lib.format.write_array_header_1_0(
            self.handle, {"descr": "<f4", "fortran_order": False, "shape": (rows, DIMENSION)})
        self.offset = self.handle.tell()

    def append(self, block: np.ndarray) -> None:
        block = np.ascontiguousarray(block, dtype="<f4")
        if block.ndim != 2 or block.shape[1] != DIMENSION or self.written + len(block) > self.rows:
            raise ValueError(f"vectors of shape {block.shape} do not fit {self.path.name}")
        self.handle.write(memoryview(block).cast("B"))
        self.written += len(block)

    def read(self, start: int, count: int) -> np.ndarray:
        """Rows written already (a document whose text an earlier one has too)."""
        self.handle.flush()
        return _read_rows(self.handle, self.offset, start, count, self.path)

    def check(self) -> None:
        if self.written != self.rows:
            raise ValueError(f"{self.path.name}: {self.written} rows written of {self.rows}")

    def close(self) -> None:
        self.handle.close()


def _read_rows(handle, offset: int, start: int, count: int, path: Path) -> np.ndarray:
    size = count * DIMENSION * 4
    handle.seek(offset + start * DIMENSION * 4)
    data = handle.read(size)
    handle.seek(0, os.SEEK_END)
    if len(data) != size:
        raise IndexDamagedError(f"the index file {path} is damaged (shorter than its header says)")
    return np.frombuffer(data, dtype="<f4").reshape(count, DIMENSION)


def _write_vectors(path: Path, documents: list[Document], entries: list[DocumentEntry], spans_of: list[np.ndarray],
                   plans: list[int | None], first_copy: dict[str, int], old_vectors: Path | None,
                   embed: Callable[[list[str]], np.ndarray] | None, show_progress: bool) -> None:
    """Every document's vectors into path, in row order: reused ones read from the previous
    generation's file, new ones embedded EMBED_BATCH passages at a time, copies of an identical
    text read back from this file. Only one batch of vectors is in memory at a time."""
    out = _VectorFile(path, sum(e.passage_count for e in entries))
    bar = None
    if show_progress and embed is not None:
        from tqdm import tqdm
        bar = tqdm(total=sum(entries[i].passage_count for i in first_copy.values()), unit="passage",
                   desc="embedding", file=sys.stderr)
    pending: list[str] = []

    def flush() -> None:
        if pending:
            out.append(embed(pending))
            if bar is not None:
                bar.update(len(pending))
            pending.clear()

    old = open(old_vectors, "rb") if old_vectors is not None else None
    try:
        old_offset = dense.npy_layout(old_vectors)[2] if old_vectors is not None else 0
        for doc_index, (entry, plan) in enumerate(zip(entries, plans)):
            if plan is None and first_copy[entry.text_sha256] == doc_index:
                text = documents[doc_index].text
                pending.extend(text[s:e] for s, e in spans_of[doc_index][:, :2].tolist())
                if len(pending) >= EMBED_BATCH:
                    flush()
                continue
            flush()
            if plan is None:  # the same text as an earlier document: the same vectors
                first = entries[first_copy[entry.text_sha256]].first_passage
                out.append(out.read(first, entry.passage_count))
            else:
                out.append(_read_rows(old, old_offset, plan, entry.passage_count, old_vectors))
        flush()
        out.check()
    finally:  # (no check here: it would hide what interrupted the writing, a full disk or Ctrl-C)
        if old is not None:
            old.close()
        if bar is not None:
            bar.close()
        out.close()


def _export_encoder(index_dir: Path, encoder, created: list[Path]) -> dict:
    """Export the ONNX query encoder into a new folder (the old one stays until the switch)."""
    name = f"encoder-{secrets.token_hex(6)}"
    tmp = Path(tempfile.mkdtemp(prefix=".encoder.", dir=index_dir))
    try:
        with _quiet():  # the tracer's warnings are about the model's code, not the user's documents
            encoder.export_onnx(tmp)
        _fsync_tree(tmp)
        created.append(index_dir / name)
        os.replace(tmp, index_dir / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"model": MODEL_ID, "dir": name, "files": _describe_files(index_dir / name, index_dir)}


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    import logging
    import warnings

    loggers = [logging.getLogger(name) for name in ("sentence_transformers", "transformers", "torch")]
    levels = [logger.level for logger in loggers]
    try:
        for logger in loggers:
            logger.setLevel(logging.ERROR)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def entry_to_json(entry: DocumentEntry) -> dict:
    return {"source": entry.source, "sha256": entry.sha256, "size": entry.size, "mtime_ns": entry.mtime_ns,
            "format": entry.format, "page_starts": list(entry.page_starts),
            "first_passage": entry.first_passage, "passage_count": entry.passage_count,
            "text_sha256": entry.text_sha256}


def _skipped_to_json(skipped: Skipped, path: Path | None) -> dict:
    item = {"source": skipped.source, "reason": skipped.reason}
    if path is not None:  # a file that could not be read: its fingerprint tells when it changes
        with contextlib.suppress(OSError):
            size, mtime_ns = file_fingerprint(path)
            item.update(size=size, mtime_ns=mtime_ns, sha256=file_sha256(path))
    return item


def _reusable_vectors(index_dir: Path, manifest: dict | None) -> tuple[dict[str, tuple[np.ndarray, int]],
                                                                    Path | None]:
    """The previous build's documents by text hash: (passage spans, first row of their vectors),
    and the path of its vectors file (read when written into the new generation, never loaded
    whole). Vectors are only reused when the spans match."""
    if not manifest:
        return {}, None
    generation = index_dir / manifest["generation"]
    try:
        passages = np.load(generation / "passages.npy", allow_pickle=False)
        rows, dimension, _ = dense.npy_layout(generation / "vectors.npy")
    except (OSError, ValueError):
        return {}, None
    if passages.ndim != 2 or passages.shape[1] != 5 or dimension != DIMENSION or rows != len(passages):
        return {}, None
    by_text = {}
    for entry in _entries(manifest):
        lo, hi = entry.first_passage, entry.first_passage + entry.passage_count
        if entry.text_sha256 and hi <= len(passages):
            by_text[entry.text_sha256] = (passages[lo:hi, 1:], lo)
    return by_text, generation / "vectors.npy"


def _referenced(index_dir: Path) -> set[str]:
    """The folders the manifest on disk names, read without any check."""
    try:
        manifest = json.loads((index_dir / MANIFEST).read_bytes())
        return {manifest.get("generation"), (manifest.get("encoder") or {}).get("dir")} - {None}
    except (OSError, ValueError, AttributeError, TypeError):
        return set()


def _remove_temporaries(index_dir: Path) -> None:
    """Leftovers of a build that was killed: temporary folders and manifest files."""
    for child in index_dir.iterdir():
        if child.name.startswith(_TEMPORARY):
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    child.unlink()


def _remove_unreferenced(index_dir: Path, manifest: dict) -> None:
    keep = {manifest["generation"], manifest["encoder"]["dir"]}
    for child in index_dir.iterdir():
        ours = _GENERATION.fullmatch(child.name) or _ENCODER.fullmatch(child.name) or child.name == "encoder"
        if ours and child.name not in keep and child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
    _remove_temporaries(index_dir)


# ---------------------------------------------------------------- the documents folder

def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _inside_docs(docs_dir: Path, relative: str, what: str) -> Path:
    """docs_dir / relative, refused when it would escape the documents folder."""
    if not relative or relative in (".", "./"):
        return docs_dir
    candidate = Path(relative)
    if candidate.is_absolute() or ".." in candidate.parts:
        raise DocumentsFolderError(f"{what} {relative!r} must be a relative path inside the documents folder "
                                   f"{docs_dir}", fix=None)
    target = docs_dir / candidate
    root = os.path.realpath(docs_dir)
    if not _within(os.path.realpath(target.parent), root) or not _within(os.path.realpath(target), root):
        raise DocumentsFolderError(f"{what} {relative!r} leads outside the documents folder {docs_dir}", fix=None)
    return target


def add_documents(docs_dir: Path, paths: list[Path], to: str | None = None, force: bool = False,
                  index_dir: Path | None = None,
                  notify: Callable[[str], None] = lambda message: print(message, file=sys.stderr)) -> list[str]:
    """Copy files and folders into the documents folder (under `to`); returns the sources added.

    Everything is checked before anything is copied: a missing or unreadable file, an unsupported
    type, a name that exists already (unless force), a folder that holds the documents or index
    folder. Files inside an added folder that cannot be read are left out, each named."""
    docs_dir = Path(docs_dir)
    if docs_dir.exists() and not docs_dir.is_dir():
        raise DocumentsFolderError(f"the documents folder {docs_dir} is not a folder", fix=None)
    destination = _inside_docs(docs_dir, to or "", "--to")
    docs_real = os.path.realpath(docs_dir)
    guarded = [docs_real] + ([os.path.realpath(index_dir)] if index_dir else [])
    plan: list[tuple[Path, Path, str]] = []  # (from, to, source)
    for given in paths:
        given = Path(given)
        real = os.path.realpath(given)
        if not given.exists():
            raise DocumentsFolderError(f"cannot add {given}: no such file or folder", fix=None)
        if _within(real, docs_real):
            raise DocumentsFolderError(f"{given} is already inside the documents folder {docs_dir}",
                                       fix="run `qa index build` to index it")
        if any(_within(g, real) for g in guarded):
            raise DocumentsFolderError(f"cannot add {given}: it holds the documents or index folder", fix=None)
        if given.is_dir():
            found, skipped = find_document_paths(given)
            for s in skipped:
                notify(f"not adding {given / s.source}: {s.reason}")
            for path in found:
                relative = path.relative_to(given)
                try:
                    read_document(path, given)
                except DocumentError as exc:
                    notify(f"not adding {path}: {exc.reason}")
                    continue
                plan.append((path, destination / given.name / relative, ""))
        else:
            if given.suffix.lower() not in SUPPORTED_SUFFIXES:
                kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
                raise DocumentsFolderError(f"cannot add {given}: unsupported file type "
                                           f"'{given.suffix or '(none)'}' (qa reads {kinds})", fix=None)
            try:
                read_document(given, given.parent)
            except DocumentError as exc:
                raise DocumentsFolderError(f"cannot add {given}: {exc.reason}", fix=None) from None
            plan.append((given, destination / given.name, ""))
    if not plan:
        raise DocumentsFolderError("nothing to add: no readable documents in " + ", ".join(map(str, paths)), fix=None)
    plan = [(src, dst, dst.relative_to(docs_dir).as_posix()) for src, dst, _ in plan]
    seen: set[str] = set()
    for src, dst, source in plan:
        if source in seen:
            raise DocumentsFolderError(f"two of the files to add would both become {source}", fix=None)
        seen.add(source)
        if dst.is_dir() and not dst.is_symlink():
            raise DocumentsFolderError(f"cannot add {src}: {dst} is a folder", fix=None)
        if (dst.exists() or dst.is_symlink()) and not force:
            raise DocumentsFolderError(f"{dst} already exists", fix="use --force to replace it")
        for parent in dst.relative_to(docs_dir).parents:
            if (docs_dir / parent).is_file():
                raise DocumentsFolderError(f"cannot add {src}: {docs_dir / parent} is a file", fix=None)
    try:
        for src, dst, _ in plan:
            dst.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".adding", dir=dst.parent)
            os.close(fd)
            try:
                shutil.copyfile(src, tmp)  # a new mtime: the index sees the change even at the same size
                if dst.is_symlink():
                    dst.unlink()
                os.replace(tmp, dst)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
    except OSError as exc:
        raise DocumentsFolderError(f"cannot copy into {docs_dir}: {exc.strerror or exc}"
                                   + (f" ({exc.filename})" if exc.filename else ""), fix=None) from None
    return [source for _, _, source in plan]


def remove_documents(docs_dir: Path, names: list[str], indexed: list[str] = ()) -> list[str]:
    """Delete documents (or folders of them) from the documents folder; returns what was removed.

    A NAME is a path relative to the documents folder, as answers print it (a path that leads into
    the folder from here works too). Refused: anything outside the folder, the folder itself,
    and removing every document. A name that is only in the index (the file is gone already) is
    accepted: the next build drops it."""
    docs_dir = Path(docs_dir)
    if not docs_dir.is_dir():
        raise DocumentsFolderError(f"documents folder {docs_dir} does not exist", fix=None)
    root = os.path.realpath(docs_dir)
    targets: list[tuple[str, Path | None]] = []
    for name in names:
        as_given = Path(name)
        inside = None
        if as_given.exists() or as_given.is_symlink():
            parent_real = os.path.realpath(as_given.absolute().parent)
            if _within(parent_real, root):
                inside = Path(parent_real, as_given.name)
        if inside is not None:
            relative = os.path.relpath(inside, root)
            if relative == ".":
                raise DocumentsFolderError(f"cannot remove the documents folder {docs_dir} itself", fix=None)
            target = _inside_docs(docs_dir, Path(relative).as_posix(), "document")
        elif as_given.is_absolute():
            raise DocumentsFolderError(f"{name} is not inside the documents folder {docs_dir}", fix=None)
        else:
            target = _inside_docs(docs_dir, name.rstrip("/"), "document")
            if target == docs_dir:
                raise DocumentsFolderError(f"cannot remove the documents folder {docs_dir} itself", fix=None)
        source = target.relative_to(docs_dir).as_posix()
        if target.exists() or target.is_symlink():
            targets.append((source, target))
        elif source in indexed:
            targets.append((source, None))
        else:
            raise DocumentsFolderError(f"no document {name} in {docs_dir}",
                                       fix="`qa index status` lists what is indexed")
    remaining, _ = find_document_paths(docs_dir)
    gone = [source for source, _ in targets]
    left = [rel for rel in (p.relative_to(docs_dir).as_posix() for p in remaining)
            if not any(rel == g or rel.startswith(g + "/") for g in gone)]
    if not left:
        raise DocumentsFolderError("that would remove every document; the index needs at least one", fix=None)
    removed = []
    for source, target in targets:
        if target is not None:
            try:
                if target.is_dir() and not target.is_symlink():
                    shutil.rmtree(target)
                else:
                    target.unlink()
            except OSError as exc:
                raise DocumentsFolderError(f"cannot remove {target}: {exc.strerror or exc}", fix=None) from None
        removed.append(source)
    return removed
