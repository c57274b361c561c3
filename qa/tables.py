"""Tables written as text: which row and column a figure of a table stands in.

Reports give their figures in tables as much as in sentences, and a table's row holds no words of
what its figures are: "Asia Pacific | 176.9 | +19.4% | 1,987 | +16.8% | 82.4% | +3.2" says which
region, and the header above it says that 82.4% is the load factor. A table is read here from the
text as written: rows with cells split by "|" (Markdown), by tabs (Word and HTML tables, as
qa.documents writes them) or by runs of spaces (reports converted from PDF, aligned in columns).

A table is a run of at least two such lines. Its header is the run of first rows whose figures are
all dates or none ("Region | Passengers | Load factor", and "Q3 2025   Q3 2024" under "Copper (t)
Copper (t)"); its caption is the short line right before it ("Traffic by region, September 2024").
A cell's column header is the header cell above it: at the same position among the cells for "|"
and tabs, and the one it lines up with for spaces (and for a header line aligned with spaces over
rows split by "|": "        2024      2023" over "Total income  |  £412.6m  |  £381.9m"). Every span
is an exact span of the document text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .figures import NAMES_A_CURRENCY, SPLIT_YEAR, Figure, find_figures

MAX_CAPTION_CHARS = 120
MAX_SPACED_CELL_CHARS = 60
MAX_ALIGNMENT_GAP = 2  # characters between a cell and the header cell it lines up with, at most
HEADER_INDENT = 8  # spaces a header line of a table aligned with spaces stands in from its rows' labels, at least
_SPACED_GAP = re.compile(r" {2,}|\t")
_RULE = re.compile(r"^[\s|:+=_-]+$")  # "|---|:--:|", "-----  -----": a line that only draws the table
_DATE_KINDS = frozenset({"date", "ordinal"})


@dataclass(frozen=True, slots=True)
class Row:
    start: int
    end: int
    cells: tuple[tuple[int, int], ...]  # (start, end) of each cell's text, stripped
    values: tuple[bool, ...]            # whether each cell holds a value (a figure that is no date)
    spaced: bool = False                # its cells are apart by spaces, over rows split otherwise


@dataclass(frozen=True, slots=True)
class Table:
    start: int
    end: int
    style: str                   # "|", "\t" or " "
    header: tuple[Row, ...]      # the rows that name the columns
    body: tuple[Row, ...]
    caption: tuple[int, int] | None

    def column_header(self, row: Row, cell: int) -> list[tuple[int, int]]:
        """The header cells above `row.cells[cell]`, one per header row that has one."""
        found = []
        for depth, head in enumerate(self.header):
            if self.style == " " or head.spaced:
                # A first header line of few cells over another spans columns ("Revenue" over "H1 2025
                # H1 2024 Change"); a later one names single columns ("unrestricted" under "Tier 1").
                spans = depth == 0 and len(self.header) > 1 and 2 * len(head.cells) <= len(row.cells)
                above = _lined_up(head, row, row.cells[cell], spans)
                if above is not None:
                    found.append(above)
            elif cell < len(head.cells):
                found.append(head.cells[cell])
        return found


@dataclass(frozen=True, slots=True)
class CellContext:
    """What says what a figure in a table is: its row's label (the cells before the first one
    holding a value), its column's header cells, the rest of the header, and the caption."""
    label: tuple[tuple[int, int], ...]
    column: tuple[tuple[int, int], ...]
    header: tuple[tuple[int, int], ...]
    caption: tuple[int, int] | None


def _cells(text: str, start: int, end: int, style: str) -> tuple[tuple[int, int], ...]:
    line = text[start:end]
    if style == "|":
        pieces, at = [], 0
        for part in line.split("|"):
            pieces.append((at, at + len(part)))
            at += len(part) + 1
        if pieces and not line[:pieces[0][1]].strip():
            pieces = pieces[1:]   # a border: "| Region | ..."
        if pieces and not line[pieces[-1][0]:].strip():
            pieces = pieces[:-1]
    else:
        pieces, at = [], 0
        for gap in (re.finditer(r"\t", line) if style == "\t" else _SPACED_GAP.finditer(line)):
            pieces.append((at, gap.start()))
            at = gap.end()
        pieces.append((at, len(line)))
        if len(pieces) > 1 and pieces[0] == (0, 0):
            pieces = pieces[1:]  # a line set in from the margin
    cells = []
    for a, b in pieces:
        while a < b and line[a].isspace():
            a += 1
        while b > a and line[b - 1].isspace():
            b -= 1
        cells.append((start + a, start + b))
    return tuple(cells)


def _style(line: str) -> str | None:
    body = line.strip()
    if not body:
        return None
    if body.count("|") >= 2 or (body.count("|") == 1 and not body.startswith("|") and not body.endswith("|")
                                and len(body) < 200):
        return "|"
    if "\t" in body:
        return "\t"
    cells = _SPACED_GAP.split(body)
    # (Not prose typed with two spaces after each sentence: its "cells" end sentences, or are long.)
    if len(cells) >= 3 and all(len(c) <= MAX_SPACED_CELL_CHARS and not c.endswith((".", "!", "?")) for c in cells[:-1]):
        return " "
    return None


def _is_value(text: str, cell: tuple[int, int]) -> bool:
    """The cell holds a figure that is no date: a value, not a column's or a row's name. A name's
    unit in brackets is no value either: "Balance (100 million yuan)" names a column."""
    years = [m.span() for m in SPLIT_YEAR.finditer(text, cell[0], cell[1])]
    written = text[cell[0]:cell[1]]
    # (and a cell that is all brackets with words in them, "(£m, 52 weeks)", names the columns' unit;
    # "(14.6)" is a value)
    names = _LETTERS.search(_BRACKETS.sub("", written)) or (_BRACKETS.fullmatch(written) and _LETTERS.search(written))
    units = [m.span() for m in _BRACKETS.finditer(text, cell[0], cell[1])] if names else []
    return any(f.kind not in _DATE_KINDS and not any(a <= f.start and f.end <= b for a, b in years + units)
               for f in cell_figures(text, *cell))


def cell_figures(text: str, start: int, end: int) -> list[Figure]:
    """The figures of a table's cell, read alone: the next column's words are not what its figure
    counts ("2023" over "premiums 2024" is a year, not 2,023 premiums). Offsets are into `text`."""
    return [replace(f, start=f.start + start, end=f.end + start) for f in find_figures(text[start:end])]


_BRACKETS = re.compile(r"\([^()]*\)")
_LETTERS = re.compile(r"[^\W\d_]")


def _lined_up(head: Row, row: Row, cell: tuple[int, int], spans: bool = False) -> tuple[int, int] | None:
    """The header cell a cell lines up with, by their places along their lines: the one it overlaps
    most, else the nearest (numbers stand under their headings aligned right, or left). A header
    row that `spans` several columns a cell ("Revenue" over "H1 2025  H1 2024  Change") stands
    centred over them: the nearest cell is the one, however far."""
    if not head.cells:
        return None
    a, b = cell[0] - row.start, cell[1] - row.start

    def overlap(c: tuple[int, int]) -> int:
        return min(b, c[1] - head.start) - max(a, c[0] - head.start)

    def distance(c: tuple[int, int]) -> float:
        return abs((a + b) / 2 - (c[0] + c[1]) / 2 + head.start)

    cells = [c for c in head.cells if c[1] > c[0]]
    if not cells:
        return None
    best = max(cells, key=overlap)
    if overlap(best) > 0:
        return best
    nearest = min(cells, key=distance)
    return nearest if spans or -overlap(nearest) <= MAX_ALIGNMENT_GAP else None


def find_tables(text: str) -> list[Table]:
    """Every table written in `text`."""
    lines, start = [], 0
    for end in [m.start() for m in re.finditer("\n", text)] + [len(text)]:
        lines.append((start, end))
        start = end + 1
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        style = _style(text[lines[i][0]:lines[i][1]])
        if style is None:
            i += 1
            continue
        j = i
        run = []
        while j < len(lines):
            start, end = lines[j]
            line = text[start:end]
            if _RULE.match(line) and line.strip():
                j += 1
                continue
            if style == " " and run and not line.strip() and _resumes(text, lines, j + 1):
                j += 1  # a blank line between sections of one table ("Revenue", then "Adjusted operating profit")
                continue
            if _style(line) != style and not (style == " " and run and (
                    _header_line(line) or _group_label(line, text[lines[j + 1][0]:lines[j + 1][1]]
                                                       if j + 1 < len(lines) else ""))):
                break
            cells = _cells(text, start, end, style)
            run.append(Row(start, end, cells, tuple(_is_value(text, cell) for cell in cells)))
            j += 1
        first = i
        if style == " " and len(run) >= 2 and i > 0 and _header_line(text[lines[i - 1][0]:lines[i - 1][1]]):
            first = i - 1  # "Revenue        Adjusted EBIT" over "H1 2025  H1 2024  Change  H1 2025 ..."
            cells = _cells(text, *lines[first], style)
            run.insert(0, Row(*lines[first], cells, (False,) * len(cells)))
        elif style != " " and len(run) >= 2 and i > 0 and _header_line(text[lines[i - 1][0]:lines[i - 1][1]]) \
                and _style(text[lines[i - 1][0]:lines[i - 1][1]]) is None:
            first = i - 1  # "        2024        2023" over "Total income  |  £412.6m  |  £381.9m"
            cells = _cells(text, *lines[first], " ")
            run.insert(0, Row(*lines[first], cells, (False,) * len(cells), spaced=True))
        if len(run) >= 2:
            tables.append(_table(text, run, style, lines, first))
        i = max(j, i + 1)
    return tables


def _resumes(text: str, lines: list[tuple[int, int]], k: int) -> bool:
    """Whether the table aligned with spaces goes on at line k, after a blank line: with a row of
    values, or with a group label over one. (A line of names there is another table's header.)"""
    rows = ([text[a:b] for a, b in lines[k:k + 2]] + ["", ""])[:2]
    return _has_value(rows[0]) or (_group_label(rows[0], rows[1]) and _has_value(rows[1]))


def _has_value(line: str) -> bool:
    return _style(line) == " " and any(_is_value(line, cell) for cell in _cells(line, 0, len(line), " "))


def _group_label(line: str, following: str) -> bool:
    """A row of a table aligned with spaces that names the rows below it ("Revenues" over "Passenger
    fares  198,412  211,750"): one short cell, and a row follows."""
    body = line.strip()
    return (0 < len(body) <= MAX_SPACED_CELL_CHARS and not _SPACED_GAP.search(body)
            and not body.endswith((".", "!", "?")) and _style(following) == " "
            and not _is_value(line, (0, len(line))))


def _header_line(line: str) -> bool:
    """A line of a table aligned with spaces that has fewer cells than its rows: a header set in
    from the margin, over the columns it names ("                    unrestricted    restricted")."""
    body = line.strip()
    return (len(line) - len(line.lstrip(" ")) >= HEADER_INDENT and len(body) <= MAX_CAPTION_CHARS
            and not body.endswith((".", "!", "?")) and not _is_value(line, (0, len(line))))


def _table(text: str, rows: list[Row], style: str, lines: list[tuple[int, int]], first_line: int) -> Table:
    header_count = 0
    margin = rows[-1].cells[0][0] - rows[-1].start if rows[-1].cells else 0
    for row in rows[:-1]:
        # A header names its columns: no values ("Region | Passengers"), or for spaces, cells set in
        # from where the rows' labels stand ("       Total   Tier 1   Tier 2" over "Share capital ...").
        indented = style == " " and row.cells and row.cells[0][0] - row.start >= margin + HEADER_INDENT
        if (any(row.values) and not indented) or (style == " " and len(row.cells) == 1 and not indented):
            break  # (one cell at the margin names the rows below it: "Revenues")
        header_count += 1
    caption = None
    k = first_line - 1
    while k >= 0 and not text[lines[k][0]:lines[k][1]].strip():
        k -= 1
    if k >= 0:
        start, end = lines[k]
        line = text[start:end].strip()
        if line and len(line) <= MAX_CAPTION_CHARS:
            lead = len(text[start:end]) - len(text[start:end].lstrip())
            caption = (start + lead, start + lead + len(line))
    return Table(rows[0].start, rows[-1].end, style, tuple(rows[:header_count]), tuple(rows[header_count:]), caption)


def cell_context(tables: list[Table], position: int) -> CellContext | None:
    """What names the figure at `position`, when it stands in a body cell of one of `tables`."""
    for table in tables:
        if not table.start <= position < table.end:
            continue
        for row in table.body:
            if not row.start <= position <= row.end:
                continue
            index = next((i for i, (a, b) in enumerate(row.cells) if a <= position < b), None)
            if index is None:
                return None
            label = []
            for cell, value in zip(row.cells[:index], row.values):
                if value:
                    break
                label.append(cell)
            return CellContext(tuple(label), tuple(table.column_header(row, index)),
                               tuple(c for head in table.header for c in head.cells if c[1] > c[0]), table.caption)
    return None


def row_table(tables: list[Table], position: int) -> Table | None:
    """The table whose body row holds `position`."""
    for table in tables:
        if table.start <= position < table.end and any(row.start <= position <= row.end for row in table.body):
            return table
    return None


_NAMES_A_PERCENTAGE = re.compile(r"%|\bper\s?cent\b|\bpercentage\b", re.I)


def stated_kind(text: str, cell: CellContext) -> str | None:
    """The kind of figure a table's words say its cells hold, where they are bare numbers: a
    percentage when the cell's row or column says so ("Margin (%)", "Change %"), else money when
    the table names a currency ("Table 1: Segment information (€ million)", "in thousands of
    dollars"); None when they say neither. A currency in another column's header is that column's
    ("Balance (100 million yuan)" beside "Firms served"); one over the rows' labels is the table's
    ("€ million      2024      2023")."""
    own = cell.label + cell.column
    if any(_NAMES_A_PERCENTAGE.search(text, a, b) for a, b in own):
        return "percent"
    around = own + tuple(c for c in cell.header if not text[text.rfind("\n", 0, c[0]) + 1:c[0]].strip()) \
        + ((cell.caption,) if cell.caption else ())
    return "money" if any(NAMES_A_CURRENCY.search(text, a, b) for a, b in around) else None
