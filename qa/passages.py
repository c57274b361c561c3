"""Sentences and passage windows, every one an exact span of its document's text.

A passage is a window of a few sentences centred on one sentence (its *focus*). Every sentence
is the focus of exactly one passage, so each sentence can be found with its neighbours: the
sentence that holds a figure often does not repeat its topic ("The cumulative credit has exceeded
460 million yuan." follows the sentence that names the area).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MAX_PASSAGE_CHARS = 800    # the answer contract: a passage is a few sentences, at most this long
WINDOW_TARGET_CHARS = 420  # grow the window past one neighbour each side only while this short
MAX_SENTENCE_CHARS = 400   # a longer run without sentence ends is cut at spaces into pieces


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    block: int  # index of the paragraph (line block) it stands in: windows never cross blocks


@dataclass(frozen=True, slots=True)
class Passage:
    source: str
    start: int        # window start in the document text
    end: int          # window end
    focus_start: int  # the sentence the window is centred on
    focus_end: int


# Words after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st jr sr sen rep gov gen col lt sgt capt cmdr adm rev hon pres
    inc ltd co corp bros llc plc vs etc al fig no nos vol pp ed eds approx dept univ est
    jan feb mar apr jun jul aug sep sept oct nov dec mt ft ave blvd rd e.g i.e cf viz u.s u.k
    a.m p.m b.c a.d c ca""".split()
)
# A sentence ends at . ! ? (with closing quotes or brackets) before whitespace and a capital,
# digit or opening quote/bracket.
_SENTENCE_END = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")
_BLOCK = re.compile(r"[^\n]+")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def _is_abbreviation(text: str, dot_end: int) -> bool:
    """True when the full stop ending at dot_end closes an abbreviation or an initial ("J. K.")."""
    match = _LAST_WORD.search(text, max(0, dot_end - 12), dot_end)
    if not match:
        return False
    word = match.group(1).lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha() and text[match.start(1)].isupper())


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Pieces of at most MAX_SENTENCE_CHARS for runs with no sentence ends, cut after the last
    semicolon or else comma in the second half of the piece, or else at a space: a cut between
    words parts "providing 18" from "medical insurance affairs", one between clauses seldom does."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        lo, hi = start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS
        for mark in ("; ", ", ", " "):
            cut = text.rfind(mark, lo, hi)
            if cut > start:
                cut += len(mark) - 1  # the mark stays with the piece before
                break
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS
        pieces.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text`, stripped of surrounding white space, in order."""
    sentences: list[Sentence] = []
    for block_index, block in enumerate(_BLOCK.finditer(text)):
        start = block.start()
        bounds = []
        for end_match in _SENTENCE_END.finditer(text, block.start(), block.end()):
            stop = end_match.end()
            if text[end_match.start()] == "." and end_match.end() - end_match.start() == 1 \
                    and _is_abbreviation(text, end_match.start() + 1):
                continue
            bounds.append((start, stop))
            start = stop
        bounds.append((start, block.end()))
        for s, e in bounds:
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                sentences.extend(Sentence(a, b, block_index) for a, b in _cut_long(text, s, e))
    return sentences


def make_passages(source: str, text: str) -> list[Passage]:
    """One window per sentence: the sentence with a neighbour each side in its block, grown
    further while shorter than WINDOW_TARGET_CHARS, never longer than MAX_PASSAGE_CHARS."""
    sentences = split_sentences(text)
    passages = []
    for i, focus in enumerate(sentences):
        first = last = i
        for step in range(1, len(sentences)):
            grew = False
            if step > 1 and sentences[last].end - sentences[first].start >= WINDOW_TARGET_CHARS:
                break
            for j in (first - 1, last + 1):
                if 0 <= j < len(sentences) and sentences[j].block == focus.block:
                    lo, hi = min(first, j), max(last, j)
                    if sentences[hi].end - sentences[lo].start <= MAX_PASSAGE_CHARS:
                        first, last, grew = lo, hi, True
            if not grew:
                break
        passages.append(Passage(source, sentences[first].start, sentences[last].end, focus.start, focus.end))
    return passages


MAX_TITLE_LINE_CHARS = 200  # a longer line is body text, not a heading
MAX_TITLE_LINES = 3
# A company's legal form ends a title line with a full stop that ends no sentence: "Norvale
# Precision Systems N.V.", "Acme Holdings Inc.", "Tata Sons Pvt. Ltd."
_LEGAL_FORM_AT_END = re.compile(r"(?:\b(?:[A-Z]\.){2,}|\b(?:Inc|Ltd|Co|Corp|Plc|plc|Pty|Pvt|Bhd|LLC|Ltda|Cia)\.)$")


def title_span(text: str) -> tuple[int, int]:
    """The document's title: up to MAX_TITLE_LINES first lines, while they are short and not
    sentences ("NORTHWIND FOODS PLC / Annual Report and Accounts 2023"); (0, 0) when the text opens
    with a paragraph."""
    start = len(text) - len(text.lstrip())
    end = line_start = start
    for _ in range(MAX_TITLE_LINES):
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_start:line_end].strip()
        if not line or len(line) > MAX_TITLE_LINE_CHARS or line[-1] in ".!?" and not _LEGAL_FORM_AT_END.search(line):
            break
        end, line_start = line_end, line_end + 1
    return (start, end) if end > start else (0, 0)


SECTION_HEADING_REACH = 4_000  # characters back from a position that its section's heading is looked for
MAX_SECTION_HEADING_CHARS = 80


def section_heading(text: str, position: int) -> str:
    """The heading of the section `position` stands in ("Akwaba (Ghana, 90% interest)"): the nearest
    line before it that is short and holds no sentence mark at all, stricter than a title line
    (title_span), since inside a document short lines of body text are common; "" when none is
    within SECTION_HEADING_REACH characters."""
    end = text.rfind("\n", 0, position)
    floor = max(0, position - SECTION_HEADING_REACH)
    while end > floor:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if line and len(line) <= MAX_SECTION_HEADING_CHARS and not any(mark in line for mark in ".!?"):
            return line
        end = start - 1
    return ""
