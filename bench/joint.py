"""Whether the passage score and the figure picker, refitted together, would answer more questions.

    .venv/bin/python bench/joint.py [--sentence-cosine]

Each figure question of the report sets (bench/reports) and of SQuAD is read once, as QA.ask reads
it, and every figure candidate of every scored passage (not only the RERANK_DEPTH best) is kept
with its evidence, beside each passage's features. Which figure is picked and whether it is given
then depend on weights alone: the passage score's, the picker's (FIGURE_WEIGHTS) and the
confidence's (FIGURE_CONFIDENCE), so other weights can be tried on every question in a fraction of
a second. The script first checks that this replay, with the weights in use, picks and gives (or
withholds) what qa/answering.py does for every question; then it prints the outcomes (right figures
given, unanswerable questions not answered) of:
- the weights in use;
- a coordinate search of the passage score's weights, the picker's weights that read the passage
  (READS_THE_PASSAGE) and the confidence's `relative`, together;
- a listwise (softmax) refit of all the picker's weights, at several pulls toward the weights in use;
- with --sentence-cosine, the question's cosine with each focus sentence as one more evidence of a
  figure, at several weights (it encodes about 25 sentences a question: several minutes).
Fits use SQuAD's fitting half and the report sets read question by question; the unread sets
(reports.READ_AS_TOTALS) and SQuAD's held-out half say whether a fit generalises. For each set of
weights the confidence's bias is recalibrated as ABSTAIN_BELOW was set: the answers to the
answerable questions of SQuAD's fitting half keep the confidence their lowest 10% fall under.
Nothing is written: a finding goes into qa/answering.py by hand, with its numbers.
"""
from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass

import numpy as np

import _common as C
from _common import say
from reports import READ_AS_TOTALS, SETS

FITTING_HALF = 13  # articles, by sorted name (as bench/halves.py)
PARTS = ("read report sets", "unread report sets", "SQuAD fitting half", "SQuAD held out")
FITTED_ON = PARTS[0], PARTS[2]
# The passage score's evidence (qa.answering.score_passages gives the first four their weights; the
# others are there to be tried): the candidate's fused rank score, the question's weighted share in the
# window, in the focus sentence and in the document's title, the candidate's cosine and BM25 score, the
# window's cosine (or its topic sentence's), the heaviest question word missing from the window.
PASSAGE_FEATURES = ("fused", "coverage", "focus_coverage", "title", "cosine", "bm25", "window_cosine", "missing")
READS_THE_PASSAGE = ("relative", "log_rank", "coverage", "focus_coverage", "dense")
CALIBRATED_SHARE = 0.10  # of the fitting half's answers to answerable questions, under the threshold


@dataclass
class Question:
    part: str
    answerable: bool
    figure_question: bool
    passages: np.ndarray       # (passages, PASSAGE_FEATURES)
    cosines: np.ndarray        # (passages,): the question's cosine with each focus sentence (or zeros)
    passage_of: np.ndarray     # (figures,): the index of each figure's passage
    ranker: np.ndarray         # (figures, FIGURE_WEIGHTS)
    confidence: np.ndarray     # (figures, FIGURE_CONFIDENCE but the bias)
    right: np.ndarray          # (figures,): the figure holds a gold answer
    in_use: tuple              # (given, passage row, start, end) as qa.answering picks it; () for none
    spans: list                # (passage row, start, end) of each figure, as it would be given


def read(bot, questions: list[dict], part_of, sentence_cosine: bool) -> list[Question]:
    from qa import answering as A
    from qa.evaluate import figure_hit, is_figure_question
    from qa.retrieval import retrieve

    ranker_keys, confidence_keys = list(A.FIGURE_WEIGHTS), [k for k in A.FIGURE_CONFIDENCE if k != "bias"]
    read_questions = []
    for q in questions:
        parsed, weights, passages = bot.read_passages(q["question"])
        if not parsed.wants_figure or not passages or all(stem[0].isdigit() for stem in parsed.stems):
            continue
        answer = A.pick_answer(bot.index, parsed, passages, weights)
        in_use = (answer.confidence >= A.ABSTAIN_BELOW, answer.passage_row, answer.start, answer.end) if answer else ()
        vector = bot.encoder.encode([parsed.as_asked])[0]
        candidates = {c.row: c for c in A._with_list_items(
            bot.index, retrieve(bot.index, vector, parsed.stems, None)[:A.RERANK_DEPTH * 2])}
        total = sum(weights.values()) or 1.0
        rows = []
        for p in passages:
            c = candidates[p.row]
            _, titled = A._title_stems(bot.index, A._doc(bot.index, p))
            title = sum(w for s, w in weights.items() if s in titled) / total
            rows.append([c.fused, p.coverage, p.focus_coverage, title, c.dense, c.lexical, p.dense, p.missing])
        cosines = np.zeros(len(passages))
        if sentence_cosine:
            sentences = [bot.index.texts[A._doc(bot.index, p)][p.focus_start:p.focus_end] for p in passages]
            cosines = bot.encoder.encode(sentences) @ vector
        position = {p.row: i for i, p in enumerate(passages)}
        passage_of, ranker, confidence, right, spans, said = [], [], [], [], [], {}
        depth, A.RERANK_DEPTH = A.RERANK_DEPTH, len(passages)  # every scored passage's figures, for a while
        try:
            for figure, passage, features in A.figure_candidates(bot.index, parsed, passages, weights):
                if features["fit"] < A.MIN_FIT or features["echo"]:
                    continue
                if passage.row not in said:  # (one sentence's evidence serves each of its figures)
                    said[passage.row] = A.sentence_evidence(bot.index, passage, weights, parsed)
                given = A.figure_answer(bot.index, parsed, figure, passage, features, said[passage.row])
                passage_of.append(position[passage.row])
                ranker.append([features[k] for k in ranker_keys])
                confidence.append([given.evidence[k] for k in confidence_keys])
                right.append(figure_hit(given.text, q["answers"]))
                spans.append((passage.row, given.start, given.end))
        finally:
            A.RERANK_DEPTH = depth
        read_questions.append(Question(
            part_of(q), bool(q["answerable"]), is_figure_question(q), np.array(rows, dtype=float), cosines,
            np.array(passage_of, dtype=int), np.array(ranker, dtype=float).reshape(-1, len(ranker_keys)),
            np.array(confidence, dtype=float).reshape(-1, len(confidence_keys)), np.array(right, dtype=bool),
            in_use, spans))
    return read_questions


@dataclass
class Weights:
    passage: np.ndarray
    ranker: np.ndarray
    confidence: np.ndarray     # without the bias
    sentence_cosine: float = 0.0


class Replay:
    def __init__(self, questions: list[Question]):
        from qa import answering as A

        self.questions = questions
        self.ranker_keys = list(A.FIGURE_WEIGHTS)
        self.confidence_keys = [k for k in A.FIGURE_CONFIDENCE if k != "bias"]
        self.relative, self.log_rank = self.ranker_keys.index("relative"), self.ranker_keys.index("log_rank")
        self.confidence_relative = self.confidence_keys.index("relative")
        self.depth, self.threshold = A.RERANK_DEPTH, A.ABSTAIN_BELOW

    def in_use(self) -> tuple[Weights, float]:
        from qa import answering as A

        passage = np.array([0.5, 0.3, 0.2, A.TITLE_WEIGHT, 0, 0, 0, 0])  # as score_passages weighs them
        return (Weights(passage, np.array([A.FIGURE_WEIGHTS[k] for k in self.ranker_keys]),
                        np.array([A.FIGURE_CONFIDENCE[k] for k in self.confidence_keys])),
                A.FIGURE_CONFIDENCE["bias"])

    def standing(self, q: Question, w: Weights):
        """The figures of the passages the picker reads, with the evidence the passage order gives them."""
        scores = q.passages @ w.passage
        order = np.argsort(-scores, kind="stable")  # as list.sort: ties keep the candidates' order
        rank = np.empty(len(scores), dtype=int)
        rank[order] = np.arange(len(scores))
        figure_rank = rank[q.passage_of]
        read = np.flatnonzero(figure_rank < self.depth)
        top = scores[order[0]]
        relative = scores[q.passage_of[read]] / top if top > 0 else np.zeros(len(read))
        ranker = q.ranker[read].copy()
        ranker[:, self.relative], ranker[:, self.log_rank] = relative, np.log1p(figure_rank[read])
        confidence = q.confidence[read].copy()
        confidence[:, self.confidence_relative] = relative
        return read, figure_rank[read], ranker, confidence

    def pick(self, q: Question, w: Weights) -> tuple[int, float]:
        """The figure picked (-1: none) and the logit of its confidence, less the bias."""
        read, figure_rank, ranker, confidence = self.standing(q, w)
        if not len(read):
            return -1, 0.0
        scores = ranker @ w.ranker + w.sentence_cosine * q.cosines[q.passage_of[read]]
        best = np.lexsort((np.arange(len(read)), figure_rank, -scores))[0]  # the first of the best, as max()
        return int(read[best]), float(confidence[best] @ w.confidence)

    def bias(self, w: Weights) -> float:
        """The bias that answers the answerable questions of SQuAD's fitting half as ABSTAIN_BELOW does."""
        logits = [z for q in self.questions if q.part == PARTS[2] and q.answerable
                  for i, z in [self.pick(q, w)] if i >= 0]
        return math.log(self.threshold / (1 - self.threshold)) - float(np.quantile(logits, CALIBRATED_SHARE))

    def outcomes(self, w: Weights, bias: float | None = None) -> dict[str, list[int]]:
        """Per part: right figures given, figure questions, unanswerable questions not answered, unanswerable."""
        bias = self.bias(w) if bias is None else bias
        tally = {part: [0, 0, 0, 0] for part in PARTS}
        for q in self.questions:
            i, z = self.pick(q, w)
            given = i >= 0 and 1 / (1 + math.exp(-(bias + z))) >= self.threshold
            t = tally[q.part]
            if not q.answerable:
                t[2] += not given
                t[3] += 1
            elif q.figure_question:
                t[0] += bool(given and q.right[i])
                t[1] += 1
        return tally

    def agreement(self) -> tuple[int, int]:
        """Questions where the replay with the weights in use picks and gives what qa does."""
        w, bias = self.in_use()
        same = 0
        for q in self.questions:
            i, z = self.pick(q, w)
            replayed = (1 / (1 + math.exp(-(bias + z))) >= self.threshold, *q.spans[i]) if i >= 0 else ()
            same += replayed == q.in_use
        return same, len(self.questions)


def objective(tally: dict[str, list[int]]) -> int:
    return sum(tally[p][0] + tally[p][2] for p in FITTED_ON)


def coordinate_search(replay: Replay, start: Weights) -> Weights:
    """Greedy steps of each weight that reads the passage while the fitting parts gain."""
    ranker_keys = replay.ranker_keys
    free = ([("passage", i) for i in range(len(PASSAGE_FEATURES))]
            + [("ranker", ranker_keys.index(k)) for k in READS_THE_PASSAGE]
            + [("confidence", replay.confidence_relative)])
    w = Weights(start.passage.copy(), start.ranker.copy(), start.confidence.copy())
    best = objective(replay.outcomes(w))
    for step in (0.4, 0.2, 0.1, 0.05):
        improved = True
        while improved:
            improved = False
            for name, i in free:
                for delta in (step, -step):
                    getattr(w, name)[i] += delta
                    value = objective(replay.outcomes(w))
                    if value > best:
                        best, improved = value, True
                    else:
                        getattr(w, name)[i] -= delta
    return w


def listwise_refit(replay: Replay, start: Weights, pull: float, steps: int = 1500, rate: float = 0.05) -> np.ndarray:
    """All the picker's weights, as a softmax over each fitting question's candidates that puts its
    mass on the right ones (Adam), with an L2 pull of strength `pull` toward the weights in use."""
    lists = []
    for q in replay.questions:
        if q.part in FITTED_ON and q.answerable and q.figure_question:
            read, _, ranker, _ = replay.standing(q, start)
            if q.right[read].any():
                lists.append((ranker, q.right[read]))
    width = max(len(r) for r, _ in lists)
    x = np.zeros((len(lists), width, len(replay.ranker_keys)))
    mask, right = np.zeros((len(lists), width), dtype=bool), np.zeros((len(lists), width), dtype=bool)
    for n, (ranker, is_right) in enumerate(lists):
        x[n, :len(ranker)], mask[n, :len(ranker)], right[n, :len(ranker)] = ranker, True, is_right
    w, m, v = start.ranker.copy(), np.zeros_like(start.ranker), np.zeros_like(start.ranker)
    for step in range(1, steps + 1):
        s = np.where(mask, x @ w, -np.inf)
        p_all = np.exp(s - s.max(axis=1, keepdims=True))
        p_all /= p_all.sum(axis=1, keepdims=True)
        p_right = np.where(right, p_all, 0.0)
        p_right /= p_right.sum(axis=1, keepdims=True)
        grad = np.einsum("nc,ncf->f", p_all - p_right, x) / len(lists) + 2 * pull / len(lists) * (w - start.ranker)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        w -= rate * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return w


def row(label: str, tally: dict[str, list[int]]) -> list:
    return [label] + [f"{tally[p][0]} / {tally[p][1]}, {tally[p][2]} / {tally[p][3]}" for p in PARTS]


def changed(names, before: np.ndarray, after: np.ndarray) -> str:
    return ", ".join(f"{k} {a:.2f} → {b:.2f}" for k, a, b in zip(names, before, after) if abs(a - b) >= 0.05) or "none"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentence-cosine", action="store_true",
                        help="also try the question's cosine with each focus sentence (slow)")
    args = parser.parse_args()
    from qa.api import QA
    from qa.evaluate import load_questions

    print(C.header("the passage score and the figure picker, refitted together (bench/joint.py)"))
    questions = []
    for name in SETS:
        folder = C.BENCH / "reports" / name
        bot = QA(folder / "docs", C.CACHE / f"reports-{name}", update=True, notify=say)
        part = PARTS[1] if name in READ_AS_TOTALS else PARTS[0]
        questions += read(bot, load_questions(folder / "questions.jsonl"), lambda q: part, args.sentence_cosine)
    say(f"read the report sets: {len(questions)} figure questions")
    squad = load_questions(C.SQUAD_QUESTIONS)
    fitting = set(sorted({q["doc"] for q in squad})[:FITTING_HALF])
    questions += read(C.squad_qa(), squad, lambda q: PARTS[2] if q["doc"] in fitting else PARTS[3],
                      args.sentence_cosine)
    replay = Replay(questions)
    same, total = replay.agreement()
    print(f"The replay with the weights in use picks and gives (or withholds) what qa does for {same} of {total} "
          "figure questions.")
    print()
    in_use, bias = replay.in_use()
    rows = [row("weights in use", replay.outcomes(in_use, bias))]
    notes = []
    searched = coordinate_search(replay, in_use)
    rows.append(row("coordinate search, passage and picker together", replay.outcomes(searched)))
    notes.append("coordinate search: passage " + changed(PASSAGE_FEATURES, in_use.passage, searched.passage)
                 + "; picker " + changed(replay.ranker_keys, in_use.ranker, searched.ranker)
                 + "; confidence " + changed(replay.confidence_keys, in_use.confidence, searched.confidence))
    for pull in (0.3, 1.0, 3.0, 10.0):
        refit = Weights(in_use.passage, listwise_refit(replay, in_use, pull), in_use.confidence)
        rows.append(row(f"listwise refit of the picker, pull {pull}", replay.outcomes(refit)))
        notes.append(f"listwise refit, pull {pull}: " + changed(replay.ranker_keys, in_use.ranker, refit.ranker))
    if args.sentence_cosine:
        for weight in (0.5, 1.0, 2.0, 3.0):
            rows.append(row(f"the focus sentence's cosine in the picker, weight {weight}",
                            replay.outcomes(Weights(in_use.passage, in_use.ranker, in_use.confidence, weight))))
    print(C.table(["weights"] + [f"{p}: right / figure questions, withheld / unanswerable" for p in PARTS], rows))
    print()
    print("Weights moved by 0.05 or more:")
    for note in notes:
        print(f"- {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
