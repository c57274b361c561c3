"""Refit the evidence weights of qa/answering.py on SQuAD's fitting half, beside the weights in use.

    .venv/bin/python bench/fit.py

FIGURE_WEIGHTS (which figure answers) were fitted as a listwise (softmax) ranker, and the fitted
part of FIGURE_CONFIDENCE (whether to answer) as a logistic model of "the question is answerable",
on the 13 SQuAD articles whose names sort first; rules and weights set by hand came after them.
This refits both on the same half with the code as it is now and prints, for the weights in use
and for the refit:
- the ranker's top-1: among the questions with a right figure among the candidates, the share
  where it ranks first;
- the confidence's AUC: how well it orders the figure answers of answerable questions above those
  of unanswerable ones;
on each half. The held-out half says whether a refit would generalise. Weights set by hand
(REPORT_WEIGHTS, counts_the_subject, the confidence's rule weights) are held as they are. Nothing
is written: qa/answering.py keeps rounded weights and says where they came from.
"""
from __future__ import annotations

import sys

import numpy as np

import _common as C
from _common import say

FITTING_HALF = 13  # articles, by sorted name (as bench/halves.py)
RANKER_FEATURES = ("fit", "adjacent", "proximity", "clause", "counted", "unit_clash", "relative",
                   "focus_coverage", "coverage", "dense", "log_rank")
CONFIDENCE_FEATURES = ("fit", "clause", "focus_coverage", "dense", "relative", "proximity")
L2 = 0.001  # per weight, against the mean loss per question: a little, so the fit does not chase single questions


def candidate_lists(bot, questions: list[dict]) -> list[tuple[dict, np.ndarray, np.ndarray, np.ndarray]]:
    """Per figure question with a right figure among its candidates: the fitted features of each
    candidate, the part of its score the hand-set weights give, and which candidates are right; as
    QA.ask reads them (the same passages and candidates)."""
    from qa.answering import FIGURE_WEIGHTS, MIN_FIT, figure_candidates
    from qa.evaluate import figure_hit

    fixed = {k: w for k, w in FIGURE_WEIGHTS.items() if k not in RANKER_FEATURES}
    lists = []
    for q in questions:
        parsed, weights, passages = bot.read_passages(q["question"])
        if not parsed.wants_figure:
            continue
        rows, offsets, right = [], [], []
        for figure, _, features in figure_candidates(bot.index, parsed, passages, weights):
            if features["fit"] >= MIN_FIT and not features["echo"]:
                rows.append([features[k] for k in RANKER_FEATURES])
                offsets.append(sum(w * features[k] for k, w in fixed.items()))
                right.append(figure_hit(figure.text, q["answers"]))
        if any(right):
            lists.append((q, np.array(rows), np.array(offsets), np.array(right)))
    return lists


def top1(lists, weights: np.ndarray) -> float:
    return float(np.mean([right[np.argmax(x @ weights + offset)] for _, x, offset, right in lists]))


def fit_ranker(lists, start: np.ndarray, steps: int = 3000, rate: float = 0.05) -> np.ndarray:
    """Listwise softmax: maximise the probability mass the scores give the right candidates (Adam)."""
    w, m, v = start.astype(float).copy(), np.zeros_like(start), np.zeros_like(start)
    for step in range(1, steps + 1):
        grad = 2 * L2 * len(lists) * w
        for _, x, offset, right in lists:
            s = x @ w + offset
            p_all = np.exp(s - s.max())
            p_all /= p_all.sum()
            p_right = np.where(right, p_all, 0.0)
            p_right /= p_right.sum()
            grad += x.T @ (p_all - p_right)
        grad /= len(lists)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        w -= rate * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return w


def answer_evidence(bot, questions: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The fitted confidence features of each figure answer, the hand-set part of its logit, and
    whether its question is answerable."""
    from qa.answering import FIGURE_CONFIDENCE

    fixed = {k: w for k, w in FIGURE_CONFIDENCE.items() if k not in CONFIDENCE_FEATURES and k != "bias"}
    rows, offsets, answerable = [], [], []
    for q in questions:
        answer = bot.ask(q["question"]).answer
        if answer is not None and "fit" in answer.evidence:  # a figure answer (a sentence's has no fit)
            rows.append([answer.evidence[k] for k in CONFIDENCE_FEATURES])
            offsets.append(sum(w * answer.evidence[k] for k, w in fixed.items()))
            answerable.append(bool(q["answerable"]))
    return np.array(rows), np.array(offsets), np.array(answerable)


def auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """The chance that a random positive scores above a random negative (ties count half)."""
    pos, neg = scores[positive], scores[~positive]
    if not len(pos) or not len(neg):
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


def fit_confidence(x: np.ndarray, offset: np.ndarray, y: np.ndarray, steps: int = 5000,
                   rate: float = 0.05) -> np.ndarray:
    """Logistic regression with an offset; returns [bias, weights...] (Adam, L2 on the weights)."""
    design = np.hstack([np.ones((len(x), 1)), x])
    w, m, v = np.zeros(design.shape[1]), np.zeros(design.shape[1]), np.zeros(design.shape[1])
    for step in range(1, steps + 1):
        p = 1 / (1 + np.exp(-(design @ w + offset)))
        grad = design.T @ (p - y) / len(y) + 2 * L2 * np.r_[0.0, w[1:]]
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        w -= rate * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return w


def report(title: str, measure_name: str, measure, names, in_use: np.ndarray, refit: np.ndarray, counts: str) -> None:
    """The measure of the weights in use and of the refit on each half, then both sets of weights."""
    print(f"## {title}")
    print()
    print(C.table(["weights", f"{measure_name}, fitting half", f"{measure_name}, held out"],
                  [[name, round(measure(w, "fitting"), 3), round(measure(w, "held out"), 3)]
                   for name, w in (("in use", in_use), ("refit", refit))]))
    print()
    print(counts)
    print()
    print(C.table(["feature", "in use", "refit"],
                  [[k, round(float(a), 2), round(float(b), 2)] for k, a, b in zip(names, in_use, refit)]))


def main() -> int:
    from qa.answering import FIGURE_CONFIDENCE, FIGURE_WEIGHTS
    from qa.evaluate import load_questions

    print(C.header("qa evidence weights refitted on SQuAD's fitting half (bench/fit.py)"))
    bot = C.squad_qa()
    questions = load_questions(C.SQUAD_QUESTIONS)
    articles = sorted({q["doc"] for q in questions})
    fitting = set(articles[:FITTING_HALF])
    halves = {"fitting": [q for q in questions if q["doc"] in fitting],
              "held out": [q for q in questions if q["doc"] not in fitting]}

    say("reading the figure candidates of every figure question")
    lists = {half: candidate_lists(bot, [q for q in qs if q["answerable"]]) for half, qs in halves.items()}
    in_use = np.array([FIGURE_WEIGHTS[k] for k in RANKER_FEATURES])
    say(f"fitting the ranker on {len(lists['fitting'])} questions")
    report("The figure ranker (FIGURE_WEIGHTS)", "top-1", lambda w, half: top1(lists[half], w),
           RANKER_FEATURES, in_use, fit_ranker(lists["fitting"], in_use),
           f"Questions with a right figure among the candidates: {len(lists['fitting'])} (fitting), "
           f"{len(lists['held out'])} (held out).")

    say("reading the answers of every question")
    evidence = {half: answer_evidence(bot, qs) for half, qs in halves.items()}
    x, offset, y = evidence["fitting"]
    say(f"fitting the confidence on {len(y)} figure answers")
    names = ("bias",) + CONFIDENCE_FEATURES

    def confidence_auc(w, half):
        x, offset, answerable = evidence[half]
        return auc(np.hstack([np.ones((len(x), 1)), x]) @ w + offset, answerable)

    print()
    report("The confidence (FIGURE_CONFIDENCE), figure answers: answerable against unanswerable", "AUC",
           confidence_auc, names, np.array([FIGURE_CONFIDENCE[k] for k in names]), fit_confidence(x, offset, y),
           f"Figure answers: {len(y)} (fitting, {int(y.sum())} to answerable questions), "
           f"{len(evidence['held out'][2])} (held out, {int(evidence['held out'][2].sum())}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
