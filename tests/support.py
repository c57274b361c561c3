"""What several test files share: running the real `qa` command, one index of docs/ per session,
sample files written by hand, and the terms of a span read alone."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def qa_command() -> list[str]:
    script = Path(sys.executable).with_name("qa")
    return [str(script)] if script.exists() else [sys.executable, "-m", "qa.cli"]


def qa_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QA_DOCS", "QA_INDEX", "NO_COLOR")}
    env.update(NO_COLOR="1", QA_DEBUG="1", COLUMNS="100")
    env.update(extra)
    return env


def run_qa(*args: str, stdin: bytes | str | None = None, env: dict | None = None, cwd: Path | None = None,
           timeout: float = 300) -> subprocess.CompletedProcess:
    """Run qa; stdout and stderr come back as text (undecodable bytes replaced)."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    done = subprocess.run(qa_command() + list(args), input=data, capture_output=True,
                          env=env or qa_env(), cwd=cwd or REPO, timeout=timeout,
                          stdin=None if data is not None else subprocess.DEVNULL)
    done.stdout = done.stdout.decode("utf-8", "replace")
    done.stderr = done.stderr.decode("utf-8", "replace")
    return done


def shared_corpus(tmp_path_factory) -> tuple[Path, Path]:
    """A copy of docs/ and its index, built once per session by `qa index build` (shared by the
    test files that need one: the first to ask builds it)."""
    root = tmp_path_factory.getbasetemp() / "qa-shared"
    docs, index = root / "docs", root / "index"
    if not (index / "manifest.json").exists():
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(REPO / "docs", docs, copy_function=shutil.copyfile)
        done = run_qa("index", "build", "--docs", str(docs), "--index", str(index), timeout=900)
        if done.returncode != 0:
            pytest.fail(f"qa index build failed ({done.returncode}):\n{done.stderr}")
    return docs, index


def make_pdf(pages: list[str]) -> bytes:
    """A minimal valid PDF: Helvetica, one text object per page, a correct xref table.

    Lines within a page are separated by "\\n" in the input.
    """
    n = len(pages)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n)), n),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, page in enumerate(pages):
        ops = [b"BT /F1 12 Tf 14 TL 72 720 Td"]
        for line in page.split("\n") if page else []:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(b"(%s) Tj T*" % escaped.encode("cp1252"))
        ops.append(b"ET")
        stream = b"\n".join(ops)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(out)


def read_alone(text: str, start: int, end: int) -> list:
    """The terms of text[start:end] read alone (spans into `text`), with the abbreviations that
    the whole text defines: what the index's windows and sentences must hold."""
    from qa.terms import Term, abbreviations_and_titles, terms, with_abbreviations

    found = [Term(t.stem, t.start + start, t.end + start) for t in terms(text[start:end])]
    return with_abbreviations(text, found, abbreviations_and_titles(text))


def one_document(tmp_path, name: str, text: str):
    """A QA over a folder holding one document with `text`, its index built."""
    from qa.api import QA, build
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    build(tmp_path / "docs", tmp_path / "index", notify=lambda message: None)
    return QA(tmp_path / "docs", tmp_path / "index", update=False)
