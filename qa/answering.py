"""From candidate passages to an answer: the figure that fits the question, or the sentence, or none.

Every candidate figure is scored by four pieces of evidence:
- the passage: how well its window matches the question (dense + BM25 + how many of the
  question's rare words it holds);
- the fit: whether the figure is of the kind asked for (a year for "when", money for "how much");
- proximity: how close the question's words stand to the figure in its own sentence;
- the counted thing: "how many enterprises" wants a figure followed by "enterprises".
The confidence behind `answered` rests on the same evidence, and below ABSTAIN_BELOW the answer is
"the documents do not say".
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .figures import Figure, find_figures
from .question import FITS, Question
from .retrieval import Candidate
from .store import Index
from .terms import Term, terms

RERANK_DEPTH = 12        # candidates whose sentences are examined for figures
ABSTAIN_BELOW = 0.5      # confidence threshold; see README "Answer quality" for how it was set
NEIGHBOUR_WEIGHT = 0.35  # a question word in a neighbouring sentence counts this much


@dataclass(frozen=True, slots=True)
class ScoredPassage:
    row: int
    source: str
    start: int
    end: int
    focus_start: int
    focus_end: int
    score: float
    coverage: float        # weighted share of the question's words found in the window
    focus_coverage: float  # ... in the focus sentence


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    source: str
    start: int
    end: int
    kind: str             # the figure's kind, or "sentence"
    sentence_start: int   # the sentence that holds it
    sentence_end: int
    passage_row: int
    confidence: float


def term_weights(index: Index, question: Question) -> dict[str, float]:
    """IDF of each question term over the passages; a word absent from the corpus weighs most."""
    n = max(index.lexical.size, 1)
    weights = {}
    for stem in question.stems:
        df = index.lexical.document_frequency(stem)
        weights[stem] = math.log(1 + (n - df + 0.5) / (df + 0.5))
    return weights


def score_passages(index: Index, question: Question, candidates: list[Candidate],
                   weights: dict[str, float]) -> list[ScoredPassage]:
    total = sum(weights.values()) or 1.0
    scored = []
    for c in candidates:
        doc, start, end, focus_start, focus_end = (int(v) for v in index.passages[c.row])
        text = index.texts[doc]
        window = {t.stem for t in terms(text, start, end)}
        focus = {t.stem for t in terms(text, focus_start, focus_end)}
        coverage = sum(w for s, w in weights.items() if s in window) / total
        focus_coverage = sum(w for s, w in weights.items() if s in focus) / total
        score = 0.5 * c.fused + 0.3 * coverage + 0.2 * focus_coverage
        scored.append(ScoredPassage(c.row, index.documents[doc].source, start, end, focus_start, focus_end,
                                    score, coverage, focus_coverage))
    scored.sort(key=lambda p: -p.score)
    return scored


def _proximity(figure: Figure, sentence_terms: list[Term], window_stems: set[str],
               weights: dict[str, float]) -> float:
    """Weighted share of question words near the figure: full weight next to it, decaying with
    distance inside its sentence, NEIGHBOUR_WEIGHT in the rest of the window."""
    total = sum(weights.values()) or 1.0
    position = next((i for i, t in enumerate(sentence_terms) if t.start >= figure.start), len(sentence_terms))
    positions: dict[str, list[int]] = {}
    for i, t in enumerate(sentence_terms):
        if not (figure.start <= t.start < figure.end):
            positions.setdefault(t.stem, []).append(i)
    score = 0.0
    for stem, weight in weights.items():
        if stem in positions:
            distance = min(abs(i - position) for i in positions[stem])
            score += weight * (0.6 + 0.4 / (1 + distance / 6))
        elif stem in window_stems:
            score += weight * NEIGHBOUR_WEIGHT
    return score / total


def _counted_thing_follows(figure: Figure, sentence_terms: list[Term], head: tuple[str, ...]) -> bool:
    """True when the thing counted in "how many X" is named within four words after the figure."""
    if not head:
        return False
    after = [t.stem for t in sentence_terms if t.start >= figure.end][:4]
    return head[-1] in after or (figure.unit and terms(figure.unit) and terms(figure.unit)[0].stem == head[-1])


def _is_echo(figure: Figure, question: Question) -> bool:
    """A figure the question itself names ("in 2023 ...") is context, not the answer."""
    return any(t.stem.rstrip("%") in question.numbers for t in terms(figure.text) if t.stem[0].isdigit())


def pick_answer(index: Index, question: Question, passages: list[ScoredPassage]) -> Answer | None:
    """The best-supported answer among the top passages, with its confidence (None: nothing fits)."""
    if not passages:
        return None
    if not question.wants_figure:
        best = passages[0]
        confidence = 0.55 * best.coverage + 0.45 * best.focus_coverage
        return Answer(index.texts[_doc(index, best)][best.focus_start:best.focus_end], best.source,
                      best.focus_start, best.focus_end, "sentence", best.focus_start, best.focus_end,
                      best.row, confidence)
    fits = FITS[question.kind]
    weights = {s: w for s, w in term_weights(index, question).items() if s not in question.head_stems} \
        or term_weights(index, question)
    best: tuple[float, Answer] | None = None
    top_score = passages[0].score
    for passage in passages[:RERANK_DEPTH]:
        text = index.texts[_doc(index, passage)]
        sentence_terms = terms(text, passage.focus_start, passage.focus_end)
        window_stems = {t.stem for t in terms(text, passage.start, passage.end)}
        for figure in find_figures(text, passage.focus_start, passage.focus_end):
            fit = fits.get(figure.kind, 0.0)
            if fit == 0.0 or _is_echo(figure, question):
                continue
            proximity = _proximity(figure, sentence_terms, window_stems, weights)
            counted = 1.0 if _counted_thing_follows(figure, sentence_terms, question.head_stems) else 0.0
            relative = passage.score / top_score if top_score > 0 else 0.0
            score = 0.35 * relative + 0.3 * fit + 0.25 * proximity + 0.1 * counted
            confidence = fit * (0.5 * proximity + 0.3 * passage.coverage + 0.2 * relative) + 0.1 * counted
            if best is None or score > best[0]:
                best = (score, Answer(figure.text, passage.source, figure.start, figure.end, figure.kind,
                                      passage.focus_start, passage.focus_end, passage.row, min(confidence, 1.0)))
    return best[1] if best else None


def _doc(index: Index, passage: ScoredPassage) -> int:
    return int(index.passages[passage.row][0])
