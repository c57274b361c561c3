"""Answer quality on the two halves of the SQuAD set, and what changed question by question.

    .venv/bin/python bench/halves.py [--save RUN.json] [--compare RUN.json]

The evidence weights of qa/answering.py were fitted on the SQuAD articles whose names sort first
(13 of 25: 1973_oil_crisis–Huguenot) and checked on the other 12. This prints the metrics of
../shared/eval/score.py for the seed set, the fitting half, the held-out half and the whole set,
then figure@1 by the kind of question qa reads. A change should be judged on the held-out half.

It also prints the calibration of the confidence: ABSTAIN_BELOW is set to answer 90% of the
fitting half's answerable questions, and the two confidences (a figure's, fitted; a sentence's, set
by hand) must each hold to that. The line shows, for each, the confidence under which the lowest
10% of those answers fall: both should be near ABSTAIN_BELOW.

--save writes each SQuAD question's outcome (right or not, and the answer) to a JSON file;
--compare lists the questions whose outcome or answer differs from such a file, as GAIN, LOSS or
(the same outcome, another answer) CHANGED, so that a change can be seen to cost nothing
elsewhere. The SQuAD index is the one bench/quality.py caches.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import _common as C
from _common import say

FITTING_HALF = 13  # articles, by sorted name


def line(label: str, result) -> list:
    r = result.rates()
    return [label, r["passage@1"], r["passage@3"], r["figure@1"], r["abstain"], r["answered_answerable"],
            f"{r['quotes_wrong']}/{r['quotes_checked']}"]


def calibration(bot, answerable: list[dict]) -> str:
    """The 10% quantile of the confidence of the answers to `answerable`, figure and sentence answers apart."""
    import numpy as np

    from qa.answering import ABSTAIN_BELOW

    confidences: dict[str, list[float]] = {"figure": [], "sentence": []}
    for q in answerable:
        answer = bot.ask(q["question"]).answer
        if answer is not None:  # a figure's evidence says how well it fits; a sentence's has no fit
            confidences["figure" if "fit" in answer.evidence else "sentence"].append(answer.confidence)
    parts = [f"{kind} answers {np.quantile(values, 0.10):.3f} (of {len(values)})"
             for kind, values in confidences.items() if values]
    return (f"Calibration on the fitting half's answerable questions, the confidence 10% of the answers fall "
            f"under: {', '.join(parts)}; ABSTAIN_BELOW {ABSTAIN_BELOW}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--save", type=Path, help="write each SQuAD question's outcome to this JSON file")
    parser.add_argument("--compare", type=Path, help="list the questions whose outcome differs from this file")
    args = parser.parse_args()

    from qa.api import QA
    from qa.evaluate import evaluate, is_figure_question, load_questions, score
    from qa.question import classify

    print(C.header("qa answer quality on the halves of SQuAD (bench/halves.py)"))
    rows = []
    seed = QA(C.SEED_DOCS, C.SEED_INDEX, update=True, notify=say)
    rows.append(line("seed_questions", evaluate(seed, load_questions(C.SEED_QUESTIONS))[0]))

    bot = C.squad_qa()
    questions = load_questions(C.SQUAD_QUESTIONS)
    result, outputs = evaluate(bot, questions)
    articles = sorted({q["doc"] for q in questions})
    fitting = set(articles[:FITTING_HALF])
    texts = {d.source: bot.index.texts[i] for i, d in enumerate(bot.index.documents)}
    for label, keep in ((f"squad2-numeric, fitting half ({articles[0]}–{articles[FITTING_HALF - 1]})",
                         lambda q: q["doc"] in fitting),
                        (f"squad2-numeric, held-out half ({articles[FITTING_HALF]}–{articles[-1]})",
                         lambda q: q["doc"] not in fitting)):
        pairs = [(q, o) for q, o in zip(questions, outputs) if keep(q)]
        rows.append(line(label, score([q for q, _ in pairs], [o for _, o in pairs], texts.get)))
    rows.append(line("squad2-numeric, all", result))
    print(C.table(["set", "passage@1", "passage@3", "figure@1", "abstain", "answered (answerable)", "quotes wrong"],
                  rows))

    right, asked = Counter(), Counter()
    for q, o in zip(questions, outputs):
        if q["answerable"] and is_figure_question(q):
            kind = classify(q["question"])
            asked[kind] += 1
            right[kind] += C.outcome(q, o)["right"]
    print()
    print("figure@1 by the kind qa reads: " + ", ".join(f"{k} {right[k]}/{asked[k]}" for k in sorted(asked)))

    print()
    print(calibration(bot, [q for q in questions if q["answerable"] and q["doc"] in fitting]))

    now = {q["id"]: C.outcome(q, o) for q, o in zip(questions, outputs)}
    if args.compare:
        C.compare_outcomes(now, args.compare)
    if args.save:
        C.save_outcomes(now, args.save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
