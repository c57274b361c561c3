"""`qa eval`: answer a question set and score it with the definitions of ../shared/eval/score.py.

A question set is JSON Lines: {"id", "question", "answers": [gold strings], "evidence"?, "kind"?,
"answerable"?, "doc"?}. The metrics:
- passage@1: the first passage (answered, at most 800 characters) holds a gold answer or the evidence;
- passage@3: one of the first three passages does;
- figure@1: for figure questions, the answer holds a gold answer and is at most 24 characters longer;
- abstain: the share of unanswerable questions left unanswered;
- quotes wrong: quoted texts that are not the document's text at their offsets.
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

FIGURE_KINDS = {"count", "money", "percent", "date", "figure"}
MAX_PASSAGE_CHARS = 800
MAX_FIGURE_EXTRA = 24


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


def contains(haystack: str, needle: str) -> bool:
    """`needle` stands in `haystack` as a whole run of tokens (case and spacing folded)."""
    return re.search(r"(?<![\w.])" + re.escape(_norm(needle)) + r"(?![\w])", _norm(haystack)) is not None


def figure_hit(got: str, answers: list[str]) -> bool:
    """The answer text holds a gold answer and is at most MAX_FIGURE_EXTRA characters longer."""
    return any(contains(got, g) and len(got) <= len(g) + MAX_FIGURE_EXTRA for g in answers)


def load_questions(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        if not isinstance(item, dict) or not isinstance(item.get("question"), str):
            raise ValueError(f"{path}:{number}: each line needs a \"question\"")
        item.setdefault("id", str(number))
        item.setdefault("answers", [])
        item.setdefault("answerable", bool(item["answers"]))
        rows.append(item)
    return rows


def is_figure_question(q: dict) -> bool:
    kind = q.get("kind") or ("figure" if any(re.search(r"\d", g) for g in q["answers"]) else "other")
    return kind in FIGURE_KINDS


@dataclass
class Score:
    questions: int = 0
    answerable: int = 0
    unanswerable: int = 0
    passage_at_1: int = 0
    passage_at_3: int = 0
    figure_questions: int = 0
    figure_at_1: int = 0
    abstained_correctly: int = 0
    answered_answerable: int = 0
    quotes_checked: int = 0
    quotes_wrong: int = 0
    seconds: float = 0.0
    misses: list[dict] = field(default_factory=list)

    def rates(self) -> dict:
        return {
            "passage@1": round(self.passage_at_1 / max(self.answerable, 1), 3),
            "passage@3": round(self.passage_at_3 / max(self.answerable, 1), 3),
            "figure@1": round(self.figure_at_1 / max(self.figure_questions, 1), 3),
            "abstain": round(self.abstained_correctly / max(self.unanswerable, 1), 3),
            "answered_answerable": round(self.answered_answerable / max(self.answerable, 1), 3),
            "quotes_wrong": self.quotes_wrong,
            "quotes_checked": self.quotes_checked,
        }


def score(questions: Iterable[dict], outputs: Iterable[dict], text_of: Callable[[str], str | None]) -> Score:
    """Score JSON outputs (the `qa ask --json` contract) against questions."""
    result = Score()
    for q, out in zip(questions, outputs):
        result.questions += 1
        passages = out.get("passages") or []
        answer = out.get("answer") if out.get("answered") else None
        quoted = list(passages) + ([answer] if answer else [])
        quoted += [f | {"source": p.get("source")} for p in passages for f in p.get("figures") or []]
        quoted += [label | {"source": answer.get("source")} for label in (answer or {}).get("labels") or []]
        for item in quoted:
            result.quotes_checked += 1
            text = text_of(item.get("source"))
            if text is None or text[item.get("start", 0):item.get("end", 0)] != item.get("text"):
                result.quotes_wrong += 1
                result.misses.append({"id": q["id"], "problem": "quote does not match source", "item": item})
        if not q["answerable"]:
            result.unanswerable += 1
            if answer:
                result.misses.append({"id": q["id"], "question": q["question"],
                                      "problem": "answered an unanswerable question", "got": answer["text"]})
            else:
                result.abstained_correctly += 1
            continue
        result.answerable += 1
        result.answered_answerable += bool(answer)
        golds = q["answers"] + ([q["evidence"]] if q.get("evidence") else [])

        def hit(p: dict) -> bool:
            text = p.get("text", "")
            return len(text) <= MAX_PASSAGE_CHARS and any(contains(text, g) for g in golds)

        if passages and answer and hit(passages[0]):
            result.passage_at_1 += 1
        elif not any(hit(p) for p in passages[:3]):
            result.misses.append({"id": q["id"], "question": q["question"], "problem": "passage not found",
                                  "want": q["answers"]})
        if any(hit(p) for p in passages[:3]):
            result.passage_at_3 += 1
        if is_figure_question(q):
            result.figure_questions += 1
            got = answer["text"] if answer else ""
            if figure_hit(got, q["answers"]):
                result.figure_at_1 += 1
            else:
                result.misses.append({"id": q["id"], "question": q["question"], "problem": "figure wrong",
                                      "want": q["answers"], "got": got})
    return result


def evaluate(bot, questions: list[dict], per_doc: bool = False) -> tuple[Score, list[dict]]:
    """Ask every question of the set with `bot` (a qa.api.QA) and score the answers."""
    from .render import to_json

    outputs = []
    started = time.perf_counter()
    for q in questions:
        result = bot.ask(q["question"], source=q.get("doc") if per_doc else None)
        outputs.append(to_json(result))
    elapsed = time.perf_counter() - started
    texts = {d.source: bot.index.texts[i] for i, d in enumerate(bot.index.documents)}
    result = score(questions, outputs, texts.get)
    result.seconds = elapsed
    return result, outputs
