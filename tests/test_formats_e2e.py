"""Every format end to end: real files made here, one build, one question per format answered by
that format's own figure, quoted exactly from the text the index keeps; what cannot be read is
skipped and named, and the rest is indexed.
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from qa import api, store
from qa.render import to_json
from support import make_pdf

QA_BIN = Path(sys.executable).parent / "qa"
if not QA_BIN.exists():  # pragma: no cover - run without the venv's interpreter
    QA_BIN = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "qa"

GB_TEXT = ("重庆朝天门长江大桥是一座公路和轨道交通两用桥。\n"
           "The Chaotianmen bridge in Chongqing (朝天门大桥) has a main span of 552 metres.\n"
           "大桥于二〇〇九年四月建成通车。\n")


def make_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Calder valley water board", level=1)
    document.add_paragraph("The Calder dam holds 540 million cubic metres of water.")
    document.add_paragraph("Its spillway was rebuilt after the floods.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Staff"
    table.cell(0, 1).text = "Vehicles"
    table.cell(1, 0).text = "41"
    table.cell(1, 1).text = "9"
    document.save(str(path))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("formats")
    docs = root / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "bridge.txt").write_text(
        "The Kestrel bridge spans 1,284 metres across the bay.\nIt carries two railway tracks.\n", encoding="utf-8")
    (docs / "lighthouse.md").write_text(
        "# Marwick lighthouse\n\nThe **Marwick lighthouse** stands 62 metres tall on the headland.\n\n"
        "- Its lamp was electrified in the spring.\n", encoding="utf-8")
    (docs / "zoo.html").write_text(
        "<!doctype html><html><head><title>Hollin zoo</title><style>p {color: red}</style></head>"
        "<body><h1>Visitors</h1><p>The Hollin zoo welcomed <b>318,000 visitors</b> in 2022.</p>"
        "<script>var visitors = 999999;</script><p>Its aquarium reopened in May.</p></body></html>",
        encoding="utf-8")
    (docs / "sub" / "library.pdf").write_bytes(make_pdf([
        "Dunmore library annual report.\nThe reading room was repainted.",
        "The Dunmore library lent 87,450 books last year.\nMembership grew steadily.",
    ]))
    make_docx(docs / "dam.docx")
    (docs / "chongqing.txt").write_bytes(GB_TEXT.encode("gb18030"))
    # What cannot be indexed: each is skipped and named, and the rest is indexed anyway.
    rng = random.Random(7)
    (docs / "dump.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    (docs / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(64)))
    (docs / "empty.md").write_text("\n  \n", encoding="utf-8")
    (docs / "broken.pdf").write_bytes(make_pdf(["Cut short."])[:120])
    (docs / "fake.docx").write_bytes(b"this is not a zip archive at all")
    messages: list[str] = []
    report = api.build(docs, root / "index", notify=messages.append)
    return root, docs, root / "index", report, messages


SKIPPED = {
    "broken.pdf": "cannot read pdf",
    "dump.txt": "binary file",
    "empty.md": "empty",
    "fake.docx": "cannot read docx",
    "logo.png": "unsupported file type '.png'",
}

CASES = [  # (question, source, the figure quoted, format)
    ("How long is the Kestrel bridge?", "bridge.txt", "1,284 metres", "text"),
    ("How tall is the Marwick lighthouse?", "lighthouse.md", "62 metres", "markdown"),
    ("How many visitors did the Hollin zoo welcome in 2022?", "zoo.html", "318,000", "html"),
    ("How many books did the Dunmore library lend last year?", "sub/library.pdf", "87,450", "pdf"),
    ("How much water does the Calder dam hold?", "dam.docx", "540 million cubic metres", "docx"),
    ("What is the main span of the Chaotianmen bridge?", "chongqing.txt", "552 metres", "text"),
]


def test_everything_readable_is_indexed_and_the_rest_named(corpus):
    _, _, _, report, messages = corpus
    assert report.documents == 6 and report.embedded_documents == 6
    assert {s.source for s in report.skipped} == set(SKIPPED)
    for source, reason in SKIPPED.items():
        named = [m for m in messages if m.startswith(f"skipped {source}: ")]
        assert len(named) == 1 and reason in named[0], (source, messages)


@pytest.mark.parametrize("question, source, figure, kind", CASES, ids=[c[3] + ":" + c[1] for c in CASES])
def test_each_format_answers_with_its_own_figure(corpus, question, source, figure, kind):
    _, docs, index, _, _ = corpus
    bot = api.QA(docs, index, update=False)
    entry_index = [d.source for d in bot.index.documents].index(source)
    assert bot.index.documents[entry_index].format == kind
    result = bot.ask(question)
    assert result.answered, (question, result)
    answer = result.answer
    assert answer.source == source
    assert figure in answer.text
    text = bot.index.texts[entry_index]
    assert text[answer.start:answer.end] == answer.text  # the quote is the stored text, exactly
    payload = to_json(result)
    if kind == "pdf":
        assert result.page == 2 and payload["answer"]["page"] == 2
        assert result.passages[0].page == 2
    else:
        assert result.page is None and "page" not in payload["answer"]


def test_extracted_text_is_what_the_index_keeps(corpus):
    _, docs, index, _, _ = corpus
    documents, texts = store.read_texts(index)
    by_source = dict(zip((d.source for d in documents), texts))
    assert by_source["chongqing.txt"] == GB_TEXT  # GB18030 decoded by detection
    assert by_source["bridge.txt"] == (docs / "bridge.txt").read_text(encoding="utf-8")
    assert by_source["lighthouse.md"] == (docs / "lighthouse.md").read_text(encoding="utf-8")
    zoo = by_source["zoo.html"]
    assert "The Hollin zoo welcomed 318,000 visitors in 2022." in zoo
    assert "<" not in zoo and "999999" not in zoo and "color" not in zoo
    library = by_source["sub/library.pdf"]
    entry = next(d for d in documents if d.source == "sub/library.pdf")
    assert len(entry.page_starts) == 2 and library[entry.page_starts[1]:].startswith("The Dunmore library lent")
    assert "41\t9" in by_source["dam.docx"]


def run_qa(*args, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([str(QA_BIN), *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env=env)


def test_command_line_names_the_page_and_the_skipped_files(corpus):
    root, docs, index, _, _ = corpus
    asked = run_qa("ask", "--json", "--no-update", CASES[3][0], "--docs", docs, "--index", index, cwd=root)
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)["answer"]
    assert answer["source"] == "sub/library.pdf" and answer["page"] == 2 and "87,450" in answer["text"]

    shown = run_qa("show", f"sub/library.pdf:{answer['line']}", "-C", "0", "--index", index, cwd=root)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == [f"sub/library.pdf:{answer['line']} (page 2)  "
                                         f"[lines {answer['line']}-{answer['line']} of 5]",
                                         f">{answer['line']} | The Dunmore library lent 87,450 books last year."]

    built = run_qa("index", "build", "--docs", docs, "--index", index, cwd=root)
    assert built.returncode == 0, built.stderr
    lines = built.stderr.strip().splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == [f"skipped {name}" for name in sorted(SKIPPED)]
    assert lines[-1] == f"the index of 6 documents in {index} is up to date (5 skipped)"
