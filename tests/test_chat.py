"""`qa chat`: the REPL driven in a pseudo-terminal, script mode through pipes, and the follow-up
resolution in-process. All of it runs against a real index built once from a copy of docs/."""
from __future__ import annotations

import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from hypothesis import given, settings, strategies as st

from qa.api import QA
from qa.chat import Conversation, _wrap_spans, read_question

ROOT = Path(__file__).resolve().parent.parent
QA_BIN = str(Path(sys.executable).parent / "qa") if (Path(sys.executable).parent / "qa").exists() \
    else shutil.which("qa")
PROMPT = "qa> "
SGR = re.compile(r"\x1b\[[0-9;]*m")  # colour codes (readline's own escapes end otherwise)

LOANS = "What special loan products has the bank launched for science and technology enterprises?"
APPROVED_UNDER_THEM = "How many enterprises were approved under them?"
GAOZHU = "How much cumulative credit has the bank provided to the Sichuan-Chongqing Gaozhu New Area?"
CHAIRMAN = "Who is the chairman of Bank of China?"
HIS_VIEW = "What does he think about Chongqing's role?"  # alone, its words match no sentence well


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> tuple[Path, Path]:
    """(docs, index): a copy of the project's documents and an index built from it by the CLI."""
    base = tmp_path_factory.mktemp("chat")
    docs, index = base / "docs", base / "index"
    shutil.copytree(ROOT / "docs", docs)
    subprocess.run([QA_BIN, "index", "build", "--docs", str(docs), "--index", str(index)],
                   check=True, capture_output=True, text=True, timeout=600)
    return docs, index


@pytest.fixture(scope="session")
def bot(corpus) -> QA:
    docs, index = corpus
    return QA(docs, index, update=False)


@pytest.fixture
def state_home(tmp_path) -> Path:
    return tmp_path / "state"


def environment(state_home: Path, color: bool = False) -> dict:
    env = dict(os.environ, XDG_STATE_HOME=str(state_home), TERM="xterm", COLUMNS="100", LINES="40")
    env.pop("NO_COLOR", None)
    if not color:
        env["NO_COLOR"] = "1"
    return env


def spawn(corpus, state_home: Path, color: bool = False) -> pexpect.spawn:
    docs, index = corpus
    # A terminal user's Ctrl-C interrupts; a test run started in the background (nohup, `&` in a
    # script) has SIGINT ignored, and the child would inherit that.
    child = pexpect.spawn(QA_BIN, ["chat", "--docs", str(docs), "--index", str(index)], cwd=str(ROOT),
                          env=environment(state_home, color), encoding="utf-8", timeout=60,
                          dimensions=(40, 100), preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    child.expect_exact(PROMPT)  # the model loads before the first prompt
    return child


def say(child: pexpect.spawn, line: str) -> str:
    """Send a line, wait for the next prompt, and return what was printed in between."""
    child.sendline(line)
    child.expect_exact(PROMPT)
    return child.before.replace("\r\n", "\n")


@pytest.fixture
def chat(corpus, state_home):
    child = spawn(corpus, state_home)
    yield child
    if child.isalive():
        child.terminate(force=True)


def run_script(corpus, lines: list[str], *options: str) -> subprocess.CompletedProcess:
    docs, index = corpus
    return subprocess.run([QA_BIN, "chat", "--docs", str(docs), "--index", str(index), *options],
                          input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=120,
                          env=environment(docs.parent / "state"), cwd=str(ROOT))


def assert_quotes_verbatim(docs: Path, payload: dict) -> None:
    """Every quoted string is the document's text between its offsets."""
    text = lambda source: (docs / source).read_text(encoding="utf-8")  # noqa: E731
    answer = payload["answer"]
    if answer:
        assert text(answer["source"])[answer["start"]:answer["end"]] == answer["text"]
    for p in payload["passages"]:
        document = text(p["source"])
        assert document[p["start"]:p["end"]] == p["text"]
        for f in p["figures"]:
            assert document[f["start"]:f["end"]] == f["text"]


# ---------------------------------------------------------------- the REPL in a terminal

def test_welcome_prompt_and_an_answer_quoting_its_figure(corpus, state_home):
    child = spawn(corpus, state_home)
    welcome = child.before
    assert "2 documents" in welcome and ":help" in welcome
    out = say(child, GAOZHU)
    # The figure leads on its own line, then the sentence that holds it, then where it stands.
    figure_line = out.splitlines()[1]  # the line after the echo of the question
    assert figure_line.endswith("460 million yuan") and not figure_line.startswith(" ")
    assert re.search(r"“[^”]*460 million yuan[^”]*”", out)
    assert re.search(r"boc-chongqing-high-quality-financial-services\.txt:\d+ +confidence \d+%", out)
    assert not SGR.search(out)  # NO_COLOR
    child.sendeof()
    child.expect(pexpect.EOF)


def test_follow_up_is_answered_with_the_subject_of_the_conversation(chat):
    first = say(chat, LOANS)
    assert "Science and Technology Growth Loan" in first or "Innovation Points Loan" in first
    out = say(chat, APPROVED_UNDER_THEM)
    assert re.search(r"^77$", out, re.M), out
    assert re.search(r"“[^”]*\b77 technology-based[^”]*”", " ".join(out.split()))


def test_searching_line_shows_what_a_follow_up_searched_for(chat):
    say(chat, CHAIRMAN)
    out = say(chat, HIS_VIEW)
    searching = re.search(r"^searching: (.+)$", out, re.M)
    assert searching and searching.group(1).startswith(HIS_VIEW + " (")
    answer = out[searching.end():]
    assert "said Liu Liange" in " ".join(answer.split())  # his own words, not the question's


def test_more_continues_the_ranks_of_the_last_answer(chat):
    first = say(chat, LOANS)
    shown = [int(n) for n in re.findall(r"^ *(\d+)\. ", first, re.M)]
    assert shown and max(shown) == 3
    out = say(chat, ":more")
    assert [int(n) for n in re.findall(r"^ *(\d+)\. ", out, re.M)] == [4, 5, 6]
    assert re.search(r"^ +\S+\.txt:\d+ +score \d\.\d\d$", out, re.M)
    assert [int(n) for n in re.findall(r"^ *(\d+)\. ", say(chat, ":more"), re.M)] == [7, 8, 9]


def test_context_shows_the_passage_inside_its_document(chat):
    say(chat, LOANS)
    say(chat, APPROVED_UNDER_THEM)
    out = say(chat, ":context 1")
    header = re.search(r"^(\S+\.txt):(\d+)-(\d+) +\(passage 1\)$", out, re.M)
    assert header and int(header.group(2)) <= int(header.group(3))
    marked = " ".join(out[out.index("»") + 1:out.index("«")].split())
    assert "77 technology-based private small and micro enterprises" in marked
    before, after = out[:out.index("»")], out[out.index("«") + 1:]
    assert before.strip().count("\n") >= 1 and after.strip()  # text around the passage, not just it
    assert "qa: no passage 42" in say(chat, ":context 42")


def test_ctrl_c_cancels_the_line_being_typed(chat):
    chat.send("How many enterp")
    chat.expect_exact("enterp")
    chat.sendintr()
    chat.expect_exact(PROMPT)
    # Had the half-typed words survived, this would be the question "How many enterp:sources".
    out = say(chat, ":sources")
    assert "boc-chongqing-high-quality-financial-services.txt" in out
    assert "chongqing-boc-chengdu-chongqing-agreement.txt" in out
    assert chat.isalive()


def test_ctrl_d_quits_cleanly_and_history_survives_the_session(corpus, state_home):
    child = spawn(corpus, state_home)
    say(child, GAOZHU)
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and child.signalstatus is None
    history = state_home / "qa" / "history"
    assert GAOZHU in history.read_text(encoding="utf-8")

    again = spawn(corpus, state_home)
    again.send("\x1b[A")  # arrow up: the question of the previous session
    again.expect_exact("Gaozhu New Area?")
    again.send("\r")
    again.expect_exact(PROMPT)
    assert "460 million yuan" in again.before
    again.sendline(":quit")
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 0


def test_unknown_and_ambiguous_commands_get_a_one_line_hint(chat):
    assert "qa: unknown command :frobnicate (try :help)" in say(chat, ":frobnicate")
    assert "qa: :so could be :source, :sources" in say(chat, ":so")
    help_text = say(chat, ":help")
    for command in (":more", ":context N", ":sources", ":source GLOB", ":clear", ":json", ":quit"):
        assert command in help_text


def test_source_limits_the_search_until_cleared(chat):
    assert "qa: no indexed document matches" in say(chat, ":source nothing-like-this*")
    say(chat, ":source *agreement*")
    limited = say(chat, GAOZHU)
    assert "boc-chongqing-high-quality-financial-services.txt" not in limited
    assert "460 million yuan" not in limited
    assert re.search(r"^\* chongqing-boc-chengdu-chongqing-agreement\.txt", say(chat, ":sources"), re.M)
    say(chat, ":source")
    assert "460 million yuan" in say(chat, GAOZHU)


def test_json_toggle_prints_the_json_contract(chat):
    say(chat, ":json")
    out = say(chat, GAOZHU)
    payload = json.loads(out[out.index("{"):out.rindex("}") + 1])
    assert payload["question"] == GAOZHU and payload["resolved_question"] == GAOZHU
    assert "460 million yuan" in payload["answer"]["text"]


def test_colour_on_a_terminal_unless_no_color(corpus, state_home):
    child = spawn(corpus, state_home, color=True)
    out = say(child, GAOZHU)
    assert "\x1b[1;33m" in out  # the figure highlighted in its sentence
    child.sendline(":quit")
    child.expect(pexpect.EOF)


# ---------------------------------------------------------------- script mode

def test_script_mode_prints_one_json_line_per_question(corpus):
    docs, _ = corpus
    lines = [LOANS, "", APPROVED_UNDER_THEM, ":clear", CHAIRMAN, HIS_VIEW, "   "]
    done = run_script(corpus, lines, "--json")
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert len(out) == 4  # blank lines and :clear print nothing
    payloads = [json.loads(line) for line in out]
    assert [p["question"] for p in payloads] == [LOANS, APPROVED_UNDER_THEM, CHAIRMAN, HIS_VIEW]
    assert all("resolved_question" in p for p in payloads)
    assert payloads[1]["answer"]["text"] == "77"
    assert payloads[3]["resolved_question"] != HIS_VIEW  # searched with the chairman's name
    assert "important and prominent role" in payloads[3]["passages"][0]["text"]
    for payload in payloads:
        assert_quotes_verbatim(docs, payload)
    assert PROMPT not in done.stdout + done.stderr and "documents indexed" not in done.stderr


def test_clear_forgets_the_conversation(corpus):
    remembered = run_script(corpus, [CHAIRMAN, HIS_VIEW], "--json").stdout.splitlines()
    forgotten = run_script(corpus, [CHAIRMAN, ":clear", HIS_VIEW], "--json").stdout.splitlines()
    assert json.loads(remembered[1])["resolved_question"] != HIS_VIEW
    assert json.loads(forgotten[1])["resolved_question"] == HIS_VIEW


def test_script_mode_output_is_flushed_line_by_line(corpus):
    docs, index = corpus
    child = subprocess.Popen([QA_BIN, "chat", "--json", "--docs", str(docs), "--index", str(index)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=str(ROOT))
    try:
        child.stdin.write(GAOZHU + "\n")
        child.stdin.flush()
        # The answer arrives while standard input is still open: each line is flushed as it is done.
        ready, _, _ = select.select([child.stdout], [], [], 60)
        assert ready, "no answer while the input stays open"
        assert "460 million yuan" in json.loads(child.stdout.readline())["answer"]["text"]
    finally:
        child.stdin.close()
        assert child.wait(timeout=60) == 0


def test_a_bad_line_gets_its_error_and_the_run_goes_on(corpus):
    docs, index = corpus
    lines = [b"How much \xff credit has the bank provided to Gaozhu?", b"x " * 3000, GAOZHU.encode()]
    done = subprocess.run([QA_BIN, "chat", "--json", "--docs", str(docs), "--index", str(index)],
                          input=b"\n".join(lines) + b"\n", capture_output=True, timeout=120, cwd=str(ROOT))
    assert done.returncode == 0
    payloads = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(payloads) == 3
    assert "\ufffd" in payloads[0]["question"]
    assert payloads[1]["answered"] is False and "too long" in payloads[1]["error"]
    assert "460 million yuan" in payloads[2]["answer"]["text"]
    assert b"qa: the question is too long" in done.stderr


def test_script_mode_without_json_prints_plain_text(corpus):
    done = run_script(corpus, [GAOZHU, ":frobnicate"])
    assert done.returncode == 0
    assert "460 million yuan" in done.stdout and not SGR.search(done.stdout)
    assert "qa: unknown command :frobnicate" in done.stderr


# ---------------------------------------------------------------- follow-up resolution

@pytest.mark.parametrize("question, pointers", [
    ("How many enterprises were approved under them?", ("them",)),
    ("What does he say about Chongqing's role?", ("he",)),
    ("How many projects are there?", ()),                   # existential "there"
    ("Is there a list of major projects?", ()),
    ("What is the system that Chongqing is building?", ()),  # relative "that"
    ("How much credit was approved this year?", ()),         # "this year" is a time
    ("How many were signed there?", ("there",)),
    ("What about that?", ("that",)),
])
def test_pointers_back_are_told_from_look_alikes(question, pointers):
    assert read_question(question, lambda stem: 1).anaphora == pointers


def test_openers_and_fragments_lean_on_the_previous_question():
    fragment = read_question("And for the prisons?", lambda stem: 1)
    assert fragment.opener and fragment.elliptical and fragment.depends
    full = read_question("How many new supply chain finance businesses were added?", lambda stem: 1)
    assert not full.points_back and not full.depends
    # A request names the kind of answer it asks for, as a question does: it needs no other question.
    request = read_question("Give me the total investment of the projects.", lambda stem: 1)
    assert not request.elliptical and not request.depends
    # A few words that name a measure keep the subject, and their own kind.
    measure = read_question("the total investment?", lambda stem: 1)
    assert measure.fragment and measure.depends and not measure.elliptical


def test_a_fragment_that_names_a_measure_asks_it_of_the_subject(bot):
    conversation = Conversation(bot)
    conversation.ask("How many projects are on the 2024 list of major projects?")
    turn = conversation.ask("the total investment?")
    assert turn.result.answered and turn.result.answer.text.endswith("3.60 trillion yuan")


def test_standalone_question_is_left_as_typed(bot):
    conversation = Conversation(bot)
    conversation.ask(LOANS)
    question = "How many foreign-funded enterprises and investment promotion institutions attended the CIIE?"
    turn = conversation.ask(question)
    assert turn.searched == question
    alone = bot.ask(question)
    assert (turn.result.answer.start, turn.result.answer.end) == (alone.answer.start, alone.answer.end)


def test_off_topic_question_is_not_rescued_by_context(bot):
    conversation = Conversation(bot)
    conversation.ask(LOANS)
    for question in ("What is the capital of France?", "How many employees does it have?"):
        turn = conversation.ask(question)
        assert not turn.result.answered, (question, turn.searched, turn.result.answer)


def test_pronoun_follow_up_is_searched_with_the_earlier_subject(bot):
    conversation = Conversation(bot)
    conversation.ask(CHAIRMAN)
    turn = conversation.ask(HIS_VIEW)
    assert turn.searched.startswith(HIS_VIEW + " (") and "Liange" in turn.searched
    assert turn.result.answered
    assert "important and prominent role" in turn.result.passages[0].text


def test_fragment_follow_up_is_answered_about_its_new_subject(bot):
    conversation = Conversation(bot)
    first = "How many medical insurance affairs were provided for residents in Chengdu and Chongqing?"
    assert conversation.ask(first).result.answer.text == "18"
    turn = conversation.ask("And for the prisons?")
    assert turn.result.answered and turn.result.answer.text == "16"


def test_a_fragment_after_an_unanswerable_question_is_not_answered(bot):
    # "And in 2023?" asks the previous question again; its own words alone match a figure of 2023
    # in the documents, which would answer a question nobody asked.
    conversation = Conversation(bot)
    assert not conversation.ask("How many goals did the striker score in 2022?").result.answered
    turn = conversation.ask("And in 2023?")
    assert turn.searched.startswith("How many goals")
    assert not turn.result.answered


def test_a_follow_up_may_ask_for_the_figure_an_open_question_was_answered_with(bot):
    conversation = Conversation(bot)
    opening = conversation.ask("What is the 2024 list of major projects for the Chengdu-Chongqing economic circle?")
    assert opening.result.answer.text == "300"
    turn = conversation.ask("How many projects does it include?")
    assert turn.result.answered and turn.result.answer.text == "300"


def test_clear_starts_a_new_conversation(bot):
    conversation = Conversation(bot)
    conversation.ask(CHAIRMAN)
    conversation.clear()
    turn = conversation.ask(HIS_VIEW)
    assert turn.searched == HIS_VIEW


# ---------------------------------------------------------------- properties of the helpers

@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab cd\nxyz ")), max_size=200), st.integers(5, 40))
def test_wrapping_keeps_every_word_in_order_within_the_width(text, width):
    lines = _wrap_spans(text, 0, len(text), width)
    words = [w for start, end in lines for w in text[start:end].split()]
    assert words == text.split()
    for start, end in lines:
        assert end - start <= width or len(text[start:end].split()) == 1


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_reading_any_text_does_not_fail(text):
    reading = read_question(text, lambda stem: 0)
    assert set(reading.unknown) == {word for _, word in reading.own}
