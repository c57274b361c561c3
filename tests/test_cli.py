"""The `qa` command as a user runs it: every command and error path, through a real process.

Each error path must end with one line on stderr that starts with "qa:" (click's own usage errors
print click's usage block instead) and never with a traceback. QA_DEBUG=1 is set for every run,
so that an unexpected exception shows as a traceback here and fails the test loudly.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import REPO, qa_command, qa_env, run_qa

CREDIT_QUESTION = "How much cumulative credit has the bank provided to the Sichuan-Chongqing Gaozhu New Area?"
CREDIT_ANSWER = "460 million yuan"
CIIE_QUESTION = "When were the CIIE activities held?"
ABSENT_QUESTION = "How many moons does Jupiter have?"
AGREEMENT = "chongqing-boc-chengdu-chongqing-agreement.txt"

RESULT_KEYS = {"question", "answered", "answer", "kind", "confidence", "passages"}
ANSWER_KEYS = {"text", "source", "start", "end", "kind", "line"}
PASSAGE_KEYS = {"rank", "score", "source", "start", "end", "text", "line", "figures"}
FIGURE_KEYS = {"text", "start", "end", "kind"}


# ---------------------------------------------------------------- running qa

def assert_one_error_line(done: subprocess.CompletedProcess, code: int, *, stdout_empty: bool = True) -> str:
    """The error contract: exit `code`, exactly one non-empty line on stderr starting with "qa:"."""
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    assert done.returncode == code, (done.returncode, done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("qa: ") and lines[0][4:].strip(), done.stderr
    assert "internal error" not in lines[0]
    if stdout_empty:
        assert done.stdout == ""
    return lines[0]


def assert_click_usage_error(done: subprocess.CompletedProcess) -> None:
    """Click's usage errors: exit 2, its usage block and an "Error:" line, no traceback."""
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("Usage: qa") and "Error:" in done.stderr, done.stderr
    assert done.stdout == ""


# ---------------------------------------------------------------- the index, built once

@pytest.fixture(scope="session")
def doc_texts(corpus) -> dict[str, str]:
    """The documents as files on disk: every quote must be their text at its offsets."""
    docs, _ = corpus
    return {p.name: p.read_text(encoding="utf-8") for p in docs.iterdir() if p.is_file()}


def assert_quotes_verbatim(payload: dict, texts: dict[str, str]) -> None:
    answer = payload["answer"]
    if answer is not None:
        assert texts[answer["source"]][answer["start"]:answer["end"]] == answer["text"]
        assert texts[answer["source"]].count("\n", 0, answer["start"]) + 1 == answer["line"]
    for p in payload["passages"]:
        text = texts[p["source"]]
        assert text[p["start"]:p["end"]] == p["text"]
        for f in p["figures"]:
            assert text[f["start"]:f["end"]] == f["text"]
            assert p["start"] <= f["start"] < f["end"] <= p["end"]


# ---------------------------------------------------------------- help

def test_help_lists_every_command():
    done = run_qa("--help")
    assert done.returncode == 0 and done.stderr == ""
    for command in ("ask", "chat", "eval", "index"):
        assert f"  {command} " in done.stdout, done.stdout


def test_no_arguments_shows_help_not_a_traceback():
    done = run_qa()
    assert done.returncode in (0, 2) and "Traceback" not in done.stderr
    assert "ask" in done.stdout + done.stderr


@pytest.mark.parametrize("command", [["ask"], ["index"], ["index", "status"], ["eval"], ["chat"]])
def test_every_command_has_help(command):
    done = run_qa(*command, "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: qa " + " ".join(command)) and "Traceback" not in done.stderr


def test_ask_help_teaches_with_an_example():
    done = run_qa("ask", "--help")
    assert "--json" in done.stdout and "--source" in done.stdout and "--top-k" in done.stdout
    assert "qa ask" in done.stdout  # an example to copy


# ---------------------------------------------------------------- ask: the answer

def test_ask_answers_with_the_figure_and_its_sentence(where):
    done = run_qa("ask", *where, CREDIT_QUESTION)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == CREDIT_ANSWER
    assert "The cumulative credit has exceeded 460 million yuan." in done.stdout
    assert "boc-chongqing-high-quality-financial-services.txt:" in done.stdout
    assert "\033[" not in done.stdout  # NO_COLOR, and not a terminal anyway
    assert done.stderr == ""


def test_ask_says_when_the_documents_do_not_say(where):
    done = run_qa("ask", *where, ABSENT_QUESTION)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("The documents do not say.")
    assert "do not say" in done.stdout and "Traceback" not in done.stderr
    assert done.stderr == ""


def test_ask_json_contract(where, doc_texts):
    done = run_qa("ask", *where, "--json", CREDIT_QUESTION)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 1  # JSON Lines: one object, one line
    payload = json.loads(done.stdout)
    assert set(payload) == RESULT_KEYS
    assert payload["question"] == CREDIT_QUESTION and payload["answered"] is True
    assert payload["kind"] == "money" and 0.5 <= payload["confidence"] <= 1
    assert set(payload["answer"]) >= ANSWER_KEYS
    assert payload["answer"]["text"] == CREDIT_ANSWER and payload["answer"]["kind"] == "money"
    assert 1 <= len(payload["passages"]) <= 3
    assert [p["rank"] for p in payload["passages"]] == list(range(1, len(payload["passages"]) + 1))
    for p in payload["passages"]:
        assert set(p) >= PASSAGE_KEYS
        assert all(set(f) == FIGURE_KEYS for f in p["figures"])
    lead = payload["passages"][0]
    assert lead["source"] == payload["answer"]["source"]
    assert lead["start"] <= payload["answer"]["start"] < payload["answer"]["end"] <= lead["end"]
    assert_quotes_verbatim(payload, doc_texts)


def test_ask_json_when_unanswered(where, doc_texts):
    done = run_qa("ask", *where, "--json", ABSENT_QUESTION)
    assert done.returncode == 1, done.stderr
    payload = json.loads(done.stdout)
    assert set(payload) == RESULT_KEYS
    assert payload["answered"] is False and payload["answer"] is None
    assert_quotes_verbatim(payload, doc_texts)


@pytest.mark.parametrize("top_k", [1, 5])
def test_ask_top_k(where, doc_texts, top_k):
    done = run_qa("ask", *where, "--json", "--top-k", str(top_k), CREDIT_QUESTION)
    payload = json.loads(done.stdout)
    assert 1 <= len(payload["passages"]) <= top_k
    if top_k == 5:
        assert len(payload["passages"]) > 3  # more than the default, on a corpus of 72 passages
    assert_quotes_verbatim(payload, doc_texts)


@pytest.mark.parametrize("value", ["0", "51", "-1", "three"])
def test_ask_top_k_out_of_range_is_a_usage_error(where, value):
    assert_click_usage_error(run_qa("ask", *where, "--top-k", value, CREDIT_QUESTION))


@pytest.mark.parametrize("pattern", [AGREEMENT, "chongqing-boc-*", "*agreement*"])
def test_ask_source_restricts_the_search(where, doc_texts, pattern):
    done = run_qa("ask", *where, "--json", "--top-k", "5", "--source", pattern, CREDIT_QUESTION)
    assert done.returncode in (0, 1), done.stderr
    payload = json.loads(done.stdout)
    assert payload["passages"]
    assert {p["source"] for p in payload["passages"]} == {AGREEMENT}
    if payload["answer"]:
        assert payload["answer"]["source"] == AGREEMENT
    assert_quotes_verbatim(payload, doc_texts)


def test_ask_source_still_answers_from_the_right_document(where):
    done = run_qa("ask", *where, "--source", "boc-*", CREDIT_QUESTION)
    assert done.returncode == 0 and done.stdout.splitlines()[0] == CREDIT_ANSWER


@pytest.mark.parametrize("pattern", ["../docs/*", "/etc/passwd", "/*", "a/../../b", "*/../*"])
def test_ask_source_outside_the_documents_is_refused(where, pattern):
    line = assert_one_error_line(run_qa("ask", *where, "--source", pattern, CREDIT_QUESTION), 2)
    assert "inside the documents folder" in line


def test_ask_source_matching_nothing(where):
    line = assert_one_error_line(run_qa("ask", *where, "--source", "*.pdf", CREDIT_QUESTION), 2)
    assert "no indexed document matches" in line and "*.pdf" in line


# ---------------------------------------------------------------- ask: the question

@pytest.mark.parametrize("question", ["", "   ", "\t\n"])
def test_ask_empty_question(where, question):
    line = assert_one_error_line(run_qa("ask", *where, question), 2)
    assert line == "qa: the question is empty"


def test_ask_missing_question_is_a_click_usage_error(where):
    done = run_qa("ask", *where)
    assert_click_usage_error(done)
    assert "Missing argument" in done.stderr


@pytest.mark.parametrize("args", [["ask", "--bogus", "x"], ["bogus"], ["index", "bogus"]])
def test_unknown_options_and_commands_are_click_usage_errors(args):
    assert_click_usage_error(run_qa(*args))


def test_ask_question_that_looks_like_an_option(where):
    done = run_qa("ask", *where, "--", "--json")
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr
    assert not done.stdout.startswith("{")  # "--json" after "--" is the question, not the option


# ---------------------------------------------------------------- ask -: batches

def test_batch_answers_each_line_in_order(where, doc_texts):
    questions = [CREDIT_QUESTION, ABSENT_QUESTION, CIIE_QUESTION]
    done = run_qa("ask", *where, "--json", "-", stdin="\n".join(questions) + "\n")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    payloads = [json.loads(line) for line in done.stdout.splitlines()]
    assert [p["question"] for p in payloads] == questions
    assert [p["answered"] for p in payloads] == [True, False, True]
    assert payloads[0]["answer"]["text"] == CREDIT_ANSWER
    for payload in payloads:
        assert set(payload) == RESULT_KEYS
        assert_quotes_verbatim(payload, doc_texts)


def test_batch_json_lines_with_sources(where):
    lines = [json.dumps({"question": CREDIT_QUESTION, "source": AGREEMENT}),
             json.dumps({"question": CREDIT_QUESTION})]
    done = run_qa("ask", *where, "--json", "-", stdin="\n".join(lines) + "\n")
    restricted, everywhere = (json.loads(line) for line in done.stdout.splitlines())
    assert {p["source"] for p in restricted["passages"]} == {AGREEMENT}
    assert everywhere["answer"]["text"] == CREDIT_ANSWER


def test_batch_text_output(where):
    done = run_qa("ask", *where, "-", stdin=f"{CREDIT_QUESTION}\n{ABSENT_QUESTION}\n")
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith(CREDIT_ANSWER) and "The documents do not say." in done.stdout


def test_batch_text_output_reports_bad_lines_on_stderr(where):
    done = run_qa("ask", *where, "-", stdin='{"question": 1}\n' + CREDIT_QUESTION + "\n")
    assert done.returncode == 0
    assert done.stderr.splitlines() == ['qa: line 1: a JSON line needs a "question" string']
    assert done.stdout.startswith(CREDIT_ANSWER)


def test_batch_of_nothing(where):
    done = run_qa("ask", *where, "--json", "-", stdin="")
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""


# ---------------------------------------------------------------- folders and the index

def test_missing_docs_folder_and_no_index(tmp_path):
    done = run_qa("ask", "--docs", str(tmp_path / "nope"), "--index", str(tmp_path / "index"), CREDIT_QUESTION)
    line = assert_one_error_line(done, 2)
    assert "documents folder" in line and "does not exist" in line
    assert not (tmp_path / "index").exists()


def test_index_without_its_documents_still_answers(corpus, tmp_path):
    _, index = corpus
    done = run_qa("ask", "--docs", str(tmp_path / "gone"), "--index", str(index), CREDIT_QUESTION)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == CREDIT_ANSWER


def test_empty_docs_folder_is_a_usage_error(tmp_path):
    (tmp_path / "docs").mkdir()
    done = run_qa("ask", "--docs", str(tmp_path / "docs"), "--index", str(tmp_path / "index"), CREDIT_QUESTION)
    line = assert_one_error_line(done, 2)
    assert "no readable documents" in line


def test_empty_docs_folder_fails_in_one_clear_line(tmp_path):
    """What holds today: an error, no traceback, no answer, and the last stderr line says why."""
    (tmp_path / "docs").mkdir()
    done = run_qa("ask", "--docs", str(tmp_path / "docs"), "--index", str(tmp_path / "index"), CREDIT_QUESTION)
    assert done.returncode in (1, 2) and done.stdout == "" and "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("qa: ")]
    assert errors == [done.stderr.splitlines()[-1]] and "no readable documents" in errors[0]


def test_no_index_with_no_update(corpus, tmp_path):
    docs, _ = corpus
    done = run_qa("ask", "--no-update", "--docs", str(docs), "--index", str(tmp_path / "index"), CREDIT_QUESTION)
    line = assert_one_error_line(done, 1)
    assert "no index" in line


def test_env_vars_choose_the_folders(corpus, tmp_path):
    docs, index = corpus
    done = run_qa("ask", CREDIT_QUESTION, cwd=tmp_path, env=qa_env(QA_DOCS=str(docs), QA_INDEX=str(index)))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == CREDIT_ANSWER
    status = run_qa("index", "status", "--json", cwd=tmp_path, env=qa_env(QA_DOCS=str(docs), QA_INDEX=str(index)))
    assert json.loads(status.stdout)["index"] == str(index)


def test_options_beat_env_vars(corpus, tmp_path):
    docs, index = corpus
    env = qa_env(QA_DOCS=str(tmp_path / "nope"), QA_INDEX=str(tmp_path / "nope-index"))
    done = run_qa("ask", "--docs", str(docs), "--index", str(index), CREDIT_QUESTION, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr


def test_default_folders_are_docs_and_index_of_the_working_directory(corpus, tmp_path):
    docs, index = corpus
    (tmp_path / "docs").symlink_to(docs)
    (tmp_path / "index").symlink_to(index)
    done = run_qa("ask", CREDIT_QUESTION, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == CREDIT_ANSWER
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    line = assert_one_error_line(run_qa("ask", CREDIT_QUESTION, cwd=empty), 2)
    assert "documents folder docs does not exist" in line


# ---------------------------------------------------------------- index status

def test_index_status(where, corpus):
    done = run_qa("index", "status", *where)
    assert done.returncode == 0, done.stderr
    assert "up to date" in done.stdout and "2 " in done.stdout and "all-MiniLM-L6-v2" in done.stdout


def test_index_status_json(where, corpus):
    _, index = corpus
    done = run_qa("index", "status", "--json", *where)
    assert done.returncode == 0, done.stderr
    status = json.loads(done.stdout)
    assert status["index"] == str(index)
    assert status["documents"] == 2 and status["passages"] > 0
    assert status["up_to_date"] is True and status["model"] == "sentence-transformers/all-MiniLM-L6-v2"


def test_index_status_without_an_index(corpus, tmp_path):
    docs, _ = corpus
    line = assert_one_error_line(run_qa("index", "status", "--docs", str(docs), "--index", str(tmp_path / "i")), 1)
    assert "no index" in line


# ---------------------------------------------------------------- eval

def test_eval_on_a_tiny_question_set(where, tmp_path):
    questions = tmp_path / "questions.jsonl"
    questions.write_text(
        json.dumps({"id": "credit", "question": CREDIT_QUESTION, "answers": [CREDIT_ANSWER]}) + "\n"
        + json.dumps({"id": "moons", "question": ABSENT_QUESTION, "answers": []}) + "\n", encoding="utf-8")
    done = run_qa("eval", str(questions), "--json", *where)
    assert done.returncode == 0, done.stderr
    scores = json.loads(done.stdout)
    assert scores["questions"] == 2
    assert scores["figure@1"] == 1.0 and scores["abstain"] == 1.0
    assert scores["quotes_checked"] > 0 and scores["quotes_wrong"] == 0
    text = run_qa("eval", str(questions), *where)
    assert text.returncode == 0 and "2 questions" in text.stdout and "quotes_wrong 0/" in text.stdout


@pytest.mark.parametrize("content", [None, "{not json\n", '{"answers": []}\n', b"\xff\xfe\x00garbage\n"])
def test_eval_with_a_bad_question_file(where, tmp_path, content):
    path = tmp_path / "questions.jsonl"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    line = assert_one_error_line(run_qa("eval", str(path), *where), 2)
    assert line.startswith(f"qa: cannot read questions from {path}")


# ---------------------------------------------------------------- chat, as a script

def test_chat_json_script(where):
    done = run_qa("chat", "--json", *where, stdin=CREDIT_QUESTION + "\n")
    assert done.returncode == 0, done.stderr
    first = json.loads(done.stdout.splitlines()[0])
    assert first["answered"] is True and first["answer"]["text"] == CREDIT_ANSWER


# ---------------------------------------------------------------- unexpected errors

_BROKEN = """
import sys
from qa import api, cli
real_ask = api.QA.ask
def ask(self, question, *args, **kwargs):
    if "boom" in question:
        raise RuntimeError("boom\\nsecond line")
    return real_ask(self, question, *args, **kwargs)
api.QA.ask = ask
sys.argv = ["qa"] + sys.argv[1:]
cli.main()
"""


def run_broken_qa(*args: str, stdin: str | None = None, debug: bool = False) -> subprocess.CompletedProcess:
    env = qa_env()
    if not debug:
        env.pop("QA_DEBUG")
    done = subprocess.run([sys.executable, "-c", _BROKEN, *args], input=stdin, capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=300)
    return done


def test_a_bug_is_one_line_not_a_traceback(where):
    done = run_broken_qa("ask", *where, "boom")
    line = done.stderr.strip()
    assert done.returncode == 1 and "Traceback" not in done.stderr and "\n" not in line
    assert line.startswith("qa: internal error (RuntimeError: boom second line)") and "QA_DEBUG=1" in line


def test_qa_debug_shows_the_traceback(where):
    done = run_broken_qa("ask", *where, "boom", debug=True)
    assert done.returncode == 1 and "Traceback" in done.stderr and "RuntimeError: boom" in done.stderr


def test_a_bug_on_one_batch_line_does_not_end_the_batch(where):
    done = run_broken_qa("ask", "--json", *where, "-", stdin=f"boom\n{CREDIT_QUESTION}\n")
    assert done.returncode == 0 and "Traceback" not in done.stderr
    broken, fine = (json.loads(line) for line in done.stdout.splitlines())
    assert broken["answered"] is False and broken["error"].startswith("internal error (RuntimeError: boom")
    assert fine["answer"]["text"] == CREDIT_ANSWER
