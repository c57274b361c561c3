"""The library API: everything the command line does, callable from Python.

    from qa import QA
    bot = QA()                    # ./docs and ./index, or QA_DOCS / QA_INDEX
    result = bot.ask("How much cumulative credit has the bank provided?")
    result.answer.text            # "460 million yuan", == document text[start:end]
"""
from __future__ import annotations

import fnmatch
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from . import store
from .answering import (ABSTAIN_BELOW, RERANK_DEPTH, Answer, ScoredPassage, figures_between, pick_answer,
                        score_passages, term_weights)
from .errors import QAError, UsageError, default_docs_dir, default_index_dir  # re-exported
from .figures import Figure
from .question import Question, analyse
from .retrieval import retrieve


# Longer is not a question but a pasted text; the question analysis is not linear in the length.
MAX_QUESTION_CHARS = 2000
_SURROGATE = re.compile("[\ud800-\udfff]")




def _stderr(message: str) -> None:
    print(message, file=sys.stderr)




@dataclass(frozen=True, slots=True)
class PassageView:
    rank: int
    score: float
    source: str
    start: int
    end: int
    text: str
    focus_start: int
    focus_end: int
    line: int
    page: int | None
    figures: tuple[Figure, ...]


@dataclass(frozen=True, slots=True)
class Result:
    question: str
    kind: str
    answered: bool
    answer: Answer | None       # also set when not answered: the best guess, for display only
    passages: tuple[PassageView, ...]
    confidence: float
    resolved_question: str = ""
    line: int = 0               # line of the answer in its document
    page: int | None = None
    labels: tuple[tuple[str, int, int], ...] = ()  # (text, start, end): a table cell answer's row label and column


@dataclass
class QA:
    docs_dir: Path = field(default_factory=default_docs_dir)
    index_dir: Path = field(default_factory=default_index_dir)
    update: bool = True
    notify: Callable[[str], None] = _stderr

    def __post_init__(self) -> None:
        self.docs_dir, self.index_dir = Path(self.docs_dir), Path(self.index_dir)
        if self.update:
            ensure_index(self.docs_dir, self.index_dir, self.notify)
        try:
            self.index = store.load_index(self.index_dir)
        except store.IndexError_ as exc:
            raise QAError(str(exc)) from None
        self._encoder = None

    @property
    def encoder(self):
        if self._encoder is None:
            from .embedding import QueryEncoder
            self._encoder = QueryEncoder(self.index.encoder_dir)
        return self._encoder

    def rows_for_source(self, pattern: str | None) -> np.ndarray | None:
        """Passage rows of the documents whose path matches the glob (None: every document)."""
        if not pattern:
            return None
        if pattern.startswith("/") or ".." in Path(pattern).parts:
            raise UsageError(f"--source {pattern!r} must be a path inside the documents folder")
        matches = [i for i, d in enumerate(self.index.documents)
                   if fnmatch.fnmatchcase(d.source, pattern) or fnmatch.fnmatchcase(Path(d.source).name, pattern)]
        if not matches:
            raise UsageError(f"no indexed document matches --source {pattern!r}")
        return self.index.rows_of(matches)

    def ask(self, question: str, top_k: int = 3, source: str | None = None,
            search_text: str | None = None) -> Result:
        """Answer one question. `search_text` (chat follow-ups) is what is searched for when it
        differs from what was asked."""
        question = _clean(question or "")
        if not question.strip():
            raise UsageError("the question is empty")
        if len(question) > MAX_QUESTION_CHARS:
            raise UsageError(f"the question is too long ({len(question):,} characters; at most "
                             f"{MAX_QUESTION_CHARS:,})")
        if top_k < 1:
            raise UsageError(f"top_k must be at least 1, not {top_k}")
        rows = self.rows_for_source(source)
        searched = _clean(search_text)[:2 * MAX_QUESTION_CHARS] if search_text else question
        parsed, weights, passages = self.read_passages(searched, rows, top_k)
        answer = pick_answer(self.index, parsed, passages, weights)
        confidence = answer.confidence if answer else 0.0
        answered = answer is not None and confidence >= ABSTAIN_BELOW
        if answer is not None:  # the passage that holds the answer leads
            passages.sort(key=lambda p: (p.row != answer.passage_row, -p.score))
        views = self._views(_diverse(passages, top_k))
        line, page, labels = 0, None, ()
        if answer is not None:
            doc = int(self.index.passages[answer.passage_row][0])
            text = self.index.texts[doc]
            line = line_of(text, answer.start)
            page = _page_of(self.index.documents[doc], answer.start)
            labels = tuple((text[a:b], a, b) for a, b in answer.labels)
        return Result(question, parsed.kind, answered, answer, views, confidence,
                      resolved_question=searched, line=line, page=page, labels=labels)

    def read_passages(self, text: str, rows: np.ndarray | None = None,
                      top_k: int = 3) -> tuple[Question, dict[str, float], list[ScoredPassage]]:
        """The question as analysed, its words' weights, and the passages scored for it (best
        first), as `ask` reads them before it picks the answer; `rows` restricts the search."""
        parsed = analyse(text)
        vector = self.encoder.encode([parsed.as_asked])[0]  # "Give me X": what is asked, without the request
        candidates = retrieve(self.index, vector, parsed.stems, rows)
        weights = term_weights(self.index, parsed)
        passages = score_passages(self.index, parsed, candidates[:max(RERANK_DEPTH, top_k) * 2], weights, vector)
        return parsed, weights, passages

    def _views(self, passages) -> tuple[PassageView, ...]:
        views = []
        for rank, p in enumerate(passages, 1):
            doc = int(self.index.passages[p.row][0])
            text = self.index.texts[doc]
            views.append(PassageView(rank, round(p.score, 4), p.source, p.start, p.end, text[p.start:p.end],
                                     p.focus_start, p.focus_end, line_of(text, p.focus_start),
                                     _page_of(self.index.documents[doc], p.focus_start),
                                     tuple(figures_between(text, p.start, p.end))))
        return tuple(views)


def _clean(text: str) -> str:
    """The text with lone surrogates (undecodable bytes from argv or stdin) made U+FFFD: they
    cannot be tokenised, encoded as UTF-8 or printed."""
    return _SURROGATE.sub("\ufffd", text)


def _diverse(passages, top_k: int):
    """Top passages whose focus sentences are not already shown inside a higher-ranked window."""
    chosen = []
    for p in passages:
        if any(c.source == p.source and c.start <= p.focus_start and p.focus_end <= c.end for c in chosen):
            continue
        chosen.append(p)
        if len(chosen) == top_k:
            break
    return chosen


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _page_of(entry: store.DocumentEntry, offset: int) -> int | None:
    if not entry.page_starts:
        return None
    return sum(1 for s in entry.page_starts if s <= offset) or 1


def ensure_index(docs_dir: Path, index_dir: Path, notify: Callable[[str], None] = _stderr) -> None:
    """Build the index when it is missing, foreign or stale; say so on stderr."""
    if not docs_dir.is_dir():
        if (index_dir / store.MANIFEST).exists():
            return  # an index without its documents still answers
        raise UsageError(f"documents folder {docs_dir} does not exist")
    try:
        manifest = store.read_manifest(index_dir)
        change = store.staleness(docs_dir, manifest)
        if not change.stale:
            return
        notify(f"documents changed since the index was built ({change.summary()}); updating the index")
    except store.IndexMissingError:
        from .documents import find_document_paths
        if not find_document_paths(docs_dir)[0]:
            raise UsageError(f"no readable documents in {docs_dir}") from None
        notify(f"no index yet in {index_dir}; building it from {docs_dir}")
    except store.IndexForeignError as exc:  # not ours to overwrite
        raise QAError(str(exc)) from None
    except store.IndexError_ as exc:
        notify(f"{exc}; rebuilding")
    build(docs_dir, index_dir, full=False, notify=notify)


def build(docs_dir: Path, index_dir: Path, full: bool = False,
          notify: Callable[[str], None] = _stderr, show_progress: bool = False) -> store.BuildReport:
    from .documents import DocumentError
    try:
        return store.build_index(docs_dir, index_dir, full=full, notify=notify, show_progress=show_progress)
    except DocumentError as exc:
        raise UsageError(str(exc)) from None
    except (store.NoDocumentsError, store.DocumentsFolderError) as exc:
        raise UsageError(str(exc)) from None
    except store.IndexError_ as exc:
        raise QAError(str(exc)) from None
