"""Read a folder of documents into plain text that answers can quote verbatim.

Every answer the tool gives is a pair of character offsets into `Document.text`,
so the one promise this module makes is that `text` is stable and, for plain
text files, identical to `Path.read_text(encoding="utf-8")` (an external scorer
checks offsets against exactly that).  Other formats (HTML, PDF, DOCX) have no
such reference, so their `text` is our own extraction and offsets refer to it.

Nothing here touches the network or unpickles anything; every failure a single
file can cause is turned into a one-line `DocumentError`.
"""

from __future__ import annotations

import bisect
import codecs
import errno
import hashlib
import io
import logging
import os
import re
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Document",
    "DocumentError",
    "SUPPORTED_SUFFIXES",
    "Skipped",
    "file_fingerprint",
    "file_sha256",
    "find_document_paths",
    "read_document",
    "read_documents",
]

# suffix -> format name; the reader for each format is chosen in read_document.
_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_FORMATS)

# pypdf reports recoverable damage through logging; without any handler Python's
# "last resort" handler would print those warnings into the user's terminal.
# A NullHandler is the standard library-side fix and still lets an application
# that configures logging see them.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


# --------------------------------------------------------------------------- API types


@dataclass(frozen=True, slots=True)
class Document:
    source: str  # path relative to the documents folder, POSIX separators
    text: str  # the text all offsets refer to
    sha256: str  # hex sha256 of the file's raw bytes
    size: int  # bytes on disk
    mtime_ns: int  # st_mtime_ns when read
    format: str  # "text", "markdown", "html", "pdf", "docx"
    page_starts: tuple[int, ...] = ()  # pdf only: offset where each page begins

    def line_of(self, offset: int) -> int:
        """1-based line number of `offset` (0 <= offset <= len(text))."""
        self._check_offset(offset)
        # str.count runs in C; cheap enough per call and needs no cached state
        # (the dataclass is frozen and slotted, and callers may serialise it).
        return self.text.count("\n", 0, offset) + 1

    def page_of(self, offset: int) -> int | None:
        """1-based page number for a PDF, None for formats without pages."""
        self._check_offset(offset)
        if not self.page_starts:
            return None
        # The "\n\n" between two pages counts as part of the earlier page.
        return max(1, bisect.bisect_right(self.page_starts, offset))

    def _check_offset(self, offset: int) -> None:
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} outside 0..{len(self.text)} in {self.source}")


class DocumentError(Exception):
    """A file that cannot be read as a document; str() is one clear line naming the file and why.

    `DocumentError(source, reason)` is the normal form (`.source` and `.reason`
    are kept for building a `Skipped`); `DocumentError(message)` also works.
    """

    def __init__(self, source: str, reason: str | None = None) -> None:
        if reason is None:
            source, reason = "", source
        self.source = _one_line(source)
        self.reason = _one_line(reason)
        super().__init__(f"{self.source}: {self.reason}" if self.source else self.reason)


@dataclass(frozen=True, slots=True)
class Skipped:
    source: str
    reason: str


# --------------------------------------------------------------------------- finding files


def find_document_paths(folder: Path) -> tuple[list[Path], list[Skipped]]:
    """Files under `folder` (recursively, sorted by relative POSIX path) with a supported suffix.

    Hidden files and folders (name starting with '.') are ignored silently.
    Unsupported suffixes, symlinks that point outside the folder, broken
    symlinks, symlink loops and special files (FIFOs, devices) are returned as
    Skipped.  Symlinks inside the folder are followed, but never outside it and
    never in a cycle.  Raises DocumentError if folder is missing or not a directory.
    """
    folder = Path(folder)
    if not folder.exists():
        raise DocumentError(str(folder), "folder does not exist")
    if not folder.is_dir():
        raise DocumentError(str(folder), "not a folder")
    root_real = os.path.realpath(folder)

    found: list[tuple[str, Path]] = []
    skipped: list[Skipped] = []
    # Explicit stack instead of recursion: deep trees cannot hit the recursion
    # limit.  `chain` holds the real paths of the directories we descended
    # through; a directory symlink into or above that chain is a loop.
    stack: list[tuple[Path, str, tuple[str, ...]]] = [(folder, "", (root_real,))]
    while stack:
        dir_path, dir_rel, chain = stack.pop()
        try:
            with os.scandir(dir_path) as it:
                entries = list(it)
        except OSError as exc:
            skipped.append(Skipped(_printable(dir_rel or "."), f"cannot list folder: {_os_reason(exc)}"))
            continue

        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue  # hidden: .git, .DS_Store, editor swap files, our own index...
            rel = f"{dir_rel}/{name}" if dir_rel else name
            path = dir_path / name
            try:
                is_link = entry.is_symlink()
                if is_link:
                    try:
                        target = os.path.realpath(path, strict=True)
                    except OSError as exc:
                        loop = exc.errno == errno.ELOOP
                        skipped.append(Skipped(_printable(rel), "symlink loop" if loop else "broken symlink"))
                        continue
                    if not _is_within(target, root_real):
                        skipped.append(Skipped(_printable(rel), "symlink points outside the folder"))
                        continue
                    st = os.stat(target)
                    if stat.S_ISDIR(st.st_mode):
                        if any(_is_within(real, target) for real in chain):
                            skipped.append(Skipped(_printable(rel), "symlink loop"))
                        else:
                            stack.append((path, rel, chain + (target,)))
                        continue
                elif entry.is_dir(follow_symlinks=False):
                    # Not a symlink, so its real path is its parent's real path + name.
                    stack.append((path, rel, chain + (os.path.join(chain[-1], name),)))
                    continue
                else:
                    st = entry.stat(follow_symlinks=False)
            except OSError as exc:
                skipped.append(Skipped(_printable(rel), f"cannot inspect: {_os_reason(exc)}"))
                continue

            suffix = Path(name).suffix.lower()
            if suffix not in SUPPORTED_SUFFIXES:
                why = f"unsupported file type '{suffix}'" if suffix else "no file extension"
                skipped.append(Skipped(_printable(rel), why))
            elif not stat.S_ISREG(st.st_mode):
                # Opening a FIFO would block forever; devices are not documents.
                skipped.append(Skipped(_printable(rel), "not a regular file"))
            else:
                found.append((rel, path))

    found.sort(key=lambda item: item[0])
    skipped.sort(key=lambda s: s.source)
    return [path for _, path in found], skipped


def file_fingerprint(path: Path) -> tuple[int, int]:
    """(size, mtime_ns): a cheap check whether a file changed since it was read."""
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns


def file_sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


# --------------------------------------------------------------------------- reading files


def read_document(path: Path, folder: Path) -> Document:
    """Read one file into a Document. Raises DocumentError for binary/unreadable/empty-text files."""
    path = Path(path)
    source = _source_of(path, Path(folder))
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise DocumentError(source, f"unsupported file type '{path.suffix}'")

    try:
        # O_NONBLOCK so that a FIFO handed to us fails the check below instead
        # of blocking forever in open(); it changes nothing for regular files.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as f:
            # fstat before reading: if the file changes while we read it, the
            # recorded mtime is older than the new one and the file looks stale.
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise DocumentError(source, "not a regular file")
            raw = f.read()
    except OSError as exc:
        raise DocumentError(source, _os_reason(exc)) from None

    try:
        with warnings.catch_warnings():
            # bs4 and pypdf warn about odd input (markup that looks like a URL,
            # XHTML, damaged objects); that is noise in a terminal tool.
            warnings.simplefilter("ignore")
            text, page_starts = _extract(fmt, raw, source)
    except DocumentError:
        raise
    except RecursionError:
        raise DocumentError(source, f"cannot read {fmt}: structure nested too deeply") from None
    except Exception as exc:  # parsers raise anything on corrupt input; never leak a traceback
        raise DocumentError(source, f"cannot read {fmt}: {_exc_reason(exc)}") from None

    # U+FEFF is kept in text (read_text keeps it) but is not content.
    if not text.replace("\ufeff", "").strip():
        raise DocumentError(source, "no extractable text" if fmt == "pdf" else "empty")

    return Document(
        source=source,
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        size=st.st_size,
        mtime_ns=st.st_mtime_ns,
        format=fmt,
        page_starts=page_starts,
    )


def _extract(fmt: str, raw: bytes, source: str) -> tuple[str, tuple[int, ...]]:
    if fmt in ("text", "markdown"):
        return _plain_text(raw, source), ()
    if fmt == "html":
        return _html_text(raw, source), ()
    if fmt == "pdf":
        return _pdf_text(raw, source)
    return _docx_text(raw, source), ()


def read_documents(folder: Path) -> tuple[list[Document], list[Skipped]]:
    """find_document_paths + read_document for each; a file that fails becomes a Skipped."""
    paths, skipped = find_document_paths(folder)
    docs: list[Document] = []
    for path in paths:
        try:
            docs.append(read_document(path, folder))
        except DocumentError as exc:
            skipped.append(Skipped(exc.source or _source_of(path, Path(folder)), exc.reason))
        except Exception as exc:  # belt and braces: one bad file never stops the rest
            skipped.append(Skipped(_source_of(path, Path(folder)), _exc_reason(exc)))
    skipped.sort(key=lambda s: s.source)
    return docs, skipped


# --------------------------------------------------------------------------- plain text

# Byte-order marks, longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# When charset_normalizer finds several encodings about equally plausible (it
# often does on short texts: Latin-1 French comes back as cp1257, GBK Chinese
# as cp949 or big5), prefer the one most documents in the wild actually use.
_PREFERRED_ENCODINGS = (
    "gb18030", "cp1252", "cp1251", "big5", "cp932", "shift_jis", "cp949", "euc_kr",
    "cp1250", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "koi8_r", "euc_jp", "latin_1",
)
_CHAOS_TOLERANCE = 0.1

# C0 controls other than tab/newline/vertical tab/form feed/carriage return.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_NON_ASCII = re.compile("[^\x00-\x7f\ufffd]")


def _plain_text(raw: bytes, source: str) -> str:
    # The source text itself, only decoded: markdown is not rendered, so offsets
    # match the file as the user (and the scorer's read_text) sees it.
    return _universal_newlines(_decode(raw, source))


def _universal_newlines(text: str) -> str:
    # Exactly what open(..., newline=None) does: "\r\n" and lone "\r" become "\n".
    # Other separators (U+2028, U+0085) are left alone, as read_text does.
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(raw: bytes, source: str) -> str:
    """Bytes to str: BOM, else strict UTF-8 (what read_text does), else detection."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec)  # the utf-16/32 codecs consume the BOM
            except UnicodeDecodeError:
                raise DocumentError(source, f"invalid {codec.upper()} text") from None

    if b"\x00" in raw:
        # NUL never appears in 8-bit text; it does in BOM-less UTF-16.
        text = _bomless_utf16(raw)
        if text is None:
            raise DocumentError(source, "binary file, skipped")
        return text

    try:
        # UTF-8 first and strict: for a valid UTF-8 file this is byte-for-byte
        # what read_text(encoding="utf-8") gives, leading U+FEFF included.
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass

    text = _mostly_utf8(raw)
    if text is None:
        text = _detect(raw)
    if text is None or _looks_binary(text):
        raise DocumentError(source, "binary file, skipped (no plausible text encoding)")
    return text


def _bomless_utf16(raw: bytes) -> str | None:
    # Mostly-Latin UTF-16 has a NUL in every other byte, all on one side.
    sample = raw[:4096]
    half = len(sample) // 2
    if len(raw) % 2 or half == 0:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.3 * half and even < 0.02 * half:
        codec = "utf-16-le"
    elif even > 0.3 * half and odd < 0.02 * half:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        return None
    return None if _looks_binary(text) else text


def _mostly_utf8(raw: bytes) -> str | None:
    # A UTF-8 file with a few damaged bytes (a bad paste, a truncated copy) is
    # still UTF-8; detection would pick some 8-bit code page and garble every
    # non-ASCII character.  Accept it when real multi-byte sequences decode and
    # the damage is rare.  Latin-1 text rarely contains a valid UTF-8 sequence.
    text = raw.decode("utf-8", errors="replace")
    damage = text.count("\ufffd") - raw.count("\ufffd".encode())
    if damage * 1000 > len(raw):
        return None
    if not _NON_ASCII.search(text):
        return None
    return text


def _detect(raw: bytes) -> str | None:
    from charset_normalizer import from_bytes  # imported lazily: only legacy encodings need it

    results = from_bytes(raw)
    if not results:
        return None
    lowest = min(m.chaos for m in results)
    close = [m for m in results if m.chaos <= lowest + _CHAOS_TOLERANCE]
    for codec in _PREFERRED_ENCODINGS:
        for match in close:
            if codec == match.encoding or codec in match.could_be_from_charset:
                try:
                    return raw.decode(codec)
                except UnicodeDecodeError:
                    break
    best = results.best()
    return None if best is None else str(best)


def _looks_binary(text: str) -> bool:
    # More than 1% control characters is not prose in any encoding.
    return len(_CONTROL_CHARS.findall(text)) * 100 > len(text)


# --------------------------------------------------------------------------- HTML

# Never visible: their text is code, metadata or fallback content.
_HTML_DROP = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "iframe", "object"})
# Elements that separate paragraphs (a blank line) or lines (a single newline).
_HTML_PARAGRAPH = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "table", "ul", "ol", "dl",
    "section", "article", "header", "footer", "main", "nav", "aside", "figure", "form",
    "fieldset", "address", "hr", "details", "body", "html",
})
_HTML_LINE = frozenset({
    "div", "li", "tr", "dt", "dd", "br", "caption", "figcaption", "summary", "option", "legend",
    "thead", "tbody", "tfoot", "center", "dialog", "menu", "hgroup", "search", "textarea",
})
_HTML_CELL = frozenset({"td", "th"})
_CELL = "\ue000"  # private-use placeholder for a cell boundary (not \s, unlike \x1f), becomes a tab
_WHITESPACE = re.compile(r"\s+")
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
# What browsers really mean by these labels (WHATWG encoding standard).
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
                    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}


def _html_text(raw: bytes, source: str) -> str:
    from bs4 import BeautifulSoup  # lazy: importing bs4 costs time and only HTML needs it

    # A leading U+FEFF is an encoding mark, not page text.
    markup = _universal_newlines(_decode_html(raw, source)).removeprefix("\ufeff")
    soup = BeautifulSoup(markup, "html.parser")  # pure Python; lxml may be absent
    out = _LineWriter()
    title = soup.find("title")
    if title is not None:
        out.text(title.get_text())
        out.brk(2)
    _walk_html(soup, out)
    return out.finish()


def _decode_html(raw: bytes, source: str) -> str:
    # A BOM wins, then a declared charset, then the plain-text rules.
    if not any(raw.startswith(bom) for bom, _ in _BOMS) and not raw.startswith(codecs.BOM_UTF8):
        head = raw[:4096]
        declared = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
        if declared:
            label = declared.group(1).decode("ascii").lower()
            codec = _CHARSET_ALIASES.get(label, label)
            try:
                if not codecs.lookup(codec).name.startswith("utf-16"):  # a meta tag cannot be UTF-16
                    return raw.decode(codec)
            except (LookupError, UnicodeDecodeError):
                pass  # unknown or wrong declaration: fall back to detection
    return _decode(raw, source)


def _walk_html(root, out: _LineWriter) -> None:
    from bs4.element import NavigableString, PreformattedString, Tag

    pre_depth = 0
    # Explicit stack of (node, entering?) so deeply nested pages cannot hit the
    # recursion limit.  Children are pushed reversed to come out in order.
    stack: list[tuple[object, bool]] = [(child, True) for child in reversed(root.contents)]
    while stack:
        node, entering = stack.pop()
        if isinstance(node, NavigableString):
            if isinstance(node, PreformattedString):  # comments, doctype, CDATA, <?...?>
                continue
            if pre_depth:
                first, *rest = node.split("\n")
                out.text(first)
                for line in rest:
                    out.brk(1)
                    out.text(line)
            else:
                out.text(node)
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name.lower()
        level = 2 if name in _HTML_PARAGRAPH else 1 if name in _HTML_LINE else 0
        if not entering:
            out.brk(level)
            if name == "pre":
                pre_depth -= 1
            continue
        if name in _HTML_DROP or node.has_attr("hidden"):
            continue
        out.brk(level)
        if name in _HTML_CELL:
            out.cell()
        if name == "pre":
            pre_depth += 1
        stack.append((node, False))
        stack.extend((child, True) for child in reversed(node.contents))


class _LineWriter:
    """Collects text and break requests; collapses whitespace within each line.

    brk(1) ends a line, brk(2) ends a paragraph (blank line); consecutive breaks
    merge into the strongest, and empty lines never appear.
    """

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._current: list[str] = []
        self._pending = 0

    def text(self, s: str) -> None:
        # A stray unit separator in the page must not become a tab.
        self._current.append(s.replace(_CELL, " "))

    def cell(self) -> None:
        self._current.append(_CELL)

    def brk(self, level: int) -> None:
        if level:
            self._flush()
            self._pending = max(self._pending, level)

    def _flush(self) -> None:
        line = _WHITESPACE.sub(" ", "".join(self._current))
        self._current = []
        # Cell markers: drop the leading one, each other becomes one tab.
        line = re.sub(f" ?{_CELL} ?", _CELL, line).strip(f" {_CELL}").replace(_CELL, "\t")
        if not line:
            return
        if self._lines:
            self._lines.append("\n" * self._pending)
        self._lines.append(line)
        self._pending = 0

    def finish(self) -> str:
        self._flush()
        return "".join(self._lines)


# --------------------------------------------------------------------------- PDF


def _pdf_text(raw: bytes, source: str) -> tuple[str, tuple[int, ...]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(raw))
    if reader.is_encrypted:
        # Many PDFs are "encrypted" with an empty user password only to restrict
        # printing or copying; those open fine.  Anything else needs a password.
        try:
            opened = reader.decrypt("")
        except Exception as exc:
            raise DocumentError(source, f"encrypted PDF, cannot decrypt ({_exc_reason(exc)})") from None
        if not opened:
            raise DocumentError(source, "encrypted PDF, needs a password")

    pages: list[str] = []
    for page in reader.pages:
        text = page.extract_text() or ""
        # Pages are separated by "\n\n" below, so page-internal form feeds and
        # carriage returns only get in the way; NULs come from broken font maps.
        text = _universal_newlines(text).replace("\x0c", "\n").replace("\x00", "")
        pages.append(text.strip("\n"))

    if not any(p.strip() for p in pages):
        raise DocumentError(source, "no extractable text (scanned PDF?)")

    starts: list[int] = []
    offset = 0
    for text in pages:
        starts.append(offset)
        offset += len(text) + 2  # the "\n\n" joiner
    return "\n\n".join(pages), tuple(starts)


# --------------------------------------------------------------------------- DOCX


def _docx_text(raw: bytes, source: str) -> str:
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(raw))
    lines: list[str] = []
    # Body paragraphs and tables in document order.  Headers, footers, footnotes
    # and text boxes are not included.
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_docx_table_rows(block))
        else:
            lines.append(block.text)
    return _universal_newlines("\n".join(lines))


def _docx_table_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(_WHITESPACE.sub(" ", cell.text).strip())
        rows.append("\t".join(cells))
    return rows


# --------------------------------------------------------------------------- helpers


def _source_of(path: Path, folder: Path) -> str:
    """Path relative to folder, POSIX separators; symlinks are not resolved."""
    try:
        rel = path.relative_to(folder)
    except ValueError:
        rel = Path(os.path.relpath(os.path.abspath(path), os.path.abspath(folder)))
        if rel.parts and rel.parts[0] == "..":
            rel = Path(os.path.abspath(path))
    return _printable(rel.as_posix())


def _printable(name: str) -> str:
    # File names that are not valid UTF-8 arrive as lone surrogates, which
    # crash print() and JSON writers; show them with U+FFFD instead.
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _is_within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "file not found (removed while reading?)"
    if isinstance(exc, IsADirectoryError):
        return "is a folder"
    return exc.strerror or _exc_reason(exc)


def _exc_reason(exc: BaseException) -> str:
    message = str(exc).strip()
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _one_line(s: str, limit: int = 300) -> str:
    s = _WHITESPACE.sub(" ", str(s)).strip()
    return s if len(s) <= limit else s[: limit - 1] + "…"
