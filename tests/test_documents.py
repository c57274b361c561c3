"""Tests for qa.documents, on real files written to tmp_path."""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.documents import (
    SUPPORTED_SUFFIXES,
    Document,
    DocumentError,
    Skipped,
    file_fingerprint,
    file_sha256,
    find_document_paths,
    read_document,
    read_documents,
)
from support import make_pdf

CHINESE = "中国银行重庆市分行全力支持成渝地区双城经济圈建设。"
FRENCH = "Le rapport d'été est déjà prêt. Le garçon a mangé une crème brûlée à Noël."


# --------------------------------------------------------------------------- helpers


def make_docx(path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("First paragraph of the memo.")
    d.add_paragraph("Second paragraph mentions the budget.")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Year"
    table.cell(0, 1).text = "Revenue"
    table.cell(1, 0).text = "2023"
    table.cell(1, 1).text = "4.2 billion"
    d.add_paragraph("Closing paragraph after the table.")
    d.save(str(path))


def sources(items) -> list[str]:
    return [item.source for item in items]


def reason_for(skipped: list[Skipped], source: str) -> str:
    matches = [s.reason for s in skipped if s.source == source]
    assert matches, f"{source} not in skipped: {skipped}"
    return matches[0]


# --------------------------------------------------------------------------- plain text


def test_utf8_crlf_bom_equals_read_text(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_bytes(b"\xef\xbb\xbfFirst line\r\nSecond line\rThird line\n\r\nLast")
    doc = read_document(p, tmp_path)
    assert doc.text == p.read_text(encoding="utf-8")
    assert doc.text == "\ufeffFirst line\nSecond line\nThird line\n\nLast"
    assert doc.format == "text"
    assert doc.source == "notes.txt"
    assert doc.page_starts == ()
    assert doc.page_of(0) is None


def test_metadata(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("hello world", encoding="utf-8")
    doc = read_document(p, tmp_path)
    assert doc.size == 11 == os.stat(p).st_size
    assert (doc.size, doc.mtime_ns) == file_fingerprint(p)
    assert doc.sha256 == file_sha256(p)
    assert doc.sha256 == "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"


def test_gb18030_chinese(tmp_path):
    p = tmp_path / "chinese.txt"
    text = f"{CHINESE}\r\n重庆是中国西南部的直辖市，人口众多，经济发展迅速。\r\n"
    p.write_bytes(text.encode("gb18030"))
    doc = read_document(p, tmp_path)
    assert CHINESE in doc.text
    assert doc.text == text.replace("\r\n", "\n")


def test_short_gbk_chinese(tmp_path):
    # Short texts are where detection is weakest (cp949 and big5 tie with gb18030).
    p = tmp_path / "short.txt"
    p.write_bytes("重庆银行".encode("gbk"))
    assert read_document(p, tmp_path).text == "重庆银行"


def test_latin1(tmp_path):
    p = tmp_path / "french.txt"
    p.write_bytes((FRENCH + "\n").encode("latin-1"))
    assert read_document(p, tmp_path).text == FRENCH + "\n"


def test_utf16_with_bom(tmp_path):
    p = tmp_path / "wide.txt"
    text = f"UTF-16 document\r\n{FRENCH}\r\n{CHINESE}\r\n"
    p.write_bytes(text.encode("utf-16"))  # native order, with BOM
    assert read_document(p, tmp_path).text == text.replace("\r\n", "\n")
    p.write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    assert read_document(p, tmp_path).text == text.replace("\r\n", "\n")


def test_utf16_without_bom(tmp_path):
    p = tmp_path / "wide.txt"
    p.write_bytes("Plain ASCII text stored as UTF-16LE without a BOM.\n".encode("utf-16-le"))
    assert read_document(p, tmp_path).text == "Plain ASCII text stored as UTF-16LE without a BOM.\n"


def test_mostly_utf8_with_damaged_byte(tmp_path):
    p = tmp_path / "damaged.txt"
    good = ("Café crème et thé. " * 200).encode("utf-8")
    p.write_bytes(good + b"\xff" + good)
    text = read_document(p, tmp_path).text
    assert text.count("Café crème et thé.") == 400
    assert text.count("\ufffd") == 1


def test_markdown_kept_as_source(tmp_path):
    p = tmp_path / "readme.md"
    source = "# Title\r\n\r\nSome *emphasis* and a [link](http://example.com).\r\n\r\n- item\r\n"
    p.write_bytes(source.encode("utf-8"))
    doc = read_document(p, tmp_path)
    assert doc.format == "markdown"
    assert doc.text == p.read_text(encoding="utf-8")
    assert "*emphasis*" in doc.text
    q = tmp_path / "other.markdown"
    q.write_text("x", encoding="utf-8")
    assert read_document(q, tmp_path).format == "markdown"


def test_long_single_line(tmp_path):
    p = tmp_path / "long.txt"
    words = " ".join(f"word{i % 1000}" for i in range(300_000))
    p.write_text(words, encoding="utf-8")
    doc = read_document(p, tmp_path)
    assert doc.text == words
    assert doc.line_of(len(words)) == 1


def test_long_single_line_html(tmp_path):
    p = tmp_path / "long.html"
    words = " ".join(f"word{i % 1000}" for i in range(300_000))
    p.write_text(f"<p>{words}</p>", encoding="utf-8")
    assert read_document(p, tmp_path).text == words


# --------------------------------------------------------------------------- line_of / page_of


def test_line_of():
    doc = Document("x.txt", "ab\ncd\n\nef", "0" * 64, 9, 0, "text")
    assert [doc.line_of(i) for i in range(len(doc.text) + 1)] == [1, 1, 1, 2, 2, 2, 3, 4, 4, 4]
    assert doc.line_of(doc.text.index("ef")) == 4
    with pytest.raises(ValueError):
        doc.line_of(-1)
    with pytest.raises(ValueError):
        doc.line_of(len(doc.text) + 1)


def test_page_of_without_pdf():
    doc = Document("x.txt", "abc", "0" * 64, 3, 0, "text")
    assert doc.page_of(1) is None


# --------------------------------------------------------------------------- HTML


def test_html_visible_text(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(
        """<!DOCTYPE html>
<html><head><title>Quarterly   Report</title>
<style>body { color: red; }</style>
<script>var secret = "SCRIPT_TEXT";</script>
<meta name="x" content="META_TEXT">
</head>
<body>
<!-- COMMENT_TEXT -->
<noscript>NOSCRIPT_TEXT</noscript>
<template>TEMPLATE_TEXT</template>
<div class="outer"><div><p>First   paragraph
   spans source lines.</p><p>Second paragraph.</p></div>
<section><article><h2>Heading two</h2><ul><li>Item one</li><li>Item <b>two</b></li></ul></article></section>
Line before break<br>line after break
<p>Caf&eacute; &amp; th&eacute;&nbsp;here.</p>
<table><tr><th>Year</th><th>Revenue</th></tr><tr><td>2023</td><td>4.2 billion</td></tr></table>
<p hidden>HIDDEN_TEXT</p>
<p>Inline<span>joined</span> words</p>
</div>
<script>document.write("MORE_SCRIPT")</script>
</body></html>
""",
        encoding="utf-8",
    )
    doc = read_document(p, tmp_path)
    assert doc.format == "html"
    for absent in ("SCRIPT_TEXT", "MORE_SCRIPT", "color", "META_TEXT", "COMMENT_TEXT", "NOSCRIPT_TEXT",
                   "TEMPLATE_TEXT", "HIDDEN_TEXT", "<p>", "DOCTYPE"):
        assert absent not in doc.text
    lines = doc.text.split("\n")
    assert lines[0] == "Quarterly Report"
    for line in ("First paragraph spans source lines.", "Second paragraph.", "Heading two", "Item one",
                 "Item two", "Line before break", "line after break", "Café & thé here.",
                 "Year\tRevenue", "2023\t4.2 billion", "Inlinejoined words"):
        assert line in lines, (line, lines)
    assert "  " not in doc.text
    assert "\n\n\n" not in doc.text
    assert doc.text.count("Quarterly Report") == 1


def test_html_declared_charset(tmp_path):
    p = tmp_path / "gbk.htm"
    html = f'<html><head><meta charset="gb2312"><title>标题</title></head><body><p>{CHINESE}</p></body></html>'
    p.write_bytes(html.encode("gb18030"))
    doc = read_document(p, tmp_path)
    assert doc.text == f"标题\n\n{CHINESE}"

    q = tmp_path / "latin.html"
    q.write_bytes(
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head>'
        b"<body><p>" + FRENCH.encode("latin-1") + b"</p></body></html>"
    )
    assert read_document(q, tmp_path).text == FRENCH


def test_html_detected_charset_and_bom(tmp_path):
    p = tmp_path / "nodecl.html"
    p.write_bytes(f"<p>{CHINESE}</p><p>重庆是中国西南部的直辖市。</p>".encode("gb18030"))
    assert CHINESE in read_document(p, tmp_path).text
    q = tmp_path / "bom.html"
    q.write_bytes(b"\xef\xbb\xbf<p>Hello</p>")
    assert read_document(q, tmp_path).text == "Hello"


def test_html_pre_keeps_lines(tmp_path):
    p = tmp_path / "pre.html"
    p.write_text("<p>Intro</p><pre>line one\nline   two\n</pre><p>Outro</p>", encoding="utf-8")
    assert read_document(p, tmp_path).text == "Intro\n\nline one\nline two\n\nOutro"


def test_html_odd_inputs_do_not_warn(tmp_path, recwarn):
    url = tmp_path / "url.html"
    url.write_text("http://example.com/page", encoding="utf-8")
    assert read_document(url, tmp_path).text == "http://example.com/page"
    xhtml = tmp_path / "x.xhtml.html"
    xhtml.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        "<body><p>Hi</p><p>there</p></body></html>",
        encoding="utf-8",
    )
    assert read_document(xhtml, tmp_path).text == "Hi\n\nthere"
    assert len(recwarn) == 0, [str(w.message) for w in recwarn]


def test_html_without_visible_text(tmp_path):
    p = tmp_path / "blank.html"
    p.write_text("<html><head><script>x=1</script></head><body>  </body></html>", encoding="utf-8")
    with pytest.raises(DocumentError, match="blank.html: empty"):
        read_document(p, tmp_path)


def test_html_deeply_nested(tmp_path):
    p = tmp_path / "deep.html"
    p.write_text("<div>" * 5000 + "deep text" + "</div>" * 5000, encoding="utf-8")
    try:
        assert read_document(p, tmp_path).text == "deep text"
    except DocumentError as exc:  # acceptable: a clean one-line error, not a crash
        assert "deep.html" in str(exc)


# --------------------------------------------------------------------------- PDF


def test_pdf_two_pages(tmp_path):
    p = tmp_path / "report.pdf"
    p.write_bytes(make_pdf(["Page one says hello.\nSecond line of page one.", "Page two says goodbye."]))
    doc = read_document(p, tmp_path)
    assert doc.format == "pdf"
    assert "Page one says hello." in doc.text
    assert "Page two says goodbye." in doc.text
    assert "\x0c" not in doc.text
    assert len(doc.page_starts) == 2
    assert doc.page_starts[0] == 0
    assert doc.page_starts[1] == doc.text.index("Page two")
    assert doc.text[doc.page_starts[1] - 2 : doc.page_starts[1]] == "\n\n"
    assert doc.page_of(doc.text.index("hello")) == 1
    assert doc.page_of(doc.text.index("Second line")) == 1
    assert doc.page_of(doc.text.index("goodbye")) == 2
    assert doc.page_of(len(doc.text)) == 2


def test_pdf_with_blank_page_keeps_numbering(tmp_path):
    p = tmp_path / "gap.pdf"
    p.write_bytes(make_pdf(["First page.", "", "Third page."]))
    doc = read_document(p, tmp_path)
    assert len(doc.page_starts) == 3
    assert doc.page_of(doc.text.index("Third")) == 3
    assert doc.page_of(doc.text.index("First")) == 1


def test_pdf_without_text(tmp_path):
    p = tmp_path / "scan.pdf"
    p.write_bytes(make_pdf(["", ""]))
    with pytest.raises(DocumentError, match=r"scan\.pdf: no extractable text"):
        read_document(p, tmp_path)


def test_pdf_encrypted(tmp_path):
    from pypdf import PdfReader, PdfWriter

    plain = tmp_path / "plain.pdf"
    plain.write_bytes(make_pdf(["Secret page."]))

    def encrypted(name: str, user_password: str) -> Path:
        writer = PdfWriter()
        writer.append(PdfReader(plain))
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
        path = tmp_path / name
        with open(path, "wb") as f:
            writer.write(f)
        return path

    locked = encrypted("locked.pdf", "secret")
    with pytest.raises(DocumentError, match=r"locked\.pdf: encrypted"):
        read_document(locked, tmp_path)
    # Encrypted with an empty user password (copy protection only): readable.
    open_ = encrypted("open.pdf", "")
    assert "Secret page." in read_document(open_, tmp_path).text


# --------------------------------------------------------------------------- DOCX


def test_docx_paragraphs_and_table(tmp_path):
    p = tmp_path / "memo.docx"
    make_docx(p)
    doc = read_document(p, tmp_path)
    assert doc.format == "docx"
    lines = doc.text.split("\n")
    assert lines == [
        "First paragraph of the memo.",
        "Second paragraph mentions the budget.",
        "Year\tRevenue",
        "2023\t4.2 billion",
        "Closing paragraph after the table.",
    ]


# --------------------------------------------------------------------------- bad files


def test_empty_and_whitespace_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_bytes(b"  \r\n\t\n  ")
    (tmp_path / "bom_only.txt").write_bytes(b"\xef\xbb\xbf\n")
    for name in ("empty.txt", "blank.md", "bom_only.txt"):
        with pytest.raises(DocumentError) as info:
            read_document(tmp_path / name, tmp_path)
        assert str(info.value) == f"{name}: empty"
        assert info.value.source == name and info.value.reason == "empty"


def test_binary_file(tmp_path):
    rng = random.Random(1)
    data = bytes(rng.randrange(256) for _ in range(4096)) + b"\x00\x00\x01\x02"
    p = tmp_path / "data.txt"
    p.write_bytes(data)
    with pytest.raises(DocumentError, match=r"data\.txt: binary"):
        read_document(p, tmp_path)
    # Random bytes without any NUL are still recognised as not text.
    q = tmp_path / "noise.txt"
    q.write_bytes(bytes(rng.randrange(1, 256) for _ in range(4096)))
    with pytest.raises(DocumentError, match=r"noise\.txt: binary"):
        read_document(q, tmp_path)


def test_corrupted_pdf_and_docx(tmp_path):
    rng = random.Random(2)
    (tmp_path / "broken.pdf").write_bytes(bytes(rng.randrange(256) for _ in range(2048)))
    (tmp_path / "truncated.pdf").write_bytes(make_pdf(["Some text here."])[:150])
    (tmp_path / "broken.docx").write_bytes(bytes(rng.randrange(256) for _ in range(2048)))
    make_docx(tmp_path / "good.docx")
    (tmp_path / "truncated.docx").write_bytes((tmp_path / "good.docx").read_bytes()[:3000])
    (tmp_path / "fine.txt").write_text("fine", encoding="utf-8")
    for name in ("broken.pdf", "truncated.pdf", "broken.docx", "truncated.docx"):
        with pytest.raises(DocumentError) as info:
            read_document(tmp_path / name, tmp_path)
        message = str(info.value)
        assert message.startswith(f"{name}: ") and "\n" not in message
    docs, skipped = read_documents(tmp_path)
    assert sources(docs) == ["fine.txt", "good.docx"]
    assert sources(skipped) == ["broken.docx", "broken.pdf", "truncated.docx", "truncated.pdf"]
    assert all(s.reason and "\n" not in s.reason for s in skipped)


def test_unsupported_suffix_in_read_document(tmp_path):
    p = tmp_path / "tool.exe"
    p.write_bytes(b"MZ\x90\x00")
    with pytest.raises(DocumentError, match=r"tool\.exe: unsupported"):
        read_document(p, tmp_path)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read anything")
def test_permission_denied(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text("secret", encoding="utf-8")
    p.chmod(0)
    try:
        docs, skipped = read_documents(tmp_path)
        assert docs == []
        assert skipped == [Skipped("secret.txt", "permission denied")]
    finally:
        p.chmod(0o600)


# --------------------------------------------------------------------------- finding files


def build_tree(root: Path, outside: Path) -> None:
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "b.txt").write_text("bee", encoding="utf-8")
    (root / "A.md").write_text("# a", encoding="utf-8")
    (root / "rapport été.txt").write_text("Le rapport d'été.", encoding="utf-8")
    (root / "with space.txt").write_text("spaced out", encoding="utf-8")
    (root / "sub" / "c.HTML").write_text("<p>see</p>", encoding="utf-8")
    (root / "sub" / "deeper" / "d.txt").write_text("dee", encoding="utf-8")
    (root / "program.exe").write_bytes(b"MZ\x00\x00")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (root / "README").write_text("no suffix", encoding="utf-8")
    (root / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "config.txt").write_text("hidden", encoding="utf-8")
    (root / "sub" / ".cache").mkdir()
    (root / "sub" / ".cache" / "x.txt").write_text("hidden", encoding="utf-8")
    (outside / "secret.txt").write_text("outside", encoding="utf-8")
    (outside / "dir").mkdir()
    (outside / "dir" / "e.txt").write_text("outside", encoding="utf-8")
    # symlinks
    (root / "sub" / "loop").symlink_to("..", target_is_directory=True)  # dir -> its parent
    (root / "self").symlink_to(root, target_is_directory=True)  # dir -> the root
    (root / "out.txt").symlink_to(outside / "secret.txt")  # file outside
    (root / "outdir").symlink_to(outside / "dir", target_is_directory=True)  # dir outside
    (root / "broken.txt").symlink_to(root / "does-not-exist.txt")
    (root / "ring1.txt").symlink_to(root / "ring2.txt")  # ELOOP
    (root / "ring2.txt").symlink_to(root / "ring1.txt")
    (root / "alias.txt").symlink_to(root / "b.txt")  # inside: followed
    (root / "deeplink").symlink_to(root / "sub" / "deeper", target_is_directory=True)  # inside: followed


@pytest.fixture
def tree(tmp_path):
    root, outside = tmp_path / "docs", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    build_tree(root, outside)
    return root


def test_find_document_paths(tree):
    paths, skipped = find_document_paths(tree)
    rels = [p.relative_to(tree).as_posix() for p in paths]
    assert rels == [
        "A.md",
        "alias.txt",
        "b.txt",
        "deeplink/d.txt",
        "rapport été.txt",
        "sub/c.HTML",
        "sub/deeper/d.txt",
        "with space.txt",
    ]
    assert all(p.is_relative_to(tree) for p in paths)
    assert sources(skipped) == sorted(sources(skipped))
    assert "unsupported" in reason_for(skipped, "program.exe")
    assert "unsupported" in reason_for(skipped, "image.png")
    assert reason_for(skipped, "README") == "no file extension"
    assert reason_for(skipped, "sub/loop") == "symlink loop"
    assert reason_for(skipped, "self") == "symlink loop"
    assert reason_for(skipped, "ring1.txt") == "symlink loop"
    assert reason_for(skipped, "ring2.txt") == "symlink loop"
    assert reason_for(skipped, "broken.txt") == "broken symlink"
    assert reason_for(skipped, "out.txt") == "symlink points outside the folder"
    assert reason_for(skipped, "outdir") == "symlink points outside the folder"
    assert not any("hidden" in s.source or s.source.startswith(".") or "/." in s.source for s in skipped)


def test_read_documents_tree(tree):
    docs, skipped = read_documents(tree)
    by_source = {d.source: d for d in docs}
    assert list(by_source) == [
        "A.md", "alias.txt", "b.txt", "deeplink/d.txt", "rapport été.txt", "sub/c.HTML",
        "sub/deeper/d.txt", "with space.txt",
    ]
    assert by_source["rapport été.txt"].text == "Le rapport d'été."
    assert by_source["with space.txt"].text == "spaced out"
    assert by_source["sub/c.HTML"].text == "see"
    assert by_source["alias.txt"].text == "bee"
    assert all("outside" not in d.text and "hidden" not in d.text for d in docs)
    assert len(skipped) == 10  # README, .exe, .png, 2 outside, broken, 4 loops


def test_folder_itself_is_symlink(tree, tmp_path):
    link = tmp_path / "link-to-docs"
    link.symlink_to(tree, target_is_directory=True)
    docs, _ = read_documents(link)
    assert "b.txt" in sources(docs)


def test_relative_folder(tree, monkeypatch):
    monkeypatch.chdir(tree.parent)
    docs, _ = read_documents(Path("docs"))
    assert "sub/deeper/d.txt" in sources(docs)


def test_fifo_is_skipped_not_blocking(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "ok.txt").write_text("ok", encoding="utf-8")
    docs, skipped = read_documents(tmp_path)
    assert sources(docs) == ["ok.txt"]
    assert skipped == [Skipped("pipe.txt", "not a regular file")]
    with pytest.raises(DocumentError, match="not a regular file"):
        read_document(tmp_path / "pipe.txt", tmp_path)


def test_missing_or_file_folder(tmp_path):
    with pytest.raises(DocumentError, match="does not exist"):
        find_document_paths(tmp_path / "nope")
    f = tmp_path / "file.txt"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(DocumentError, match="not a folder"):
        read_documents(f)


def test_mixed_folder_reads_the_rest(tmp_path):
    (tmp_path / "good.txt").write_text("good text", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.md").write_bytes(b"\x00\x01\x02\x03" * 100)
    (tmp_path / "report.pdf").write_bytes(make_pdf(["Page one.", "Page two."]))
    make_docx(tmp_path / "memo.docx")
    (tmp_path / "bad.pdf").write_bytes(os.urandom(500))
    docs, skipped = read_documents(tmp_path)
    assert sources(docs) == ["good.txt", "memo.docx", "report.pdf"]
    assert sources(skipped) == ["bad.pdf", "bin.md", "empty.txt"]
    assert reason_for(skipped, "empty.txt") == "empty"
    assert reason_for(skipped, "bin.md").startswith("binary")


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"}


def test_document_error_forms():
    assert str(DocumentError("a/b.txt", "empty")) == "a/b.txt: empty"
    assert str(DocumentError("plain message")) == "plain message"
    assert str(DocumentError("x.pdf", "line one\nline two")) == "x.pdf: line one line two"


# --------------------------------------------------------------------------- the real corpora

CORPUS_DIRS = [Path("/work/shared/corpus"), Path("/work/shared/eval/squad2-numeric/corpus")]
CORPUS_FILES = sorted(p for d in CORPUS_DIRS if d.is_dir() for p in d.rglob("*") if p.is_file())


@pytest.mark.skipif(not CORPUS_FILES, reason="shared corpora not present")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_text_equals_read_text(path):
    folder = next(d for d in CORPUS_DIRS if path.is_relative_to(d))
    doc = read_document(path, folder)
    assert doc.text == path.read_text(encoding="utf-8")
    assert doc.source == path.relative_to(folder).as_posix()


@pytest.mark.skipif(not CORPUS_FILES, reason="shared corpora not present")
def test_corpus_read_documents_reads_everything():
    for d in CORPUS_DIRS:
        if d.is_dir():
            docs, skipped = read_documents(d)
            assert skipped == []
            assert len(docs) == sum(1 for p in d.rglob("*") if p.is_file() and not p.name.startswith("."))


# --------------------------------------------------------------------------- property


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300))
def test_any_utf8_text_matches_read_text(text):
    if not text.replace("\ufeff", "").strip() or "\x00" in text:
        return  # empty/NUL files are rejected by design
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        p = folder / "t.txt"
        p.write_bytes(text.encode("utf-8"))
        doc = read_document(p, folder)
        assert doc.text == p.read_text(encoding="utf-8")
        for offset in (0, len(doc.text) // 2, len(doc.text)):
            assert doc.line_of(offset) == doc.text[:offset].count("\n") + 1
