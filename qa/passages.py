"""Sentences and passage windows, every one an exact span of its document's text.

A passage is a window of a few sentences centred on one sentence (its *focus*). Every sentence
is the focus of exactly one passage, so each sentence can be found with its neighbours: the
sentence that holds a figure often does not repeat its topic ("The cumulative credit has exceeded
460 million yuan." follows the sentence that names the area).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

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


# Text converted from PDF (pdftotext) or typed for a fixed width breaks its lines inside sentences:
# "...today publishes its unaudited\nresults for the first half of 2025". Such a document's
# paragraphs run on over its line breaks; in any other, a line is a paragraph.
WRAPPED_LINE_SHARE = 0.6  # a line at least this share of the document's width may wrap onto the next
MAX_WRAP_WIDTH = 130      # wider lines are paragraphs written on one line, never wrapped
MIN_WRAPS = 4             # lines that end mid-sentence: fewer say nothing about how the text is written
_HAS_LOWER_CASE = re.compile(r"[a-z]")
_SENTENCE_CLOSED = re.compile(r"""[.!?:;]["'”’)\]]*\s*$""")
# A table's row: cells apart by a tab or by runs of spaces (not the two after a full stop).
_CELLS_APART = re.compile(r"\S(?:\t|(?<![.!?:;])[ ]{2,}|[ ]{3,})\S|\|")
# A line that opens an item of a list or a numbered heading: "• Revenue of ...", "(a) the ...", "3.2 Segment review".
_OPENS_AN_ITEM = re.compile(r"^\s*(?:[•●▪◦‣■□➢►*–—-]\s|\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-z]|[ivx]{1,4})[.)]\s)")


def opens_an_item(paragraph: str) -> bool:
    """Whether the paragraph opens with the mark of an item of a list: a bullet, "1.", "(a)", "iv)"."""
    return bool(_OPENS_AN_ITEM.match(paragraph))


@lru_cache(maxsize=256)  # a document's text is hashed once: later calls with it cost a lookup
def paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of text's paragraphs: its lines, or in a hard-wrapped document, its lines joined
    where one runs on into the next."""
    lines = [m.span() for m in _BLOCK.finditer(text)]
    width = _wrap_width(text, lines)
    if not width:
        return tuple(lines)
    joined = [lines[0]] if lines else []
    for start, end in lines[1:]:
        previous_start, previous_end = joined[-1]
        last_line = text.rfind("\n", previous_start, previous_end) + 1 or previous_start
        if start == previous_end + 1 and _runs_on(text, (last_line, previous_end), (start, end), width):
            joined[-1] = (previous_start, end)
        else:
            joined.append((start, end))
    return tuple(joined)


@lru_cache(maxsize=256)
def _paragraph_starts(text: str) -> list[int]:
    return [start for start, _ in paragraphs(text)]


def paragraph_break_between(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] holds the end of a paragraph (see paragraphs)."""
    if "\n" not in text[start:end]:
        return False
    starts = _paragraph_starts(text)
    return bisect_right(starts, start) != bisect_right(starts, end)


def _wrap_width(text: str, lines: list[tuple[int, int]]) -> int:
    """The width the document's lines are wrapped at, or 0 when they are not: most of its long lines
    that another line follows end mid-sentence."""
    lengths = sorted(len(text[a:b].rstrip()) for a, b in lines if b - a >= 40)
    if len(lengths) < MIN_WRAPS:
        return 0
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width > MAX_WRAP_WIDTH:
        return 0
    long_followed = [(a, b) for (a, b), (c, _) in zip(lines, lines[1:])
                     if c == b + 1 and len(text[a:b].rstrip()) >= WRAPPED_LINE_SHARE * width
                     and not _CELLS_APART.search(text, a, b)]
    open_ended = sum(not _SENTENCE_CLOSED.search(text, a, b) for a, b in long_followed)
    return width if open_ended >= MIN_WRAPS and open_ended >= 0.5 * len(long_followed) else 0


def _runs_on(text: str, line: tuple[int, int], following: tuple[int, int], width: int) -> bool:
    """Whether `line` of a wrapped document runs on into the `following` line: it is long and not
    in capitals, and neither is a table's row nor does the following one open an item or a heading
    of its own."""
    return (len(text[line[0]:line[1]].rstrip()) >= WRAPPED_LINE_SHARE * width
            and _HAS_LOWER_CASE.search(text, *line) is not None  # a line in capitals is a heading
            and not _CELLS_APART.search(text, *line) and not _CELLS_APART.search(text, *following)
            and not _OPENS_AN_ITEM.match(text[following[0]:following[1]]))


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text`, stripped of surrounding white space, in order."""
    sentences: list[Sentence] = []
    for block_index, (block_start, block_end) in enumerate(paragraphs(text)):
        start = block_start
        bounds = []
        for end_match in _SENTENCE_END.finditer(text, block_start, block_end):
            stop = end_match.end()
            if text[end_match.start()] == "." and end_match.end() - end_match.start() == 1 \
                    and _is_abbreviation(text, end_match.start() + 1):
                continue
            bounds.append((start, stop))
            start = stop
        bounds.append((start, block_end))
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
# (as a name is written, or in capitals: "TRESSALINE FREIGHT GROUP, INC.")
_LEGAL_FORM_AT_END = re.compile(r"(?:\b(?:[A-Z]\.){2,}|\b(?:Inc|Ltd|Co|Corp|Plc|plc|Pty|Pvt|Bhd|LLC|Ltda|Cia|"
                                r"INC|LTD|CO|CORP|PLC|PTY|PVT|BHD|LTDA|CIA)\.)$")


def title_lines(text: str) -> list[tuple[int, int]]:
    """The spans of the lines that open the document and may be its title: up to MAX_TITLE_LINES
    lines, across blank lines, while they are short and neither sentences nor items of a list."""
    lines = []
    line_start = len(text) - len(text.lstrip())
    while len(lines) < MAX_TITLE_LINES and line_start < len(text):
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_start:line_end].strip()
        if line:
            if (len(line) > MAX_TITLE_LINE_CHARS or line[-1] in ".!?" and not _LEGAL_FORM_AT_END.search(line)
                    or opens_an_item(line)):
                break
            lines.append((line_start, line_end))
        line_start = line_end + 1
    return lines


def title_span(text: str) -> tuple[int, int]:
    """The document's title: up to MAX_TITLE_LINES first lines, while they are short and not
    sentences ("NORTHWIND FOODS PLC / Annual Report and Accounts 2023"); (0, 0) when the text opens
    with a paragraph."""
    lines = title_lines(text)
    if not lines or lines[0][0] != len(text) - len(text.lstrip()):
        return 0, 0
    end = lines[0][1]
    for line_start, line_end in lines[1:]:
        if line_start != end + 1:  # a blank line ends the title
            break
        end = line_end
    return lines[0][0], end


SECTION_HEADING_REACH = 4_000  # characters back from a position that its section's heading is looked for
MAX_SECTION_HEADING_CHARS = 80


def section_heading(text: str, position: int) -> str:
    """The heading of the section `position` stands in ("Akwaba (Ghana, 90% interest)"): the nearest
    paragraph before it that is short and holds no sentence mark at all, stricter than a title line
    (title_span), since inside a document short lines of body text are common; "" when none is
    within SECTION_HEADING_REACH characters."""
    span = section_heading_span(text, position)
    return text[span[0]:span[1]].strip() if span else ""


def section_heading_span(text: str, position: int) -> tuple[int, int] | None:
    """The span of section_heading(text, position); None when there is none. A numbered heading
    ("5. Looking ahead", "3.   COUNCIL TAX") is a heading without its number, unless the
    paragraph before or after it is numbered alike: then it is an item of a list ("2. Transport" below
    "1. Housing")."""
    spans, starts = _written_paragraphs(text)
    floor = max(0, position - SECTION_HEADING_REACH)
    for i in reversed(range(bisect_right(starts, position) - 1)):
        start, end = spans[i]
        if end <= floor:
            break
        if _is_a_heading(text[start:end]):
            return start, end
        kind = _marker(text, spans[i])
        if kind and kind[0] not in _BULLETS and not any(_marker(text, spans[j]) == kind for j in (i - 1, i + 1)
                                                        if 0 <= j < len(spans)):
            heading = _after_the_marker(text, spans[i])
            if heading:
                return heading
    return None


def _is_a_heading(paragraph: str) -> bool:
    line = paragraph.strip()
    return bool(line) and len(line) <= MAX_SECTION_HEADING_CHARS and not any(mark in line for mark in ".!?")


def _after_the_marker(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """The span of a numbered heading's words ("Main points" in "1. Main points"); None when the
    paragraph after its marker is no heading."""
    start, end = span
    paragraph = text[start:end]
    heading = paragraph[_OPENS_AN_ITEM.match(paragraph).end():]
    return (end - len(heading.lstrip()), start + len(paragraph.rstrip())) if _is_a_heading(heading) else None


_MARKER_KINDS = re.compile(r"\d{1,2}(?:\.\d{1,2})*|[ivx]{1,4}(?=[.)])|[a-z](?=[.)])")
_BULLETS = frozenset("•●▪◦‣■□➢►*–—-")


def _marker(text: str, span: tuple[int, int]) -> str:
    """How the paragraph opens an item: its bullet, or "1." for a number, "(a)" for a letter; "" for no item."""
    m = _OPENS_AN_ITEM.match(text[span[0]:span[1]])
    return "" if m is None else _MARKER_KINDS.sub(lambda k: "1" if k[0][0].isdigit() else "a", m[0].strip())


@lru_cache(maxsize=256)
def _written_paragraphs(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """The paragraphs that hold more than spaces, and where they start."""
    spans = [(a, b) for a, b in paragraphs(text) if text[a:b].strip()]
    return spans, [a for a, _ in spans]


def lead_in(text: str, position: int) -> tuple[int, int] | None:
    """The sentence that introduces the list whose item holds `position`, up to its colon: "For the
    full year 2024, Cascade Ridge now expects:" above "- Revenue of $5.56 billion to $5.58 billion".
    An item leaves to it what its figures are of, when and whether they are forecasts. None when
    `position` is in no item of a list, or the paragraph above the items does not end in a colon."""
    spans, starts = _written_paragraphs(text)
    i = bisect_right(starts, position) - 1
    item = _marker(text, spans[i]) if i >= 1 else ""
    if not item:
        return None
    while i > 1 and _marker(text, spans[i - 1]) == item:  # the items before, marked alike
        i -= 1
    start, end = spans[i - 1]
    paragraph = text[start:end]
    if _marker(text, spans[i - 1]):  # a numbered heading ("1. Main points") says what the items are; no item does
        return _after_the_marker(text, spans[i - 1])
    if not paragraph.rstrip().endswith(":"):
        if _is_a_heading(paragraph):  # "Third Quarter 2024 Financial Highlights", "Guidance for FY2025"
            return start + len(paragraph) - len(paragraph.lstrip()), start + len(paragraph.rstrip())
        return None
    # its last sentence: '"We are raising our range," said the CFO. For full-year 2025 the Company now expects:'
    opening = max((m.end() for m in _SENTENCE_END.finditer(paragraph) if not _is_abbreviation(paragraph, m.end())),
                  default=0)
    opening += len(paragraph) - opening - len(paragraph[opening:].lstrip())
    return start + opening, start + len(paragraph.rstrip()) - 1
