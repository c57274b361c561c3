"""The index folder, for real: incremental builds, add/remove, staleness, the lock, kill -9, a full
disk, Ctrl-C, damaged and foreign folders. The real model throughout; corpora are a few sentences.

One index of two small documents is built once (in-process, the encoder loaded once) and cloned
for each test that changes something.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from qa import api, store

QA_BIN = Path(sys.executable).parent / "qa"
if not QA_BIN.exists():  # pragma: no cover - run without the venv's interpreter
    QA_BIN = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "qa"

HARBOR = ("The Northport harbor authority reported its annual results in March.\n"
          "Cargo volume at Northport reached 48.6 million tonnes in 2023.\n"
          "The harbor employs 2,140 dock workers across four terminals.\n")
ORCHARD = ("# Valley orchards\n\n"
           "The Greenfield cooperative harvested 7,300 tonnes of apples last season.\n"
           "Its members planted 15,000 new cherry trees along the river.\n")
MILL = ("The Riverside mill produced 3,250 bags of flour in June.\n"
        "It was founded in 1887 by the Hallam family.\n")
MILL_QUESTION = "How many bags of flour did the Riverside mill produce?"
HARBOR_QUESTION = "How many dock workers does the harbor employ?"


def run_qa(*args, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("QA_DOCS", None)
    env.pop("QA_INDEX", None)
    return subprocess.run([str(QA_BIN), *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=env)


def quiet(messages: list[str] | None = None):
    return (lambda m: None) if messages is None else messages.append


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("base")
    (root / "docs").mkdir()
    (root / "docs" / "harbor.txt").write_text(HARBOR, encoding="utf-8")
    (root / "docs" / "orchard.md").write_text(ORCHARD, encoding="utf-8")
    report = api.build(root / "docs", root / "index", notify=quiet())
    assert (report.documents, report.embedded_documents, report.reused_documents) == (2, 2, 0)
    return root


def clone(base: Path, to: Path) -> tuple[Path, Path]:
    """A private copy: documents and generation copied, the (never modified) encoder hard-linked."""
    docs, index = to / "docs", to / "index"
    shutil.copytree(base / "docs", docs)
    index.mkdir()
    for child in (base / "index").iterdir():
        if child.name == store.LOCK:
            continue
        if child.name.startswith("encoder-"):
            shutil.copytree(child, index / child.name, copy_function=os.link)
        elif child.is_dir():
            shutil.copytree(child, index / child.name)
        else:
            shutil.copy2(child, index / child.name)
    return docs, index


def vectors_by_source(index_dir: Path) -> dict[str, bytes]:
    manifest = store.read_manifest(index_dir)
    vectors = np.load(index_dir / manifest["generation"] / "vectors.npy", allow_pickle=False)
    return {d["source"]: vectors[d["first_passage"]:d["first_passage"] + d["passage_count"]].tobytes()
            for d in manifest["documents"]}


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != store.LOCK)


def all_results_text(result) -> str:
    return " ".join([result.answer.text if result.answer else ""] + [p.text for p in result.passages])


def check_quote(bot: api.QA, result) -> None:
    """The answer is the stored text at its offsets."""
    a = result.answer
    doc = [d.source for d in bot.index.documents].index(a.source)
    assert bot.index.texts[doc][a.start:a.end] == a.text


# ---------------------------------------------------------------- incremental builds

def test_incremental_build_embeds_only_the_new_document(base, tmp_path):
    docs, index = clone(base, tmp_path)
    before = vectors_by_source(index)
    encoder_before = store.read_manifest(index)["encoder"]["dir"]
    (docs / "mill.txt").write_text(MILL, encoding="utf-8")

    report = api.build(docs, index, notify=quiet())

    assert (report.documents, report.embedded_documents, report.reused_documents) == (3, 1, 2)
    assert report.added == ["mill.txt"] and not report.changed and not report.removed
    mill = next(d for d in store.read_manifest(index)["documents"] if d["source"] == "mill.txt")
    assert report.embedded_passages == mill["passage_count"] == 2
    after = vectors_by_source(index)
    assert after["harbor.txt"] == before["harbor.txt"] and after["orchard.md"] == before["orchard.md"]
    # The ONNX encoder is not exported again: same folder, same files.
    assert not report.encoder_exported and store.read_manifest(index)["encoder"]["dir"] == encoder_before
    # Nothing changed since: nothing is embedded or written.
    generation = store.read_manifest(index)["generation"]
    again = api.build(docs, index, notify=quiet())
    assert again.up_to_date and again.embedded_documents == 0
    assert store.read_manifest(index)["generation"] == generation
    # Exactly one generation and one encoder folder remain.
    assert sorted(p.name[:2] for p in index.iterdir() if p.is_dir()) == ["en", "g-"]


# One sentence of 389 characters, 170 digits joined by hyphens: about 350 tokens, so both encoders
# cut its passage at the model's 256.
CODES = "The Riverside mill stamps each bag with the code " + "-".join(str(i % 10) for i in range(170)) + ".\n"


def test_a_small_update_embeds_with_the_exported_encoder(base, tmp_path):
    """A few new passages go through the index's ONNX encoder (no torch): for the passages of a
    document, the same vectors as sentence-transformers, the reference (cosine >= 0.9999), a
    passage longer than the model's 256 tokens among them."""
    docs, index = clone(base, tmp_path)
    (docs / "mill.txt").write_text(MILL + CODES, encoding="utf-8")

    report = api.build(docs, index, notify=quiet())

    assert report.encoder == "onnx" and report.embedded_documents == 1 and report.reused_documents == 2
    bot = api.QA(docs, index, update=False)
    position = [d.source for d in bot.index.documents].index("mill.txt")
    mill = bot.index.documents[position]
    rows = np.arange(mill.first_passage, mill.first_passage + mill.passage_count)
    texts = [bot.index.texts[position][s:e] for s, e in bot.index.passages[rows, 1:3].tolist()]
    from tokenizers import Tokenizer
    tokenizer = Tokenizer.from_file(str(bot.index.encoder_dir / "tokenizer.json"))
    tokenizer.no_truncation()
    assert max(len(tokenizer.encode(text).ids) for text in texts) > 300
    reference = store.passage_encoder().encode(texts)
    cosines = (reference * np.asarray(bot.index.dense.vectors[rows])).sum(axis=1)
    assert len(cosines) == 3 and np.all(cosines >= 0.9999), cosines
    assert bot.ask(MILL_QUESTION).answer.text == "3,250"


def test_a_small_update_does_not_import_torch(base, tmp_path):
    docs, index = clone(base, tmp_path)
    (docs / "mill.txt").write_text(MILL, encoding="utf-8")
    probe = ("import sys\n"
             "from qa import store\n"
             "report = store.build_index(sys.argv[1], sys.argv[2], notify=lambda message: None)\n"
             "print(report.encoder, report.embedded_passages, *(name in sys.modules for name in "
             "('torch', 'sentence_transformers', 'transformers')))\n")
    done = subprocess.run([sys.executable, "-c", probe, str(docs), str(index)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["onnx", "2", "False", "False", "False"]
    assert api.QA(docs, index, update=False).ask(MILL_QUESTION).answer.text == "3,250"


def test_a_larger_update_embeds_with_sentence_transformers(base, tmp_path, monkeypatch):
    docs, index = clone(base, tmp_path)
    monkeypatch.setattr(store, "ONNX_LIMIT", 1)
    (docs / "mill.txt").write_text(MILL, encoding="utf-8")
    report = api.build(docs, index, notify=quiet())
    assert report.encoder == "sentence-transformers" and report.embedded_passages == 2
    assert api.QA(docs, index, update=False).ask(MILL_QUESTION).answer.text == "3,250"


def test_a_damaged_encoder_is_exported_again_by_the_update(base, tmp_path):
    """An ONNX file of the right size that onnxruntime cannot load (only `verify` hashes it): the
    update falls back to sentence-transformers and exports the encoder again."""
    docs, index = clone(base, tmp_path)
    encoder = index / store.read_manifest(index)["encoder"]["dir"] / "model.onnx"
    size = encoder.stat().st_size
    encoder.unlink()  # a hard link to the base index's file: replace it, do not write through it
    encoder.write_bytes(b"\0" * size)
    (docs / "mill.txt").write_text(MILL, encoding="utf-8")
    report = api.build(docs, index, notify=quiet())
    assert report.encoder == "sentence-transformers" and report.encoder_exported
    assert api.QA(docs, index, update=False).ask(MILL_QUESTION).answer.text == "3,250"


def test_identical_documents_are_embedded_once(base, tmp_path):
    docs, index = clone(base, tmp_path)
    before = vectors_by_source(index)
    (docs / "mill.txt").write_text(MILL, encoding="utf-8")
    (docs / "mill-copy.txt").write_text(MILL, encoding="utf-8")
    (docs / "harbor-copy.txt").write_text(HARBOR, encoding="utf-8")
    report = api.build(docs, index, notify=quiet())
    assert (report.embedded_documents, report.embedded_passages, report.reused_documents) == (2, 2, 3)
    after = vectors_by_source(index)
    assert after["mill.txt"] == after["mill-copy.txt"] and len(after["mill.txt"]) == 2 * 384 * 4
    assert after["harbor-copy.txt"] == after["harbor.txt"] == before["harbor.txt"]
    store.verify(index)


def test_add_edit_remove_answers_follow(base, tmp_path):
    docs, index = clone(base, tmp_path)
    messages: list[str] = []

    (docs / "mill.txt").write_text(MILL, encoding="utf-8")
    bot = api.QA(docs, index, notify=messages.append)  # notices the change and updates first
    assert messages == ["documents changed since the index was built (1 added); updating the index"]
    result = bot.ask(MILL_QUESTION)
    assert result.answered and result.answer.source == "mill.txt" and result.answer.text == "3,250"
    check_quote(bot, result)

    (docs / "mill.txt").write_text(MILL.replace("3,250", "4,975"), encoding="utf-8")
    report = api.build(docs, index, notify=quiet())
    assert report.changed == ["mill.txt"] and report.embedded_documents == 1 and report.reused_documents == 2
    bot = api.QA(docs, index, update=False)
    result = bot.ask(MILL_QUESTION)
    assert result.answered and result.answer.text == "4,975" and result.answer.source == "mill.txt"
    check_quote(bot, result)
    assert "3,250" not in all_results_text(result)
    assert not any("3,250" in text for text in bot.index.texts)

    (docs / "mill.txt").unlink()
    report = api.build(docs, index, notify=quiet())
    assert report.removed == ["mill.txt"] and report.embedded_documents == 0 and report.documents == 2
    bot = api.QA(docs, index, update=False)
    result = bot.ask(MILL_QUESTION, top_k=10)
    assert all(p.source != "mill.txt" for p in result.passages)
    assert not result.answer or result.answer.source != "mill.txt"
    assert [d.source for d in bot.index.documents] == ["harbor.txt", "orchard.md"]
    assert len(bot.index.passages) == bot.index.dense.index.ntotal == len(bot.index.dense.vectors)


def test_renamed_document_keeps_its_vectors(base, tmp_path):
    docs, index = clone(base, tmp_path)
    before = vectors_by_source(index)
    (docs / "harbor.txt").rename(docs / "port.txt")
    report = api.build(docs, index, notify=quiet())
    assert report.embedded_documents == 0 and report.reused_documents == 2 and report.removed == ["harbor.txt"]
    assert vectors_by_source(index)["port.txt"] == before["harbor.txt"]


def test_full_rebuild_embeds_everything_again(base, tmp_path):
    docs, index = clone(base, tmp_path)
    report = api.build(docs, index, full=True, notify=quiet())
    assert (report.embedded_documents, report.reused_documents) == (2, 0)
    assert report.encoder == "sentence-transformers"  # --full: the reference encoder, however few passages
    # The encoder's every byte matched the old manifest, so even --full keeps it.
    assert not report.encoder_exported
    bot = api.QA(docs, index, update=False)
    assert bot.ask(HARBOR_QUESTION).answer.text == "2,140"


def test_a_skipped_file_that_gets_text_is_noticed(base, tmp_path):
    docs, index = clone(base, tmp_path)
    (docs / "later.txt").write_text("", encoding="utf-8")
    messages: list[str] = []
    report = api.build(docs, index, notify=messages.append)
    assert [s.source for s in report.skipped] == ["later.txt"] and messages == ["skipped later.txt: empty"]
    assert not store.staleness(docs, store.read_manifest(index)).stale
    # An update (what `qa ask` runs when documents changed) names only files newly skipped.
    (docs / "mill.txt").write_text(MILL, encoding="utf-8")
    report = api.build(docs, index, notify=messages.append)
    assert messages == ["skipped later.txt: empty"] and [s.source for s in report.skipped] == ["later.txt"]
    (docs / "later.txt").write_text(HARBOR.replace("Northport", "Southport"), encoding="utf-8")
    assert store.staleness(docs, store.read_manifest(index)).changed == ["later.txt"]
    report = api.build(docs, index, notify=messages.append)
    assert report.added == ["later.txt"] and not report.skipped and report.embedded_documents == 1


# ---------------------------------------------------------------- the command line: add, remove, show

def test_cli_add_and_remove(base, tmp_path):
    docs, index = clone(base, tmp_path)
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "mill.txt").write_text(MILL, encoding="utf-8")
    paths = ("--docs", docs, "--index", index)

    added = run_qa("index", "add", incoming / "mill.txt", *paths, cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    assert "added mill.txt" in added.stderr and "1 embedded, 2 unchanged" in added.stderr
    assert (docs / "mill.txt").read_text(encoding="utf-8") == MILL
    asked = run_qa("ask", "--json", "--no-update", MILL_QUESTION, *paths, cwd=tmp_path)
    answer = json.loads(asked.stdout)["answer"]
    assert asked.returncode == 0 and answer["source"] == "mill.txt" and answer["text"] == "3,250"

    # Same name again: an error naming the file and the way out, nothing changed.
    (incoming / "mill.txt").write_text(MILL.replace("3,250", "4,975"), encoding="utf-8")
    again = run_qa("index", "add", incoming / "mill.txt", *paths, cwd=tmp_path)
    assert again.returncode == 2
    assert again.stderr.strip().splitlines() == [f"qa: {docs / 'mill.txt'} already exists; use --force to replace it"]
    forced = run_qa("index", "add", "--force", incoming / "mill.txt", *paths, cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    asked = run_qa("ask", "--json", "--no-update", MILL_QUESTION, *paths, cwd=tmp_path)
    payload = json.loads(asked.stdout)
    assert payload["answer"]["text"] == "4,975" and "3,250" not in asked.stdout

    removed = run_qa("index", "remove", "mill.txt", *paths, cwd=tmp_path)
    assert removed.returncode == 0, removed.stderr
    assert "removed mill.txt" in removed.stderr and "1 removed" in removed.stderr
    assert not (docs / "mill.txt").exists()
    asked = run_qa("ask", "--json", "--no-update", "-k", "10", MILL_QUESTION, *paths, cwd=tmp_path)
    payload = json.loads(asked.stdout)
    assert all(p["source"] != "mill.txt" for p in payload["passages"])
    assert payload["answer"] is None or payload["answer"]["source"] != "mill.txt"


def test_cli_add_and_remove_refusals(base, tmp_path):
    docs, index = clone(base, tmp_path)
    paths = ("--docs", docs, "--index", index)
    outside = tmp_path / "outside.txt"
    outside.write_text(MILL, encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 8)
    manifest_before = (index / store.MANIFEST).read_bytes()

    cases = [
        (("index", "remove", "../outside.txt"), "must be a relative path inside the documents folder"),
        (("index", "remove", outside), "is not inside the documents folder"),
        (("index", "remove", "nothing.txt"), "no document nothing.txt in"),
        (("index", "remove", "harbor.txt", "orchard.md"), "would remove every document"),
        (("index", "remove", "."), "cannot remove the documents folder"),
        (("index", "add", outside, "--to", "../elsewhere"), "must be a relative path inside the documents folder"),
        (("index", "add", tmp_path / "photo.png"), "unsupported file type '.png'"),
        (("index", "add", tmp_path / "blob.txt"), "binary file"),
        (("index", "add", tmp_path / "missing.txt"), "no such file or folder"),
        (("index", "add", docs / "harbor.txt"), "already inside the documents folder"),
        (("index", "add", tmp_path), "it holds the documents or index folder"),
    ]
    for args, expected in cases:
        result = run_qa(*args, *paths, cwd=tmp_path)
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 2 and len(lines) == 1 and lines[0].startswith("qa: ") and expected in lines[0], \
            (args, result.returncode, result.stderr)
    assert outside.exists() and (docs / "harbor.txt").exists() and (docs / "orchard.md").exists()
    assert sorted(p.name for p in docs.iterdir()) == ["harbor.txt", "orchard.md"]
    assert (index / store.MANIFEST).read_bytes() == manifest_before


def test_add_a_folder_leaves_out_what_it_cannot_read(base, tmp_path):
    docs, index = clone(base, tmp_path)
    folder = tmp_path / "batch"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "mill.txt").write_text(MILL, encoding="utf-8")
    (folder / "notes.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "empty.md").write_text("  \n", encoding="utf-8")
    messages: list[str] = []
    added = store.add_documents(docs, [folder], to="inbox", index_dir=index, notify=messages.append)
    assert added == ["inbox/batch/sub/mill.txt"]
    assert sorted(messages) == [f"not adding {folder / 'empty.md'}: empty",
                                f"not adding {folder / 'notes.png'}: unsupported file type '.png'"]
    assert (docs / "inbox" / "batch" / "sub" / "mill.txt").read_text(encoding="utf-8") == MILL
    assert not list(docs.rglob(".*"))  # no temporary copies left behind
    assert store.remove_documents(docs, ["inbox"], []) == ["inbox"]
    assert not (docs / "inbox").exists()


def test_cli_show(base, tmp_path):
    index = base / "index"
    shown = run_qa("show", "harbor.txt:2", "--context", "1", "--index", index, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == [
        "harbor.txt:2  [lines 1-3 of 3]",
        " 1 | The Northport harbor authority reported its annual results in March.",
        ">2 | Cargo volume at Northport reached 48.6 million tonnes in 2023.",
        " 3 | The harbor employs 2,140 dock workers across four terminals.",
    ]
    whole = run_qa("show", "orchard.md", "--index", index, cwd=tmp_path)
    assert whole.returncode == 0 and whole.stdout.splitlines()[0] == "orchard.md  [lines 1-4 of 4]"
    assert whole.stdout.splitlines()[3] == " 3 | The Greenfield cooperative harvested 7,300 tonnes of apples last season."
    for args, expected in [(("harbor.txt:9",), "harbor.txt has 3 lines, not 9"),
                           (("harbour.txt:2",), "no indexed document 'harbour.txt'; did you mean harbor.txt?")]:
        result = run_qa("show", *args, "--index", index, cwd=tmp_path)
        assert result.returncode == 2 and result.stderr.strip() == f"qa: {expected}"


# ---------------------------------------------------------------- staleness on ask

def test_ask_updates_a_stale_index_unless_no_update(base, tmp_path):
    docs, index = clone(base, tmp_path)
    paths = ("--docs", docs, "--index", index)
    (docs / "harbor.txt").write_text(HARBOR.replace("2,140", "2,905"), encoding="utf-8")

    stale = run_qa("ask", "--json", "--no-update", HARBOR_QUESTION, *paths, cwd=tmp_path)
    assert stale.returncode == 0 and stale.stderr == ""
    assert json.loads(stale.stdout)["answer"]["text"] == "2,140"  # the old index, as asked

    fresh = run_qa("ask", "--json", HARBOR_QUESTION, *paths, cwd=tmp_path)
    assert fresh.returncode == 0, fresh.stderr
    assert fresh.stderr.splitlines() == ["documents changed since the index was built (1 changed); updating the index"]
    assert json.loads(fresh.stdout)["answer"]["text"] == "2,905" and "2,140" not in fresh.stdout

    again = run_qa("ask", "--json", HARBOR_QUESTION, *paths, cwd=tmp_path)
    assert again.returncode == 0 and again.stderr == ""


# ---------------------------------------------------------------- the lock

def test_second_build_waits_for_the_lock(base, tmp_path):
    docs, index = clone(base, tmp_path)
    with open(index / store.LOCK, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        process = subprocess.Popen([str(QA_BIN), "index", "build", "--docs", str(docs), "--index", str(index)],
                                   stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            first = process.stderr.readline()
            assert first.strip() == (f"another build of {index} is running; waiting for it to finish "
                                     "(Ctrl-C to stop)")
            time.sleep(0.5)
            assert process.poll() is None  # still waiting
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)
        out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert "is up to date" in err


# ---------------------------------------------------------------- readers during a build

def test_a_reader_that_raced_a_build_gets_the_new_index(base, tmp_path, monkeypatch):
    docs, index = clone(base, tmp_path)
    stale = store.read_manifest(index)
    (docs / "mill.txt").write_text(MILL, encoding="utf-8")
    api.build(docs, index, notify=quiet())  # switches, then deletes the old generation
    assert not (index / stale["generation"]).exists()
    real, calls = store.read_manifest, []

    def manifest_read_just_before_the_switch(folder):
        calls.append(folder)
        return stale if len(calls) == 1 else real(folder)

    monkeypatch.setattr(store, "read_manifest", manifest_read_just_before_the_switch)
    loaded = store.load_index(index)
    assert len(calls) == 2 and [d.source for d in loaded.documents] == ["harbor.txt", "mill.txt", "orchard.md"]


def test_readers_during_builds_see_the_old_or_the_new_index(base, tmp_path):
    import threading

    docs, index = clone(base, tmp_path)
    old, new = ["harbor.txt", "orchard.md"], ["harbor.txt", "mill.txt", "orchard.md"]
    seen, errors = [], []

    def builds():
        try:
            for n in range(4):
                if n % 2 == 0:
                    (docs / "mill.txt").write_text(MILL.replace("3,250", f"3,25{n}"), encoding="utf-8")
                else:
                    (docs / "mill.txt").unlink()
                api.build(docs, index, notify=quiet())
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    builder = threading.Thread(target=builds)
    builder.start()
    while builder.is_alive():
        loaded = store.load_index(index)
        seen.append([d.source for d in loaded.documents])
        assert len(loaded.passages) == len(loaded.dense.vectors) == loaded.dense.index.ntotal
    builder.join()
    assert not errors
    assert all(s in (old, new) for s in seen) and old in seen and new in seen


# ---------------------------------------------------------------- interrupted builds

def sentences(count: int, seed: int) -> str:
    rng = np.random.default_rng(seed)
    towns = ["Ashford", "Belmont", "Carlow", "Dunmore", "Elmstead", "Fairhaven", "Glenrock", "Hartwell"]
    goods = ["wheat", "timber", "copper", "wool", "salt", "cider", "granite", "linen"]
    return "\n".join(f"In {1800 + int(rng.integers(0, 200))} the town of {rng.choice(towns)} shipped "
                     f"{int(rng.integers(100, 99999)):,} crates of {rng.choice(goods)} to "
                     f"{rng.choice(towns)} by river barge number {i}." for i in range(count)) + "\n"


def test_kill_9_during_a_full_rebuild_leaves_the_old_index(base, tmp_path):
    docs, index = clone(base, tmp_path)
    manifest_before = (index / store.MANIFEST).read_bytes()
    for n in range(3):
        (docs / f"ledger-{n}.txt").write_text(sentences(200, n), encoding="utf-8")
    process = subprocess.Popen([str(QA_BIN), "index", "build", "--full", "--docs", str(docs), "--index", str(index)],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        line = process.stderr.readline()  # said once the model is loaded, just before encoding
        assert line.startswith("embedding ") and line.strip().endswith(" passages of 5 documents"), line
        time.sleep(1.0)
        assert process.poll() is None, "the build finished before it could be killed: make the corpus bigger"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    assert (index / store.MANIFEST).read_bytes() == manifest_before

    bot = api.QA(docs, index, update=False)
    result = bot.ask(HARBOR_QUESTION)
    assert result.answered and result.answer.text == "2,140"
    check_quote(bot, result)
    assert [d.source for d in bot.index.documents] == ["harbor.txt", "orchard.md"]

    # What a build killed while writing leaves behind goes with the next build.
    (index / ".building.x1y2z3").mkdir()
    (index / ".building.x1y2z3" / "vectors.npy").write_bytes(b"partial")
    (index / ".encoder.a1b2c3").mkdir()
    (index / ".manifest.json.q9w8e7").write_bytes(b"{")
    (index / "g-20200101T000000-abcdef").mkdir()
    for n in range(3):
        (docs / f"ledger-{n}.txt").unlink()
    report = api.build(docs, index, notify=quiet())
    assert report.up_to_date
    leftovers = sorted(p.name for p in index.iterdir())
    assert leftovers == sorted([store.LOCK, store.MANIFEST, store.read_manifest(index)["generation"],
                                store.read_manifest(index)["encoder"]["dir"]])


def test_full_disk_leaves_the_old_index(base, tmp_path, monkeypatch):
    docs, index = clone(base, tmp_path)
    (docs / "mill.txt").write_text(MILL, encoding="utf-8")
    before = names(index)
    manifest_before = (index / store.MANIFEST).read_bytes()

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    # While vectors.npy is written; mid-generation; the switch itself.
    for target, name in ((store._VectorFile, "append"), (store.dense, "build"), (store, "write_atomic")):
        with monkeypatch.context() as patch:
            patch.setattr(target, name, no_space)
            with pytest.raises(api.QAError) as caught:
                api.build(docs, index, notify=quiet())
        assert str(caught.value) == (f"no space left on the device while writing the index in {index}; "
                                     "the previous index is unchanged; free some space and run "
                                     "`qa index build` again")
        assert caught.value.exit_code == 1
        assert (index / store.MANIFEST).read_bytes() == manifest_before
        assert names(index) == before  # no new generation, no temporary folder
        bot = api.QA(docs, index, update=False)
        assert bot.ask(HARBOR_QUESTION).answer.text == "2,140"
    # With space again, the same build goes through.
    assert api.build(docs, index, notify=quiet()).added == ["mill.txt"]


def test_ctrl_c_during_a_build_leaves_the_old_index(base, tmp_path, monkeypatch):
    docs, index = clone(base, tmp_path)
    (docs / "mill.txt").write_text(MILL, encoding="utf-8")
    before = names(index)
    manifest_before = (index / store.MANIFEST).read_bytes()
    written = []

    def interrupted(folder, *args, **kwargs):
        written.extend(p.name for p in Path(folder).parent.iterdir())  # the generation half-written
        raise KeyboardInterrupt

    monkeypatch.setattr(store.lexical, "build", interrupted)
    with pytest.raises(KeyboardInterrupt):
        api.build(docs, index, notify=quiet())
    assert "vectors.faiss" in written
    assert (index / store.MANIFEST).read_bytes() == manifest_before
    assert names(index) == before
    assert api.QA(docs, index, update=False).ask(HARBOR_QUESTION).answer.text == "2,140"


# ---------------------------------------------------------------- damaged and foreign index folders

def damage_truncate_faiss(index: Path) -> str:
    path = index / store.read_manifest(index)["generation"] / "vectors.faiss"
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)
    return f"the index file {path} is damaged ("


def damage_edit_manifest(index: Path) -> str:
    path = index / store.MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["documents"][0]["passage_count"] += 1
    path.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return f"the index manifest {path} was changed after it was written (its checksum does not match)"


def damage_delete_passages(index: Path) -> str:
    path = index / store.read_manifest(index)["generation"] / "passages.npy"
    path.unlink()
    return f"the index file {path} is missing"


def damage_flip_vectors(index: Path) -> str:
    path = index / store.read_manifest(index)["generation"] / "vectors.npy"
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    return f"the index file {path} is damaged (its checksum differs from the manifest)"


def damage_counts_with_a_forged_checksum(index: Path) -> str:
    path = index / store.MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["documents"][1]["first_passage"] += 1
    manifest["checksum"] = store._manifest_checksum(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return f"the index manifest {path} has passage counts that do not add up"


def foreign_files(index: Path) -> str:
    shutil.rmtree(index)
    index.mkdir()
    (index / "holiday.jpg").write_bytes(b"\xff\xd8\xff")
    (index / "notes.txt").write_text("mine", encoding="utf-8")
    return f"{index} is not a qa index folder (it holds holiday.jpg, notes.txt)"


def foreign_manifest(index: Path) -> str:
    shutil.rmtree(index)
    index.mkdir()
    (index / "manifest.json").write_text('{"name": "some web app", "version": 3}', encoding="utf-8")
    return f"{index} does not hold a qa index (manifest.json is not a qa manifest)"


@pytest.mark.parametrize("damage", [damage_truncate_faiss, damage_edit_manifest, damage_delete_passages,
                                    damage_flip_vectors, damage_counts_with_a_forged_checksum,
                                    foreign_files, foreign_manifest])
def test_damaged_or_foreign_index_is_one_clear_line(base, tmp_path, damage):
    docs, index = clone(base, tmp_path)
    expected = damage(index)
    paths = ("--docs", docs, "--index", index)
    for command in (("ask", "--no-update", HARBOR_QUESTION), ("index", "status"), ("show", "harbor.txt:1")):
        result = run_qa(*command, *paths[2:] if command[0] == "show" else paths, cwd=tmp_path)
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 1 and len(lines) == 1 and result.stdout == "", (command, result.stderr)
        assert lines[0].startswith("qa: " + expected), (command, lines[0])
        assert "qa index build --full" in lines[0]


def test_foreign_folder_is_not_built_over_without_full(base, tmp_path):
    docs, index = clone(base, tmp_path)
    foreign_files(index)
    refused = run_qa("index", "build", "--docs", docs, "--index", index, cwd=tmp_path)
    assert refused.returncode == 1 and refused.stderr.startswith(f"qa: {index} is not a qa index folder")
    assert sorted(p.name for p in index.iterdir()) == ["holiday.jpg", "notes.txt"]  # not even a lock file


def test_damaged_index_is_rebuilt_by_the_next_build(base, tmp_path):
    docs, index = clone(base, tmp_path)
    damage_flip_vectors(index)
    messages: list[str] = []
    report = api.build(docs, index, notify=messages.append)
    assert report.embedded_documents == 2 and report.reused_documents == 0  # nothing damaged is reused
    assert len(messages) == 1 and "is damaged" in messages[0] and "embedding every document again" in messages[0]
    store.verify(index)
    damage_edit_manifest(index)
    report = api.build(docs, index, notify=messages.append)
    assert report.embedded_documents == 2 and report.encoder_exported  # an edited manifest vouches for nothing
    assert api.QA(docs, index, update=False).ask(HARBOR_QUESTION).answer.text == "2,140"


def test_old_format_index_asks_for_a_rebuild(base, tmp_path):
    docs, index = clone(base, tmp_path)
    path = index / store.MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["version"] = 1
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(store.IndexMismatchError, match=r"format version 1, this qa reads version 2; "
                                                      r"rebuild it with `qa index build --full`"):
        store.load_index(index)


# ---------------------------------------------------------------- no documents, no pickle

def test_no_readable_documents_is_a_usage_error(tmp_path):
    (tmp_path / "docs").mkdir()
    empty = run_qa("index", "build", "--docs", "docs", "--index", "index", cwd=tmp_path)
    assert empty.returncode == 2
    assert empty.stderr.strip() == ("qa: no readable documents in docs; add .txt, .md, .html, .pdf or .docx "
                                    "files (`qa index add FILE`)")
    (tmp_path / "docs" / "blob.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "docs" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    junk = run_qa("index", "build", "--docs", "docs", "--index", "index", cwd=tmp_path)
    assert junk.returncode == 2
    assert junk.stderr.strip().splitlines() == [
        "skipped blob.txt: binary file, skipped",
        "skipped logo.png: unsupported file type '.png'",
        "qa: no readable documents in docs (2 skipped); add .txt, .md, .html, .pdf or .docx files "
        "(`qa index add FILE`)",
    ]
    assert not (tmp_path / "index" / store.MANIFEST).exists()


def test_no_pickle_in_the_index(base):
    index = base / "index"
    files = [p for p in index.rglob("*") if p.is_file()]
    npy = [p for p in files if p.suffix == ".npy"]
    assert len(npy) >= 5
    for path in npy:
        np.load(path, allow_pickle=False)
    assert not [p for p in files if p.suffix in (".pkl", ".pickle", ".pt", ".bin", ".joblib")]
    for path in files:  # no pickle stream anywhere, whatever the file is called
        head = path.read_bytes()[:2]
        assert not (head[:1] == b"\x80" and head[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05")), path
    store.verify(index)
