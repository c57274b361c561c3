"""Nothing breaks it: hostile questions, hostile batches, a damaged index, no code from data.

The property tests ask thousands of generated questions of one in-process QA and check, for
every one: a Result or a QAError with a one-line message; every quote (answer, passages,
figures) is the stored document text at its offsets; the JSON rendering is strict JSON that
round-trips. QA_HYPOTHESIS_SCALE=10 asks ten times as many; QA_BATCH_LINES sets the size of the
long batch (10,000 lines by default, about three minutes).
"""
from __future__ import annotations

import fnmatch
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
import tokenize
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis.control import currently_in_test_context
from hypothesis import strategies as st

from qa.api import MAX_QUESTION_CHARS, QA, QAError, Result, UsageError
from qa.cli import _parse_batch_line
from qa.render import Style, to_json, to_text
from support import REPO, qa_command, qa_env, run_qa

SCALE = float(os.environ.get("QA_HYPOTHESIS_SCALE", "1"))
BATCH_LINES = int(os.environ.get("QA_BATCH_LINES", "10000"))  # the issue asks for 10,000 in one run
CREDIT_QUESTION = "How much cumulative credit has the bank provided to the Sichuan-Chongqing Gaozhu New Area?"
CREDIT_ANSWER = "460 million yuan"
AGREEMENT = "chongqing-boc-chengdu-chongqing-agreement.txt"


def examples(n: int) -> int:
    return max(10, int(n * SCALE))


SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# ---------------------------------------------------------------- running qa (as in test_cli)

def assert_one_error_line(done: subprocess.CompletedProcess, code: int) -> str:
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == code, (done.returncode, done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("qa: ") and "internal error" not in lines[0], done.stderr
    assert done.stdout == ""
    return lines[0]


@pytest.fixture(scope="session")
def bot(corpus) -> QA:
    docs, index = corpus
    return QA(docs, index, update=False)


# ---------------------------------------------------------------- the invariants of one answer

def _event(name: str) -> None:
    if currently_in_test_context():  # shown by --hypothesis-show-statistics
        event(name)


def check_answer(bot: QA, question: str, top_k: int = 3, source: str | None = None,
                 search_text: str | None = None) -> Result | None:
    """Ask, and check everything a user relies on; None when refused with a clear message."""
    try:
        result = bot.ask(question, top_k=top_k, source=source, search_text=search_text)
    except QAError as exc:
        message = str(exc)
        assert message and "\n" not in message and message == message.strip()
        _event("refused")
        return None
    _event("answered" if result.answered else "not answered")
    assert isinstance(result, Result)
    texts = {d.source: bot.index.texts[i] for i, d in enumerate(bot.index.documents)}
    assert isinstance(result.answered, bool) and 0.0 <= result.confidence <= 1.0
    if result.answered:
        assert result.answer is not None
    if result.answer is not None:
        a = result.answer
        assert texts[a.source][a.start:a.end] == a.text and a.text
        assert result.line == texts[a.source].count("\n", 0, a.start) + 1
    assert len(result.passages) <= top_k
    assert [p.rank for p in result.passages] == list(range(1, len(result.passages) + 1))
    for p in result.passages:
        text = texts[p.source]
        assert 0 <= p.start <= p.focus_start < p.focus_end <= p.end <= len(text)
        assert text[p.start:p.end] == p.text
        for f in p.figures:
            assert p.start <= f.start < f.end <= p.end and text[f.start:f.end] == f.text
        if source:
            assert fnmatch.fnmatchcase(p.source, source) or fnmatch.fnmatchcase(Path(p.source).name, source)
    payload = to_json(result)
    encoded = json.dumps(payload, ensure_ascii=False, allow_nan=False)  # strict JSON, as the CLI prints it
    encoded.encode("utf-8")  # printable: no lone surrogates
    assert json.loads(encoded) == payload
    assert json.loads(json.dumps(payload)) == payload
    shown = to_text(result, Style(False), width=80)
    assert isinstance(shown, str) and shown.strip()
    shown.encode("utf-8")
    return result


# ---------------------------------------------------------------- generated questions

def _vocabulary() -> list[str]:
    words = set()
    for path in sorted((REPO / "docs").iterdir()):
        words.update(re.findall(r"[\w’'-]+", path.read_text(encoding="utf-8")))
    return sorted(words)


VOCABULARY = _vocabulary()
LEADS = ["How much", "How many", "When", "When did", "What percent of", "What share of", "Who", "Which",
         "What is the", "How long", "In what year", "For how many years", "How far", "and", "what about",
         "And for the", "", "how MUCH", "HOW MANY", "Since when"]
NUMBERS = st.from_regex(r"[0-9]{1,4}([.,][0-9]{1,3})?%?", fullmatch=True)
SENTENCES = [s.split() for path in sorted((REPO / "docs").iterdir())
             for s in re.split(r"(?<=[.!?])\s+", path.read_text(encoding="utf-8")) if len(s.split()) > 3]
ENDINGS = st.sampled_from(["?", "", "?!", " ?", "...", "？", "?\n", "\t"])
QUESTIONS = st.builds(
    lambda lead, words, end: " ".join([lead, *words]) + end,
    st.sampled_from(LEADS),
    st.lists(st.sampled_from(VOCABULARY) | NUMBERS | st.text(min_size=1, max_size=6), max_size=14),
    ENDINGS,
) | st.builds(  # words of a real sentence: questions the documents often do answer
    lambda lead, words, start, length, end: " ".join([lead, *words[start % len(words):][:length]]) + end,
    st.sampled_from(LEADS), st.sampled_from(SENTENCES), st.integers(0, 40), st.integers(1, 12), ENDINGS,
)
PATTERNS = st.sampled_from(["*", "*.txt", "boc-*", AGREEMENT, "*agreement*", "[bc]*", "*/*", "nomatch*",
                            "../docs/*", "/etc/passwd", "*.TXT"])
SOURCES = st.none() | st.just("") | PATTERNS
HOSTILE_CHARACTERS = st.characters(categories=["Cc", "Cf", "Cs", "Co", "Zl", "Zp", "Zs", "Mn", "So", "Sk"]) \
    | st.sampled_from(list("\u202e\u202d\u200f\u200e\u2066\u2069\ufeff\u200b\ufffd🙂👨‍👩‍👧中国银行重庆?%$¥€.,;'\"<>&"))
HOSTILE_FRAGMENTS = st.sampled_from([
    "'; DROP TABLE documents; --", "<script>alert(1)</script>", "<b>", "&amp;", "{{7*7}}", "${jndi:x}",
    "%s%s%n", "\\x00", "../../etc/passwd", "--json", "-", "NaN", "null", "1e999", "0x1F", "１２３",
    "٣٤٥", "Ⅻ", "𝟗", "½", "²", "ﬃ", "İ", "ß", "how much", "how many", "when", "\r\n", "\u2028",
])


@settings(max_examples=examples(500), **SETTINGS)
@given(question=st.text(max_size=300))
def test_any_text_gets_an_answer_or_a_clear_refusal(bot, question):
    result = check_answer(bot, question)
    if result is None:
        assert not question.strip()  # the only refusal of a short text: it is empty


@settings(max_examples=examples(800), **SETTINGS)
@given(question=QUESTIONS, top_k=st.integers(1, 12), source=SOURCES)
def test_question_like_text_keeps_every_quote_verbatim(bot, question, top_k, source):
    result = check_answer(bot, question, top_k, source)
    bad_source = source is not None and source != "" and (
        source.startswith("/") or ".." in source or source in ("nomatch*", "*/*", "*.TXT"))
    if result is None:
        assert bad_source or not question.strip()
    else:
        assert not bad_source


@settings(max_examples=examples(300), **SETTINGS)
@given(parts=st.lists(st.text(HOSTILE_CHARACTERS, min_size=1, max_size=8) | HOSTILE_FRAGMENTS
                      | st.sampled_from(VOCABULARY), min_size=1, max_size=20))
def test_control_characters_bidi_surrogates_emoji_and_markup(bot, parts):
    question = " ".join(parts)
    result = check_answer(bot, question)
    if result is not None:  # asked, with any lone surrogate made U+FFFD
        assert not re.search("[\ud800-\udfff]", result.question)


@settings(max_examples=examples(120), **SETTINGS)
@given(question=QUESTIONS, search_text=st.text(max_size=200) | QUESTIONS)
def test_follow_up_search_text_is_as_safe_as_the_question(bot, question, search_text):
    check_answer(bot, question, search_text=search_text)


@settings(max_examples=examples(60), **SETTINGS)
@given(question=QUESTIONS | st.text(max_size=80), top_k=st.integers(1, 6))
def test_the_same_question_gets_the_same_answer(bot, question, top_k):
    first = check_answer(bot, question, top_k)
    second = check_answer(bot, question, top_k)
    assert (first is None) == (second is None)
    if first is not None:
        assert to_json(first) == to_json(second)


@settings(max_examples=examples(40), **SETTINGS)
@given(length=st.integers(MAX_QUESTION_CHARS - 3, MAX_QUESTION_CHARS + 3),
       unit=st.sampled_from(["how much ", "credit bank loan yuan ", "a", "中", "🙂", "1,2 ", "how many x "]))
def test_the_length_limit_is_exact_and_clear(bot, length, unit):
    question = (unit * (length // len(unit) + 1))[:length]
    if not question.strip():
        return
    result = check_answer(bot, question)  # how long these take: bench/speed.py ("hostile")
    assert (result is None) == (len(question) > MAX_QUESTION_CHARS)


@settings(max_examples=examples(1500), **SETTINGS)
@given(pattern=st.text(max_size=30) | SOURCES | st.builds(lambda a, b: a + b, PATTERNS, st.text(max_size=5)))
def test_any_source_glob_is_matched_or_refused_clearly(bot, pattern):
    try:
        rows = bot.rows_for_source(pattern)
    except UsageError as exc:
        assert "\n" not in str(exc) and "--source" in str(exc)
        return
    if not pattern:
        assert rows is None
        return
    assert not pattern.startswith("/") and ".." not in Path(pattern).parts
    assert len(rows) > 0 and len(set(rows.tolist())) == len(rows)
    assert 0 <= rows.min() and rows.max() < len(bot.index.passages)


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                           max_leaves=12)


@settings(max_examples=examples(3000), **SETTINGS)
@given(line=st.text(max_size=200) | JSON_VALUES.map(json.dumps)
       | st.dictionaries(st.sampled_from(["question", "source", "top_k"]), JSON_VALUES).map(json.dumps)
       | st.builds(lambda q, s: json.dumps({"question": q, "source": s}), st.text(max_size=40), st.none() | st.text(max_size=10))
       | st.integers(0, 1500).map(lambda n: "{" * n) | st.integers(0, 1500).map(lambda n: '{"question": ' + "[" * n))
def test_every_batch_line_parses_to_a_question_or_an_error(line):
    question, source, error = _parse_batch_line(line, None)
    assert isinstance(question, str)
    assert source is None or isinstance(source, str)
    assert error is None or (isinstance(error, str) and error and "\n" not in error)
    if error is None and line.lstrip().startswith("{"):
        item = json.loads(line)
        assert question == item["question"] and source == item.get("source")
    if not line.lstrip().startswith("{"):
        assert (question, source, error) == (line, None, None)


# ---------------------------------------------------------------- named hostile questions

NAMED = {
    "empty": "", "blank": "  \t ", "newlines": "\r\n\n", "nul": "\x00", "controls": "\x01\x02\x1b[31mred\x07\x7f",
    "emoji": "🙂👍🏽👨‍👩‍👧 how much? 💰", "chinese": "中国银行重庆市分行提供了多少信贷？", "sql": "'; DROP TABLE documents; --",
    "html": "<script>alert('x')</script><b>How much credit?</b>", "digits": "1234567890", "decimal": "460",
    "option": "--json", "dash": "-", "rtl": "\u202eHow much credit\u202c?", "marks": "\u200f\u200e\u2066\u2069",
    "bom": "\ufeffHow much cumulative credit?", "fullwidth": "ＨＯＷ ＭＵＣＨ ｃｒｅｄｉｔ？",
    "surrogate": "\ud800", "escaped bytes": "How much credit \udcff\udcfe?", "percent": "%", "question mark": "?",
    "format string": "%s %n {0} {question}", "template": "{{7*7}} ${7*7}", "path": "../../../etc/passwd",
    "backslashes": "\\" * 500, "repeated kind": "how much " * 200, "long word": "x" * MAX_QUESTION_CHARS,
    "too long": "a" * 100_000, "too long spaces": " " * 50 + "how much " * 20_000, "arabic digits": "كم ٣٤٥ مليون؟",
    "combining": "how much cre\u0301\u0301\u0301dit?", "zalgo": "h̸̡̛o̶w̷ m̵u̶c̸h̸", "json": '{"question": "x"}',
}


@pytest.mark.parametrize("question", list(NAMED.values()), ids=list(NAMED))
def test_named_hostile_question(bot, question):
    if check_answer(bot, question) is None:  # refused: only for being empty or too long
        with pytest.raises(UsageError, match=r"^the question is (empty$|too long \()"):
            bot.ask(question)
        assert not question.strip() or len(question) > MAX_QUESTION_CHARS


def test_empty_and_too_long_are_refused_in_so_many_words(bot):
    for blank in ("", " ", "\n\t"):
        with pytest.raises(UsageError, match="^the question is empty$"):
            bot.ask(blank)
    with pytest.raises(UsageError, match=r"^the question is too long \(100,000 characters; at most 2,000\)$"):
        bot.ask("a" * 100_000)
    with pytest.raises(UsageError, match="top_k"):
        bot.ask(CREDIT_QUESTION, top_k=0)


def test_lone_surrogates_are_replaced_not_fatal(bot):
    result = bot.ask("How much cumulative credit \udcff has the bank provided to the Gaozhu New Area?")
    assert "\ufffd" in result.question and result.answer.text == CREDIT_ANSWER


# ---------------------------------------------------------------- hostile input through the command

ARGUMENTS = {
    "controls": "how much\x01\x1b[2J credit\x07", "emoji": "🙂 how much credit? 💰", "chinese": "重庆银行信贷多少？",
    "sql": "1; DROP TABLE x", "html": "<img src=x onerror=alert(1)>", "digits": "2023", "rtl": "\u202ehow much\u202c",
    "option-like": "--json", "short option": "-k", "newline": "how much\ncredit",
}


@pytest.mark.parametrize("question", list(ARGUMENTS.values()), ids=list(ARGUMENTS))
def test_hostile_argument(where, question):
    done = run_qa("ask", "--json", *where, "--", question)
    assert done.returncode in (0, 1), done.stderr
    assert done.stderr == ""
    assert json.loads(done.stdout)["question"] == question


def test_undecodable_bytes_in_the_argument(where):
    done = subprocess.run(qa_command() + ["ask", "--json", *where, b"How much cumulative credit \xff\xfe has the "
                                          b"bank provided to the Gaozhu New Area?"], capture_output=True,
                          env=qa_env(), timeout=300)
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    payload = json.loads(done.stdout.decode("utf-8"))
    assert "\ufffd" in payload["question"] and payload["answer"]["text"] == CREDIT_ANSWER


def test_an_output_encoding_that_cannot_show_the_answer(where):
    done = run_qa("ask", "--json", *where, "-", stdin=CREDIT_QUESTION + "\n", env=qa_env(PYTHONIOENCODING="latin-1"))
    line = assert_one_error_line(done, 1)
    assert "in this output's encoding (latin-1)" in line and "PYTHONIOENCODING=utf-8" in line


def test_a_100_kb_argument(where):
    line = assert_one_error_line(run_qa("ask", *where, "how much credit " * 6400), 2)
    assert line == "qa: the question is too long (102,400 characters; at most 2,000)"


def test_a_megabyte_line_on_stdin(where):
    huge = ("how much credit " * 65536)[: 2**20]
    done = run_qa("ask", "--json", *where, "-", stdin=f"{CREDIT_QUESTION}\n{huge}\n{CREDIT_QUESTION}\n")
    assert done.returncode == 0 and done.stderr == "", done.stderr[-500:]
    first, refused, last = (json.loads(line) for line in done.stdout.splitlines())
    assert first["answer"]["text"] == last["answer"]["text"] == CREDIT_ANSWER
    assert refused["answered"] is False and refused["error"].startswith("the question is too long (1,048,576 ")


@pytest.mark.parametrize("encoding", ["utf-8:strict", "utf-8:surrogateescape", "ascii:strict"])
def test_undecodable_bytes_on_stdin(where, encoding):
    """Whatever the locale says, a bad byte spoils only its own line (stdin is read as bytes)."""
    stdin = (b"How much cumulative credit \xff\xfe\xc3 has the bank provided to the Gaozhu New Area?\n"
             b"\xed\xa0\x80\x80\n" + CREDIT_QUESTION.encode() + b"\n")
    done = run_qa("ask", "--json", *where, "-", stdin=stdin, env=qa_env(PYTHONIOENCODING=encoding))
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    payloads = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(payloads) == 3
    assert "\ufffd" in payloads[0]["question"] and payloads[0]["answer"]["text"] == CREDIT_ANSWER
    assert payloads[2]["answer"]["text"] == CREDIT_ANSWER


def test_every_batch_line_gets_exactly_one_json_line_in_order(where, corpus):
    lines = [
        CREDIT_QUESTION,                                      # answered
        "",                                                   # blank: an error line, not silence
        "   \t",                                              # blank too
        "{not json",                                          # malformed JSON
        '{"question": 42}',                                   # wrong type
        '{"question": "How much credit?", "source": 7}',      # wrong type of source
        '{"source": "*"}',                                    # no question
        json.dumps({"question": CREDIT_QUESTION, "source": "../docs/*"}),     # outside the documents
        json.dumps({"question": CREDIT_QUESTION, "source": "/etc/passwd"}),   # absolute
        json.dumps({"question": CREDIT_QUESTION, "source": "*.pdf"}),         # matches nothing
        json.dumps({"question": CREDIT_QUESTION, "source": AGREEMENT}),       # fine, restricted
        json.dumps({"question": ""}),                         # empty question in JSON
        '{"question": "' + "x" * 3000 + '"}',                 # too long
        "{" * 5000,                                           # nested too deeply
        '["a list", "is a question"]',                        # does not start with {: a question
        "null",
        "How many projects\x00 are listed?",                  # NUL inside
        "How much cumulative credit has the bank provided to the Gaozhu New Area?\r",  # CRLF
        "🙂" * 100,
        CREDIT_QUESTION,
    ]
    errors = {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13}
    done = run_qa("ask", "--json", *where, "-", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    outputs = done.stdout.split("\n")
    assert outputs[-1] == "" and len(outputs) - 1 == len(lines)
    payloads = [json.loads(line) for line in outputs[:-1]]
    for number, (line, payload) in enumerate(zip(lines, payloads)):
        assert {"question", "answered", "answer", "passages"} <= set(payload)
        assert ("error" in payload) == (number in errors), (number, line, payload)
        if "error" in payload:
            assert payload["answered"] is False and payload["answer"] is None and payload["passages"] == []
            assert payload["error"] and "\n" not in payload["error"] and "internal error" not in payload["error"]
    assert payloads[0]["answer"]["text"] == payloads[-1]["answer"]["text"] == CREDIT_ANSWER
    assert payloads[1]["error"] == payloads[2]["error"] == payloads[11]["error"] == "the question is empty"
    assert payloads[3]["question"] == "{not json" and payloads[3]["error"].startswith("not valid JSON")
    assert "inside the documents folder" in payloads[7]["error"] and "inside the documents folder" in payloads[8]["error"]
    assert "no indexed document matches" in payloads[9]["error"]
    assert {p["source"] for p in payloads[10]["passages"]} == {AGREEMENT}
    assert payloads[12]["error"].startswith("the question is too long")
    assert payloads[14]["question"] == '["a list", "is a question"]'
    assert payloads[17]["question"].endswith("Area?") and payloads[17]["answer"]["text"] == CREDIT_ANSWER


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _batch_questions(count: int) -> list[str]:
    rng = random.Random(7)
    templates = ["How many {} in {}?", "How much {} did the {} provide in {}?", "When was the {} {} held?",
                 "What percent of {} {} in {}?", "Who leads the {} {}?", "{} {} {}", "And the {}?"]
    lines = []
    for i in range(count):
        template = rng.choice(templates)
        words = [rng.choice(VOCABULARY) if rng.random() < 0.8 else str(rng.randint(1, 99999))
                 for _ in range(template.count("{}"))]
        line = template.format(*words)
        if i % 97 == 0:
            line = json.dumps({"question": line, "source": rng.choice(["boc-*", AGREEMENT, "../x", "*.none"])})
        elif i % 89 == 0:
            line = "{broken"
        lines.append(line)
    return lines


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc to read the child's memory")
def test_a_long_batch_keeps_its_memory_and_its_count(where, tmp_path):
    """BATCH_LINES questions in one process: one valid JSON line each, in order, and no memory
    growth once warm (the peak RSS of the second half is not above that of the first half)."""
    lines = _batch_questions(BATCH_LINES)
    questions = tmp_path / "questions.txt"
    questions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    with questions.open("rb") as stdin:
        child = subprocess.Popen(qa_command() + ["ask", "--json", *where, "-"], stdin=stdin,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=qa_env())
        samples: list[tuple[int, int]] = []
        count = 0
        try:
            for raw in child.stdout:
                payload = json.loads(raw)
                expected = lines[count]
                if not expected.startswith("{"):
                    assert payload["question"] == expected
                count += 1
                if count % 20 == 0:
                    samples.append((count, _rss_kb(child.pid)))
            stderr = child.stderr.read().decode("utf-8", "replace")
        finally:
            if child.poll() is None:
                child.kill()
        assert child.wait(timeout=60) == 0, stderr
    seconds = time.perf_counter() - started
    assert count == len(lines), (count, len(lines))
    assert stderr == ""
    warm = [rss for n, rss in samples if n > count * 0.1]
    first, second = warm[: len(warm) // 2], warm[len(warm) // 2:]
    growth_mb = (max(second) - max(first)) / 1024
    print(f"\n{count} questions in {seconds:.1f} s ({1000 * seconds / count:.1f} ms each); peak RSS "
          f"{max(first) / 1024:.0f} MB in the first half, {max(second) / 1024:.0f} MB in the second")
    assert growth_mb < 8, f"RSS grew by {growth_mb:.1f} MB between the halves of the batch"


# ---------------------------------------------------------------- a damaged index, from the question side

def _copy_index(index: Path, target: Path) -> Path:
    """A private copy to damage; files over a megabyte (the model) are linked, never written."""
    def copy(src, dst):
        if os.path.getsize(src) > 2**20:
            os.symlink(os.path.realpath(src), dst)
        else:
            shutil.copyfile(src, dst)
    shutil.copytree(index, target, copy_function=copy)
    return target


def _generation(index: Path) -> Path:
    return index / json.loads((index / "manifest.json").read_text(encoding="utf-8"))["generation"]


def _reseal(index: Path, manifest: dict, changed: list[Path]) -> None:
    """Forge a consistent manifest: the checksums of the changed files, and of the manifest itself."""
    import hashlib

    from qa import store
    for path in changed:
        name = path.relative_to(index).as_posix()
        manifest["files"][name] = {"size": path.stat().st_size, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    if hasattr(store, "_manifest_checksum") and "checksum" in manifest:
        manifest["checksum"] = store._manifest_checksum(manifest)
    (index / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")


def _truncate_faiss(index: Path) -> None:
    path = _generation(index) / "vectors.faiss"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _garble_faiss(index: Path) -> None:
    path = _generation(index) / "vectors.faiss"
    path.write_bytes(b"\x00" * path.stat().st_size)


def _forge_faiss(index: Path) -> None:
    path = _generation(index) / "vectors.faiss"
    path.write_bytes(b"not a faiss index at all")
    _reseal(index, json.loads((index / "manifest.json").read_text()), [path])


def _edit_manifest(index: Path) -> None:
    manifest = json.loads((index / "manifest.json").read_text())
    manifest["documents"][0]["passage_count"] -= 1
    (index / "manifest.json").write_text(json.dumps(manifest, indent=1))


def _truncate_manifest(index: Path) -> None:
    data = (index / "manifest.json").read_bytes()
    (index / "manifest.json").write_bytes(data[: len(data) // 2])


def _forge_counts(index: Path) -> None:
    """One vector fewer than passages, with every checksum made to agree."""
    path = _generation(index) / "vectors.npy"
    np.save(path, np.load(path, allow_pickle=False)[:-1])
    _reseal(index, json.loads((index / "manifest.json").read_text()), [path])


def _forge_offsets(index: Path) -> None:
    """A passage that ends past its document's text, with every checksum made to agree."""
    path = _generation(index) / "passages.npy"
    passages = np.load(path, allow_pickle=False)
    passages[0, 2] = 10**9
    np.save(path, passages)
    _reseal(index, json.loads((index / "manifest.json").read_text()), [path])


def _forge_passage_counts(index: Path) -> None:
    manifest = json.loads((index / "manifest.json").read_text())
    manifest["documents"][0]["passage_count"] -= 1
    _reseal(index, manifest, [])


def _remove_texts(index: Path) -> None:
    (_generation(index) / "texts.jsonl").unlink()


def _empty_bm25(index: Path) -> None:
    for path in (_generation(index) / "bm25").iterdir():
        path.write_bytes(b"")


FAULTS = {"truncated faiss": _truncate_faiss, "zeroed faiss": _garble_faiss, "forged faiss": _forge_faiss,
          "edited manifest": _edit_manifest, "truncated manifest": _truncate_manifest,
          "vectors one short": _forge_counts, "offsets past the text": _forge_offsets,
          "forged passage counts": _forge_passage_counts, "texts missing": _remove_texts,
          "bm25 emptied": _empty_bm25}


@pytest.mark.parametrize("damage", list(FAULTS.values()), ids=list(FAULTS))
def test_a_damaged_index_is_refused_never_half_read(corpus, tmp_path, damage):
    docs, index = corpus
    copy = _copy_index(index, tmp_path / "index")
    damage(copy)
    done = run_qa("ask", "--no-update", "--json", "--docs", str(docs), "--index", str(copy), CREDIT_QUESTION)
    line = assert_one_error_line(done, 1)
    assert "index" in line and ("rebuild" in line or "qa index build" in line), line


@pytest.mark.parametrize("damage", [_truncate_faiss, _forge_counts], ids=["truncated faiss", "vectors one short"])
def test_a_damaged_index_is_refused_with_updates_on(corpus, tmp_path, damage):
    """The documents did not change, so nothing is rebuilt: the damage is reported."""
    docs, index = corpus
    copy = _copy_index(index, tmp_path / "index")
    damage(copy)
    done = run_qa("ask", "--docs", str(docs), "--index", str(copy), CREDIT_QUESTION)
    if done.returncode == 0:  # a self-repairing index is fine too, if it says so and answers right
        assert "rebuild" in done.stderr.lower() and done.stdout.startswith(CREDIT_ANSWER)
    else:
        assert_one_error_line(done, 1)


# ---------------------------------------------------------------- no code from data

BANNED_NAMES = {"pickle", "cPickle", "_pickle", "dill", "joblib", "shelve", "marshal", "cloudpickle",
                "eval", "exec", "compile", "__import__", "execfile"}


def _banned_uses(path: Path) -> list[str]:
    """Names that run code from data, as code (comments and strings do not count; `x.eval()`,
    a method of some object such as torch's Module.eval, does not either)."""
    found = []
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
              if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)]
    for i, token in enumerate(tokens):
        after_dot = i > 0 and tokens[i - 1].string == "."
        if token.type == tokenize.NAME and token.string in BANNED_NAMES and not after_dot:
            found.append(f"{path.name}:{token.start[0]}: {token.string}")
        if token.string == "allow_pickle" and i + 2 < len(tokens) and tokens[i + 2].string != "False":
            found.append(f"{path.name}:{token.start[0]}: allow_pickle={tokens[i + 2].string}")
        if token.string == "load" and after_dot and i > 1 and tokens[i - 2].string in ("torch", "pickle", "yaml"):
            found.append(f"{path.name}:{token.start[0]}: {tokens[i - 2].string}.load")
    return found


def test_no_code_from_data_in_the_package():
    files = sorted((REPO / "qa").rglob("*.py"))
    assert len(files) > 5
    found = [use for path in files for use in _banned_uses(path)]
    assert found == [], "code that could run data: " + ", ".join(found)


def test_the_scanner_finds_what_it_looks_for(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import pickle  # pickle in a comment is fine\n"
                      "x = eval('1')\nnp.load(p, allow_pickle=True)\nmodel.eval()\n"
                      "s = 'exec(' \ntorch.load(p)\n", encoding="utf-8")
    assert [use.split(": ")[1] for use in _banned_uses(sample)] == ["pickle", "eval", "allow_pickle=True", "torch.load"]


def test_every_numpy_file_of_the_index_loads_without_pickle(corpus):
    _, index = corpus
    arrays = list(index.rglob("*.npy"))
    assert arrays
    for path in arrays:
        assert np.load(path, allow_pickle=False).dtype != object
    assert not [p for p in index.rglob("*") if p.suffix in (".pkl", ".pickle", ".pt", ".bin", ".joblib")]
