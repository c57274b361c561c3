"""Showing results: the JSON contract for scripts, and text for people.

Text output highlights the quoted figure inside its sentence; colour only on a terminal and never
with NO_COLOR set. Every character shown between quotes is the document's own.
"""
from __future__ import annotations

import os
import shutil
import textwrap

from .api import PassageView, Result

NO_ANSWER = "The documents do not say."


def to_json(result: Result, extra: dict | None = None) -> dict:
    """The contract of ../shared/eval/score.py, plus kind, confidence and line numbers."""
    answer = None
    if result.answered and result.answer is not None:
        a = result.answer
        answer = {"text": a.text, "source": a.source, "start": a.start, "end": a.end,
                  "kind": a.kind, "line": result.line}
        if result.page is not None:
            answer["page"] = result.page
        if result.labels:  # a table's cell: its row label and column header, quoted where they stand
            answer["labels"] = [{"text": text, "start": start, "end": end} for text, start, end in result.labels]
    payload = {
        "question": result.question,
        "answered": result.answered,
        "answer": answer,
        "kind": result.kind,
        "confidence": round(result.confidence, 4),
        "passages": [_passage_json(p) for p in result.passages],
    }
    if extra:
        payload.update(extra)
    return payload


def _passage_json(p: PassageView) -> dict:
    item = {"rank": p.rank, "score": p.score, "source": p.source, "start": p.start, "end": p.end,
            "text": p.text, "line": p.line,
            "figures": [{"text": f.text, "start": f.start, "end": f.end, "kind": f.kind} for f in p.figures]}
    if p.page is not None:
        item["page"] = p.page
    return item


class Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def _wrap(self, code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.color else text

    def figure(self, text: str) -> str:
        return self._wrap("1;33", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)

    def bold(self, text: str) -> str:
        return self._wrap("1", text)


def use_color(stream) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _where(source: str, line: int, page: int | None) -> str:
    return f"{source}:{line}" + (f" (page {page})" if page else "")


def to_text(result: Result, style: Style, width: int | None = None, show_passages: bool = True) -> str:
    width = width or min(shutil.get_terminal_size((100, 24)).columns, 100)
    lines: list[str] = []
    if result.answered and result.answer is not None:
        a = result.answer
        lead = result.passages[0] if result.passages else None
        sentence = _sentence_of(result, a)
        highlighted = sentence[: a.start - a.sentence_start] + style.figure(a.text) + sentence[a.end - a.sentence_start:] \
            if a.kind != "sentence" else sentence
        if a.kind != "sentence":
            lines.append(style.bold(a.text))
        lines.extend(_wrap(f"“{highlighted}”", width, "  " if a.kind != "sentence" else ""))
        if result.labels:
            lines.extend(_wrap("in the table: " + " · ".join(f"“{text}”" for text, _, _ in result.labels), width, "  "))
        lines.append(style.dim(f"  — {_where(a.source, result.line, result.page)}"
                               f"   confidence {result.confidence:.0%}"))
        rest = [p for p in result.passages if lead is None or p is not lead] if show_passages else []
    else:
        lines.append(NO_ANSWER)
        rest = list(result.passages) if show_passages else []
        if rest:
            lines.append(style.dim("Closest passages:"))
    if rest:
        lines.append("")
        for p in rest:
            lines.extend(passage_lines(p, style, width))
    return "\n".join(lines)


def passage_lines(p: PassageView, style: Style, width: int) -> list[str]:
    """A ranked passage as the terminal shows it: wrapped text, then where it stands and its score."""
    return _wrap(f"{p.rank}. {_one_line(p.text)}", width, "   ") + \
        [style.dim(f"   {_where(p.source, p.line, p.page)}   score {p.score:.2f}")]


def _sentence_of(result: Result, answer) -> str:
    for p in result.passages:
        if p.source == answer.source and p.start <= answer.sentence_start and answer.sentence_end <= p.end:
            return p.text[answer.sentence_start - p.start: answer.sentence_end - p.start]
    return answer.text


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _wrap(text: str, width: int, indent: str) -> list[str]:
    # Escape codes have no width, but textwrap counts them; wrap generously rather than break codes.
    return textwrap.wrap(_one_line(text), width=max(width, 20), initial_indent=indent, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False) or [indent]
