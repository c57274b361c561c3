"""`qa chat`: a conversation with the documents.

Each turn is answered by `QA.ask`, like `qa ask`, with one difference: a question that leans on
the conversation ("How many enterprises were approved under them?", "And for the prisons?") is
searched for together with the subject of the earlier turns. Which questions lean on the
conversation, and what is added to them, is decided in `resolve` from the words themselves —
pronouns, "and ..."/"what about ..." openers, how few content words the question has, and
whether it finds a confident answer on its own — never from a list of expected questions.

Interactive use gets a prompt, line editing and history (readline), colour, and `:commands`.
With standard input not a terminal it is a script filter: one question per line in, one answer
(one JSON object with --json) per question out, flushed, with no prompt and no welcome.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, TextIO

from .api import QA, PassageView, QAError, Result, UsageError, line_of
from .answering import term_weights
from .phrases import CALENDAR_WORDS
from .question import WH_WORD, analyse, kind_asked_for
from .render import Style, passage_lines, to_json, to_text, use_color
from .terms import STOPWORDS, terms

PROMPT = "qa> "
HISTORY_LENGTH = 1000

# ---------------------------------------------------------------- reading a follow-up

# Words that point back at something named earlier. "that", "there" and the demonstratives also
# have uses that point nowhere; `_anaphora` tells them apart.
_PRONOUNS = frozenset("he she him his her hers it its they them their theirs".split())
_DEMONSTRATIVES = frozenset("this that these those".split())
_BE = frozenset("is are was were be been being 's".split())
_TIME_NOUNS = frozenset("year years month months week weeks day days time quarter season".split())
# A question that opens like this continues the previous one ("And for the prisons?").
_OPENER = re.compile(r"^\W*(?:and|but|also|plus|then|so|what about|how about|what of|as for|same for)\b",
                     re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# "how much" alone does not say whether money or an amount of something is asked for.
_VAGUE_HOW_MUCH = re.compile(r"\bhow much\b", re.IGNORECASE)
_COUNTED = re.compile(r"\bhow many\b|\bnumber\b|\bpopulation\b", re.IGNORECASE)
# Words that frame a question without naming its subject: "What does he *say* about X?" is
# about X. They are not the user's topic, and documents rarely use them, so they must not make
# a question look foreign to the documents either.
_FRAMING = frozenset(s.stem for s in terms(
    "say says said tell told think thinks thought mention mentions mentioned describe described "
    "explain explained talk talks know known mean means meant happen happens happened detail details "
    "find finds anything something thing things else more information info"))

# The subject of the conversation is a set of weighted words. What the user typed weighs most, names
# and figures ("Woodward Park", "2010") more than other words; names in the sentence that answered
# weigh less; each turn that leans on the subject carries it on at half weight, so it fades.
NAME_WEIGHT, WORD_WEIGHT, ANSWER_NAME_WEIGHT, CARRIED_ON = 3.0, 2.0, 1.0, 0.5
TOPIC_WORDS = 12        # kept per turn
SEARCH_WORDS = 6        # added to a follow-up: enough to name a subject, too few to drown the question
# A context-aided answer must still hold this share (weighted by rarity) of the question's own words.
OWN_SHARE_POINTING = 0.25
OWN_SHARE_SHORT = 0.5


@dataclass(frozen=True, slots=True)
class Reading:
    """What a typed question says about its dependence on the conversation."""
    own: tuple[tuple[str, str], ...]  # (stem, word as typed) of its content words, framing words left out
    names: frozenset[str]             # stems of own words that are names or figures ("Fresno", "2010")
    anaphora: tuple[str, ...]         # words that point back ("them", "he", "there")
    opener: bool                      # "and ...", "what about ..."
    elliptical: bool                  # a fragment with no question of its own: "And for the prisons?"
    unknown: tuple[str, ...]          # own words the documents never use
    fragment: bool = False            # a few words and no question word: "the total investment?"

    @property
    def points_back(self) -> bool:
        return bool(self.anaphora or self.opener or self.elliptical or self.fragment)

    @property
    def depends(self) -> bool:
        """Whether the question may need the conversation: it points back, or says too little alone."""
        return self.points_back or len(self.own) <= 1


def read_question(question: str, document_frequency: Callable[[str], int]) -> Reading:
    own: dict[str, str] = {}
    names = set()
    first = _WORD.search(question)
    for t in terms(question):
        if t.stem in _FRAMING:
            continue
        word = own.setdefault(t.stem, question[t.start:t.end])
        # Capitalised past the first word, or a figure: a name ("Fresno", "2010").
        if word[0].isdigit() or (word[0].isupper() and first is not None and t.start > first.start()):
            names.add(t.stem)
    opener = bool(_OPENER.search(question))
    words = len(_WORD.findall(question))
    # A few words and no question word: the subject goes on, whether or not they say what kind of
    # answer is asked ("the total investment?" after "How many projects are on the list?" asks
    # for the list's investment, as money).
    fragment = not WH_WORD.search(question) and words <= 4 and len(own) <= 2
    # No kind of its own and either an opener or a fragment: the previous question says the kind.
    elliptical = kind_asked_for(question) == "other" and (opener or fragment)
    unknown = tuple(word for stem, word in own.items() if document_frequency(stem) == 0)
    return Reading(tuple(own.items()), frozenset(names), tuple(_anaphora(question)), opener, elliptical,
                   unknown, fragment)


def _anaphora(question: str) -> list[str]:
    words = [w.lower().replace("’", "'") for w in _WORD.findall(question)]
    found = []
    for i, word in enumerate(words):
        before = words[i - 1] if i else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        if word in _PRONOUNS:
            found.append(word)
        elif word == "there":
            if before not in _BE and after not in _BE:  # "are there ...", "there were ..." point nowhere
                found.append(word)
        elif word in _DEMONSTRATIVES:
            if word == "that" and before and before not in STOPWORDS:
                continue  # "the system that Chongqing builds": a relative clause
            if after in _TIME_NOUNS:
                continue  # "this year" names a time, not an earlier subject
            found.append(word)
    return found


@dataclass(frozen=True, slots=True)
class Turn:
    question: str             # as typed
    searched: str             # what was searched for (the question itself when it stood alone)
    result: Result
    topic: tuple[tuple[str, float, bool], ...]  # (word, weight, is a name): the subject now, heaviest first
    frame: str                # the last full question, which an elliptical follow-up borrows


class Conversation:
    """The state of one chat: the bot, the search options, and the last turn."""

    def __init__(self, bot: QA, top_k: int = 3, source: str | None = None) -> None:
        self.bot = bot
        self.top_k = top_k
        self.source = source
        # The last turn is all the memory a follow-up needs: its topic carries the earlier subject on.
        self.last: Turn | None = None
        self.shown: list[PassageView] = []  # passages of the last answer shown so far, :more included
        self._doc_of = {d.source: i for i, d in enumerate(bot.index.documents)}

    def clear(self) -> None:
        self.last = None
        self.shown = []

    def ask(self, question: str) -> Turn:
        """Answer a typed question in the light of the conversation, and remember the turn."""
        question = " ".join(question.split())
        alone = self.bot.ask(question, top_k=self.top_k, source=self.source)  # also checks the question
        question = alone.question  # as QA.ask cleaned it (undecodable bytes made U+FFFD)
        reading = self.read(question)
        searched, result = self.resolve(question, reading, alone)
        previous = self.last
        leaned = previous is not None and searched != question
        frame = previous.frame if leaned and reading.elliptical else question
        weighted = [(word, NAME_WEIGHT if stem in reading.names else WORD_WEIGHT, stem in reading.names)
                    for stem, word in reading.own]
        weighted += [(word, ANSWER_NAME_WEIGHT, True) for word in self._answer_names(result)]
        if leaned:  # the subject goes on; a question that stood alone starts a new one
            weighted += [(word, weight * CARRIED_ON, name) for word, weight, name in previous.topic]
        self.last = Turn(question, searched, result, _merge(weighted)[:TOPIC_WORDS], frame)
        self.shown = list(result.passages)
        return self.last

    def read(self, question: str) -> Reading:
        return read_question(question, self.bot.index.lexical.document_frequency)

    def resolve(self, question: str, reading: Reading, alone: Result) -> tuple[str, Result]:
        """(text searched for, result): the question alone, or with the subject of the conversation.

        A question is searched alone when there is nothing to lean on, when it names something the
        documents never mention (context cannot supply what is not there), and when it stands on its
        own and finds a confident answer. Otherwise it is also searched with the subject added, in a
        few ways; an answer found so must be confident and still about the words the user typed.
        `alone` is the result of the question searched as typed."""
        previous = self.last
        if previous is None:
            return question, alone
        if reading.unknown and not reading.anaphora:
            return question, alone  # it names what the documents lack: context cannot supply that
        if alone.answered and not reading.depends:
            return question, alone  # it stands on its own
        # A question that points back ("them", "and ...") often rephrases the document ("take part"
        # for "participate"): its pronoun already ties it to the conversation, so less of its own
        # wording needs to be found. One that only looked short must hold more of its words.
        needed = OWN_SHARE_POINTING if reading.points_back else OWN_SHARE_SHORT
        found, tried = [], []
        for searched in self.search_texts(question, reading, previous):
            aided = self.bot.ask(question, top_k=self.top_k, source=self.source, search_text=searched)
            tried.append((searched, aided))
            if aided.answered and self._own_share(aided, reading, whole_passage=True) >= needed:
                found.append((searched, aided))
        if not found:
            if reading.elliptical and tried and not previous.result.answered:
                # A fragment ("And in 2023?") asks its previous question again: when that had no
                # answer in the documents, neither has the fragment, whatever its words match alone.
                searched, aided = tried[0]
                return searched, replace(aided, answered=False)
            return question, alone
        # The context says which thing is meant; the answer must still answer what was typed. So the
        # answer whose sentence holds most of the question's own words wins, then the more confident.
        fit = lambda result: round(self._own_share(result, reading), 2)  # noqa: E731
        searched, aided = max(found, key=lambda pair: (fit(pair[1]), pair[1].confidence))
        # A follow-up seldom asks again for what was just answered. When the subject led the search
        # back to the previous answer and the question alone found one that fits its words better,
        # the subject pulled too hard ("What does he believe?" after "Who is the chairman?").
        # (Unless the previous question asked for nothing in particular: "Tell me about X" answers
        # with a figure that "How much ... there?" may well ask for.)
        if _same_answer(aided, previous.result) and alone.answered and fit(alone) > fit(aided) \
                and previous.result.kind != "other":
            return question, alone
        if alone.answered and not reading.elliptical and (
                _same_answer(alone, aided) or not reading.points_back and alone.confidence >= aided.confidence):
            # The context added nothing, or less than the question alone found. (A fragment always
            # takes the previous question: it says what kind of answer is asked for.)
            return question, alone
        return searched, aided

    def search_texts(self, question: str, reading: Reading, previous: Turn) -> list[str]:
        """Ways to search for the question with the subject of the conversation added."""
        if reading.elliptical:
            # "And for the prisons?" asks the previous question again about something else: the
            # previous question supplies what is asked (how many, how much), the fragment the subject.
            return [f"{previous.frame} {question}"]
        # The subject's heaviest words, and its names alone: extra common words sometimes pull the
        # search toward the previous answer rather than toward the thing it named.
        kinds = {kind_asked_for(question)}
        if _vague_kind(question):  # "How much did it lose?" after a question about money asks for money
            kinds.add(previous.result.kind)
        texts = [self._with_words(question, reading, [w for w, _, _ in previous.topic], kinds),
                 self._with_words(question, reading, [w for w, _, name in previous.topic if name], kinds)]
        return [t for i, t in enumerate(texts) if t != question and t not in texts[:i]]

    def _with_words(self, question: str, reading: Reading, words: list[str], kinds: set[str]) -> str:
        """The question with up to SEARCH_WORDS of `words` it does not already hold, in parentheses,
        leaving the kind of answer asked for among `kinds`."""
        own = {stem for stem, _ in reading.own}
        added: list[str] = []
        for word in words:
            if len(added) == SEARCH_WORDS:
                break
            if {t.stem for t in terms(word)} <= own:
                continue
            # An added word must not change what kind of answer is asked for ("percent" in the topic
            # of a "how many" question).
            if kind_asked_for(f"{question} {' '.join(added + [word])}") not in kinds:
                continue
            added.append(word)
        return f"{question} ({' '.join(added)})" if added else question

    def _own_share(self, result: Result, reading: Reading, whole_passage: bool = False) -> float:
        """How much of what the user typed (rare words weigh more) the answer's sentence holds, or
        with whole_passage, the passage around it."""
        answer = result.answer
        if not reading.own or answer is None:
            return 1.0
        text = self.bot.index.texts[self._doc_of[answer.source]]
        start, end = answer.sentence_start, answer.sentence_end
        if whole_passage:
            passage = next((p for p in result.passages if p.source == answer.source
                            and p.start <= answer.start < p.end), None)
            start, end = (passage.start, passage.end) if passage else (start, end)
        present = {t.stem for t in terms(text, start, end)}
        idf = term_weights(self.bot.index, analyse(" ".join(word for _, word in reading.own)))
        total = sum(idf.values()) or 1.0
        return sum(w for s, w in idf.items() if s in present) / total

    def _answer_names(self, result: Result) -> list[str]:
        """Names in the sentence that answered: capitalised words past its first word, which is
        what "he", "them" or "there" in the next question most likely points at."""
        a = result.answer
        if a is None or not result.answered or a.source not in self._doc_of:
            return []
        sentence = self.bot.index.texts[self._doc_of[a.source]][a.sentence_start:a.sentence_end]
        names = []
        for i, match in enumerate(_WORD.finditer(sentence)):
            word = match.group()
            # The first word is capitalised anyway; months and weekdays are dates, not subjects.
            if i and word[0].isupper() and len(word) > 1 and word.lower() not in STOPWORDS | CALENDAR_WORDS:
                names.append(word)
        return names

    def more(self) -> list[PassageView]:
        """The next passages of the last answer, ranked on from those already shown."""
        last = self.last
        if last is None:
            raise UsageError("no answer yet: ask a question first")
        wanted = len(self.shown) + self.top_k
        result = self.bot.ask(last.question, top_k=wanted, source=self.source, search_text=last.searched)
        seen = {(p.source, p.start, p.end) for p in self.shown}
        fresh = [p for p in result.passages if (p.source, p.start, p.end) not in seen][:self.top_k]
        fresh = [replace(p, rank=len(self.shown) + i) for i, p in enumerate(fresh, 1)]
        self.shown.extend(fresh)
        return fresh

    def context(self, rank: int, lines_around: int = 2, max_chars: int = 700) -> tuple[str, int, int, int, int]:
        """(document text, from, to, passage start, passage end): passage `rank` with the lines
        around it (blank lines not counted), at most max_chars either side."""
        passage = next((p for p in self.shown if p.rank == rank), None)
        if passage is None:
            if not self.shown:
                raise UsageError("no passages yet: ask a question first")
            raise UsageError(f"no passage {rank}; the passages shown are 1 to {self.shown[-1].rank}")
        text = self.bot.index.texts[self._doc_of[passage.source]]
        begin = text.rfind("\n", 0, passage.start) + 1
        end = _line_end(text, passage.end)
        for _ in range(lines_around):
            while 0 < begin:  # one line up, and past any blank ones
                begin = text.rfind("\n", 0, begin - 1) + 1
                if text[begin:text.find("\n", begin)].strip():
                    break
            while end < len(text):
                next_end = _line_end(text, end + 1)
                blank = not text[end + 1:next_end].strip()
                end = next_end
                if not blank:
                    break
        # Paragraphs can be long: keep a readable amount either side, cut at spaces.
        if passage.start - begin > max_chars:
            cut = text.find(" ", passage.start - max_chars, passage.start)
            begin = cut + 1 if cut >= 0 else passage.start - max_chars
        if end - passage.end > max_chars:
            cut = text.rfind(" ", passage.end, passage.end + max_chars)
            end = cut if cut > passage.end else passage.end + max_chars
        return text, begin, end, passage.start, passage.end


def _line_end(text: str, offset: int) -> int:
    newline = text.find("\n", offset)
    return len(text) if newline < 0 else newline


def _vague_kind(question: str) -> bool:
    """True when the question does not say what kind of answer it wants ("What about it?"), or
    says only "how much" without saying of what."""
    kind = kind_asked_for(question)
    return kind == "other" or (kind == "count" and bool(_VAGUE_HOW_MUCH.search(question))
                               and not _COUNTED.search(question))


def _same_answer(a: Result, b: Result) -> bool:
    if a.answer is None or b.answer is None:
        return False
    return (a.answer.source, a.answer.start, a.answer.end) == (b.answer.source, b.answer.start, b.answer.end)


def _merge(weighted: list[tuple[str, float, bool]]) -> tuple[tuple[str, float, bool], ...]:
    """Words with the weights of each stem summed, heaviest first (first seen first on ties)."""
    total: dict[tuple[str, ...], list] = {}
    for word, weight, name in weighted:
        key = tuple(t.stem for t in terms(word))
        if key:
            entry = total.setdefault(key, [word, 0.0, False])
            entry[1] += weight
            entry[2] = entry[2] or name
    ranked = sorted(total.values(), key=lambda entry: -entry[1])  # sorted() is stable
    return tuple((word, weight, name) for word, weight, name in ranked)


# ---------------------------------------------------------------- the loop

HELP = """\
Ask a question in plain words; follow-ups may lean on the previous one ("And for 2023?").
  :more          the next passages of the last answer
  :context N     the text around passage N of the last answer
  :sources       the indexed documents
  :source GLOB   search only documents matching GLOB (:source alone: all documents)
  :clear         forget the conversation
  :json          toggle JSON output
  :help          this help
  :quit          leave (or Ctrl-D)"""


class Chat:
    """The command loop around a Conversation: reads lines, runs commands, shows answers."""

    def __init__(self, bot: QA, as_json: bool, source: str | None, top_k: int,
                 out: TextIO, err: TextIO, interactive: bool) -> None:
        if source:
            bot.rows_for_source(source)  # a bad glob fails now, not at the first question
        self.conversation = Conversation(bot, top_k, source)
        self.as_json = as_json
        self.out, self.err = out, err
        self.interactive = interactive
        self.style = Style(use_color(out))
        self.note_style = Style(use_color(err))
        self.commands: dict[str, Callable[[str], bool | None]] = {
            "help": self.cmd_help, "more": self.cmd_more, "context": self.cmd_context,
            "sources": self.cmd_sources, "source": self.cmd_source, "clear": self.cmd_clear,
            "json": self.cmd_json, "quit": self.cmd_quit, "exit": self.cmd_quit,
        }

    # -- output
    @property
    def width(self) -> int:
        return min(shutil.get_terminal_size((100, 24)).columns, 100)

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def note(self, text: str) -> None:
        print(self.note_style.dim(text), file=self.err, flush=True)

    def error(self, message: str) -> None:
        print(f"qa: {message}", file=self.err, flush=True)

    def emit_json(self, payload: dict) -> None:
        # A lone surrogate (an undecodable byte echoed back in an error) cannot be written as UTF-8.
        self.say(json.dumps(payload, ensure_ascii=False).encode("utf-8", "replace").decode("utf-8"))

    # -- one line
    def handle(self, line: str) -> bool:
        """Run one input line; False when the chat should end."""
        line = line.strip()
        if not line:
            return True
        if line.startswith(":"):
            name, _, argument = line[1:].partition(" ")
            return self._command(name.lower())(argument.strip()) is not False
        self.answer(line)
        return True

    def _command(self, name: str) -> Callable[[str], bool | None]:
        """The command by name or unambiguous prefix (":q" is :quit); UsageError otherwise."""
        if name in self.commands:
            return self.commands[name]
        matches = sorted(n for n in self.commands if n.startswith(name)) if name else []
        if len({self.commands[n] for n in matches}) == 1:
            return self.commands[matches[0]]
        if matches:
            raise UsageError(f":{name} could be {', '.join(':' + n for n in matches)}")
        raise UsageError(f"unknown command :{name} (try :help)")

    def answer(self, question: str) -> None:
        try:
            turn = self.conversation.ask(question)
        except QAError as exc:
            self.error(str(exc))
            if self.as_json:  # one JSON line per question, even a failed one: scripts count lines
                self.emit_json({"question": question, "answered": False, "answer": None, "passages": [],
                                "resolved_question": question, "error": str(exc)})
            return
        if self.as_json:
            self.emit_json(to_json(turn.result, extra={"resolved_question": turn.searched}))
            return
        if turn.searched != turn.question:
            self.note(f"searching: {_shorten(turn.searched, self.width - 11)}")
        self.say(to_text(turn.result, self.style, self.width) + "\n")

    # -- commands: each takes the text after the command name; False ends the chat
    def cmd_help(self, _: str) -> None:
        self.say(HELP)

    def cmd_more(self, _: str) -> None:
        fresh = self.conversation.more()
        if self.as_json:
            self.emit_json({"more": True, "question": self.conversation.last.question,
                            "passages": to_json(replace(self.conversation.last.result, passages=tuple(fresh)))
                            ["passages"]})
            return
        if not fresh:
            self.note("no more passages")
            return
        self.say("\n".join(_passage_lines(p, self.style, self.width) for p in fresh) + "\n")

    def cmd_context(self, argument: str) -> None:
        if not argument.isdigit():
            raise UsageError(":context needs a passage number, as in :context 1")
        rank = int(argument)
        text, begin, end, start, stop = self.conversation.context(rank)
        passage = next(p for p in self.conversation.shown if p.rank == rank)
        if self.as_json:
            self.emit_json({"rank": rank, "source": passage.source, "start": begin, "end": end,
                            "text": text[begin:end], "passage": {"start": start, "end": stop}})
            return
        last_line = line_of(text, max(end - 1, begin))
        self.say(self.style.dim(f"{passage.source}:{line_of(text, begin)}-{last_line}   (passage {rank})"))
        answer = self.conversation.last.result.answer if self.conversation.last else None
        figure = None
        if answer is not None and answer.kind != "sentence" and answer.source == passage.source \
                and start <= answer.start < stop:
            figure = (answer.start, answer.end)
        self.say(_highlight(text, begin, end, (start, stop), figure, self.style, self.width) + "\n")

    def cmd_sources(self, _: str) -> None:
        documents = self.conversation.bot.index.documents
        if self.as_json:
            self.emit_json({"sources": [d.source for d in documents], "source_filter": self.conversation.source})
            return
        selected = _selected(self.conversation)
        for i, d in enumerate(documents):
            mark = "*" if selected is not None and i in selected else " "
            self.say(f"{mark} {d.source}  " + self.style.dim(f"{d.passage_count} passages, {d.format}"))
        if self.conversation.source:
            self.note(f"* searched now (:source {self.conversation.source})")

    def cmd_source(self, argument: str) -> None:
        if not argument:
            self.conversation.source = None
            self.note("searching every document")
            return
        self.conversation.bot.rows_for_source(argument)  # UsageError when nothing matches
        self.conversation.source = argument
        count = len(_selected(self.conversation))
        self.note(f"searching {count} document{'s' * (count != 1)} matching {argument}")

    def cmd_clear(self, _: str) -> None:
        self.conversation.clear()
        if self.interactive:
            self.note("conversation cleared")

    def cmd_json(self, _: str) -> None:
        self.as_json = not self.as_json
        self.note(f"JSON output {'on' if self.as_json else 'off'}")

    def cmd_quit(self, _: str) -> bool:
        return False

    # -- the loops
    def run_script(self, lines) -> None:
        for line in lines:
            try:
                if not self.handle(line):
                    return
            except QAError as exc:
                self.error(str(exc))

    def run_interactive(self) -> None:
        history = _setup_readline(list(self.commands))
        count = len(self.conversation.bot.index.documents)
        self.note(f"qa chat: {count} document{'s' * (count != 1)} indexed. Ask a question; :help for commands.")
        try:
            while True:
                try:
                    line = input(PROMPT) if self.out.isatty() else _input_on(self.err)
                except KeyboardInterrupt:  # Ctrl-C drops the line being typed
                    print(file=self.err, flush=True)
                    continue
                except EOFError:  # Ctrl-D
                    print(file=self.err, flush=True)
                    return
                try:
                    if not self.handle(line):
                        return
                except QAError as exc:
                    self.error(str(exc))
                except KeyboardInterrupt:  # Ctrl-C while answering abandons that answer only
                    self.error("interrupted")
        finally:
            _save_history(history)


def run_chat(bot: QA, as_json: bool = False, source: str | None = None, top_k: int = 3) -> None:
    """The `qa chat` command: a REPL on a terminal, a line filter otherwise."""
    interactive = sys.stdin.isatty()
    chat = Chat(bot, as_json, source, top_k, sys.stdout, sys.stderr, interactive)
    if interactive:
        chat.run_interactive()
    else:
        # A line that is not UTF-8 must not end the run: its bad bytes become U+FFFD in QA.ask.
        if hasattr(sys.stdin, "reconfigure"):
            sys.stdin.reconfigure(errors="surrogateescape")
        chat.run_script(sys.stdin)


# ---------------------------------------------------------------- terminal helpers

def _input_on(stream: TextIO) -> str:
    """input() with the prompt on `stream`, when stdout is not the terminal (qa chat > answers.txt)."""
    stream.write(PROMPT)
    stream.flush()
    return input()


def history_path() -> Path:
    """$XDG_STATE_HOME/qa/history (a relative XDG path is invalid and ignored, per the spec)."""
    state = os.environ.get("XDG_STATE_HOME", "")
    base = Path(state) if state and Path(state).is_absolute() else Path.home() / ".local" / "state"
    return base / "qa" / "history"


def _setup_readline(commands: list[str]) -> Path | None:
    """Line editing, history from earlier sessions, and Tab completion of :commands."""
    try:
        import readline
    except ImportError:  # no readline on this platform: plain input() still works
        return None
    path = history_path()
    try:
        readline.read_history_file(path)
    except OSError:
        pass  # first session, or unreadable: start empty
    readline.set_history_length(HISTORY_LENGTH)
    names = sorted(f":{c}" for c in commands)

    def complete(text: str, state: int) -> str | None:
        options = [n for n in names if n.startswith(text)] if text.startswith(":") else []
        return options[state] if state < len(options) else None

    readline.set_completer(complete)
    readline.set_completer_delims(" \t\n")
    readline.parse_and_bind("tab: complete")
    return path


def _save_history(path: Path | None) -> None:
    if path is None:
        return
    import readline
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        readline.write_history_file(path)
    except OSError:
        pass  # a read-only home should not turn a clean exit into an error


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[:max(width - 1, 10)].rstrip() + "…"


def _selected(conversation: Conversation) -> set[int] | None:
    """Indexes of the documents the :source glob selects (None: no glob)."""
    if not conversation.source:
        return None
    rows = set(conversation.bot.rows_for_source(conversation.source).tolist())
    return {i for i, d in enumerate(conversation.bot.index.documents) if d.first_passage in rows}


def _passage_lines(p: PassageView, style: Style, width: int) -> str:
    """One passage as render.to_text lists them: rank and text, then where and how well it matched."""
    return "\n".join(passage_lines(p, style, width))


def _wrap_spans(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Word-wrap text[start:end] into lines given as (start, end) offsets, keeping its line breaks,
    so that styling can be applied after wrapping (escape codes would otherwise count as width)."""
    lines = []
    block_start = start
    while True:
        newline = text.find("\n", block_start, end)
        block_end = end if newline < 0 else newline
        line_start = line_end = block_start
        for word in re.finditer(r"\S+", text[block_start:block_end]):
            w_start, w_end = block_start + word.start(), block_start + word.end()
            if line_end == line_start:
                line_start = w_start          # the first word of a line
            elif w_end - line_start > width:
                lines.append((line_start, line_end))
                line_start = w_start
            line_end = w_end
        lines.append((line_start, line_end))
        if newline < 0:
            return lines
        block_start = newline + 1


def _highlight(text: str, begin: int, end: int, passage: tuple[int, int], figure: tuple[int, int] | None,
               style: Style, width: int) -> str:
    """text[begin:end] wrapped to width, the passage in bold (its answer figure highlighted) and the
    rest dimmed. Without colour the passage is set off by » and « instead."""
    passage_start, passage_end = passage
    out = []
    for line_start, line_end in _wrap_spans(text, begin, end, width - 2):
        cuts = sorted({line_start, line_end, *[c for c in (passage_start, passage_end, *(figure or ()))
                                                 if line_start < c < line_end]})
        pieces = []
        for a, b in zip(cuts, cuts[1:]):
            piece = text[a:b]
            if figure and figure[0] <= a < figure[1]:
                pieces.append(style.figure(piece))
            elif passage_start <= a < passage_end:
                pieces.append(style.bold(piece) if style.color else piece)
            else:
                pieces.append(style.dim(piece))
        line = "".join(pieces)
        if not style.color:
            if line_start < passage_end <= line_end:  # the later mark first, so the earlier offset holds
                at = passage_end - line_start
                line = line[:at] + "«" + line[at:]
            if line_start <= passage_start < line_end:
                at = passage_start - line_start
                line = line[:at] + "»" + line[at:]
        out.append(line)
    return "\n".join(out)
