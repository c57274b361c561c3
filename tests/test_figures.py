"""Tests for qa.figures: exact spans, kinds, values, and invariants over real corpora."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from qa import figures
from qa.figures import KINDS, Figure, find_figures

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS_FILES = sorted((SHARED / "corpus").glob("*.txt")) + sorted(
    (SHARED / "eval" / "squad2-numeric" / "corpus").glob("*.txt"))
SQUAD = SHARED / "eval" / "squad2-numeric"


def figures_in(text: str) -> list[Figure]:
    found = find_figures(text)
    for f in found:
        assert text[f.start:f.end] == f.text
        assert f.kind in KINDS
    return found


def only_figure(text: str) -> Figure:
    found = figures_in(text)
    assert len(found) == 1, found
    return found[0]


def figure_with_text(text: str, span: str) -> Figure:
    found = figures_in(text)
    matching = [f for f in found if f.text == span]
    assert matching, f"no figure {span!r} in {[f.text for f in found]}"
    return matching[0]


# ---------------------------------------------------------------------------
# Phrases from the project's corpus
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, span, kind, value, unit, qualifier", [
    ("adding more than 40 billion yuan of credit approval",
     "more than 40 billion yuan", "money", 4e10, "yuan", "more than"),
    ("with a total investment of about 3.60 trillion yuan, promoting",
     "about 3.60 trillion yuan", "money", 3.6e12, "yuan", "about"),
    ("has increased by more than 60% compared with the beginning of the year",
     "more than 60%", "percent", 60.0, "%", "more than"),
    ("the number of supply chain trade financing 1 + N customers has increased",
     "1 + N", "code", 1.0, "", ""),
    ("Bank of China has supported the CIIE for six consecutive years.",
     "six consecutive years", "duration", 6.0, "years", ""),
    ("From April 1st to 3rd this year, the series of activities",
     "April 1st to 3rd", "date", None, "day", ""),
    ('the "List of Major Projects" lists a total of 300 projects with a total investment',
     "300", "count", 300.0, "projects", ""),
    ("This event attracted more than 160 foreign-funded enterprises and institutions",
     "more than 160", "count", 160.0, "enterprises", "more than"),
    ("providing financial services for more than 400 Chongqing enterprises to participate",
     "more than 400", "count", 400.0, "enterprises", "more than"),
    ("more than 510 new supply chain finance businesses have been added",  # four words between
     "more than 510", "count", 510.0, "businesses", "more than"),
    ("these include 5 University of California campuses", "5", "count", 5.0, "campuses", ""),  # a name's "of"
    ("there are 300 of the projects", "300", "number", 300.0, "", ""),
    ("With a population of 3,792,621, the city", "3,792,621", "count", 3792621.0, "people", ""),  # of people
    ("The estimated resident population (ERP) was 2,847,300 at 30 June", "2,847,300", "count", 2847300.0, "people", ""),
    ("the population of 1910 was small", "1910", "date", 1910.0, "year", ""),
    ("The cumulative credit has exceeded 460 million yuan.",
     "460 million yuan", "money", 4.6e8, "yuan", ""),
    ("the business occurrence is equivalent to nearly 4 billion yuan;",
     "nearly 4 billion yuan", "money", 4e9, "yuan", "nearly"),
    ('Chongqing to build a "33618" modern manufacturing cluster system',
     "33618", "code", 33618.0, "", ""),
    ("In 2024, the list was published.", "2024", "date", 2024.0, "year", ""),
    ("By the end of 2023, the bank has approved a credit quota", "2023", "date", 2023.0, "year", ""),
    ("Especially since 2023, the bank has closely followed", "since 2023", "date", 2023.0, "year", "since"),
    ("Road Freight   684.3   690.2   (0.9)%   24.6", "(0.9)%", "percent", -0.9, "%", ""),  # below zero, in brackets
    ("Net loss was $51.9 million, or $(0.87) per share.", "$(0.87) per share", "money", -0.87, "usd", ""),
    ("an operating loss of £(7.5)m in the half", "£(7.5)m", "money", -7_500_000.0, "gbp", ""),
    ("the Board paid its nurses 15 shillings a week", "15 shillings a week", "money", 15.0, "shillings", ""),
    ("the society raised 12,000 thalers by 1790", "12,000 thalers", "money", 12000.0, "thalers", ""),
    ("a hall that cost 7.4 million Deutsche Mark", "7.4 million Deutsche Mark", "money", 7.4e6, "deutsche mark", ""),
])
def test_corpus_phrases(sentence, span, kind, value, unit, qualifier):
    f = figure_with_text(sentence, span)
    assert (f.kind, f.value, f.unit, f.qualifier) == (kind, value, unit, qualifier)


def test_offsets_are_absolute_document_offsets():
    text = "Prefix. The bank lent $44.1 million in 2.33 years."
    money = figure_with_text(text, "$44.1 million")
    assert money.start == text.index("$44.1")
    assert (money.kind, money.value, money.unit) == ("money", 44.1e6, "usd")
    duration = figure_with_text(text, "2.33 years")
    assert (duration.kind, duration.value, duration.unit) == ("duration", 2.33, "years")


def test_the_1060s_and_february_1082():
    decade = figure_with_text("In the 1060s, Robert Crispin went up against the Turks.", "the 1060s")
    assert (decade.kind, decade.value, decade.unit) == ("date", 1060.0, "decade")
    month = figure_with_text("Dyrrachium fell to the Normans in February 1082.", "February 1082")
    assert (month.kind, month.value, month.unit) == ("date", 1082.0, "month")


# ---------------------------------------------------------------------------
# Each kind
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, value, unit", [
    ("$44.1 million", 44.1e6, "usd"),
    ("£5", 5.0, "gbp"),
    ("US$ 2.5 billion", 2.5e9, "usd"),
    ("US$1,000,000", 1e6, "usd"),
    ("RMB 100 million", 1e8, "yuan"),
    ("7 billion yuan", 7e9, "yuan"),
    ("€3.2m", 3.2e6, "eur"),
    ("£34m", 34e6, "gbp"),
    ("5 cents", 5.0, "cents"),
    ("10,000 dollars", 1e4, "usd"),
    ("200,000 Danish krone", 2e5, "danish krone"),
    ("5 million pounds", 5e6, "gbp"),
    ("182.7 billion crowns", 182.7e9, "crowns"),  # the koruna, krone and krona, as English writes them
    ("3.2 billion zlotys", 3.2e9, "zlotys"),
])
def test_money(text, value, unit):
    f = only_figure(f"It cost {text} in all.")
    assert (f.text, f.kind, f.value, f.unit) == (text, "money", value, unit)


@pytest.mark.parametrize("sentence, span", [
    ("All-in sustaining costs were $1,342/oz in the quarter.", "$1,342/oz"),
    ("Power was bought at €95/MWh.", "€95/MWh"),
    ("Net income was $158.9 million, or $1.12 per diluted share.", "$1.12 per diluted share"),
])
def test_money_per_unit_written_with_a_slash_or_per(sentence, span):
    money = [f for f in find_figures(sentence) if f.kind == "money"]
    assert [f.text for f in money][-1] == span


@pytest.mark.parametrize("sentence, span, kind", [
    ("The group carried 1.74 million TEU on intra-Asia routes.", "1.74 million TEU", "quantity"),
    ("The average freight rate was US$1,062 per TEU.", "US$1,062 per TEU", "money"),
    ("Leakage fell to 241 Ml/d.", "241 Ml/d", "quantity"),
    ("The plant will make 4.5 mtpa of concentrate.", "4.5 mtpa", "quantity"),
    ("Inclusive Loans Exceed 18.6 Billion Yuan by End of October", "18.6 Billion Yuan", "money"),  # a headline
    ("The loans helped secure the planting of 1.26 million mu of grain.", "1.26 million mu", "quantity"),
])
def test_units_of_reports_and_of_headlines(sentence, span, kind):
    found = [f for f in find_figures(sentence) if f.kind == kind]
    assert [f.text for f in found] == [span]


def test_money_takes_a_rate_and_qualifier():
    f = only_figure("oil peaked at nearly $40 per barrel, then fell")
    assert (f.text, f.kind, f.value, f.qualifier) == ("nearly $40 per barrel", "money", 40.0, "nearly")


@pytest.mark.parametrize("text, value, unit", [
    ("3.5 percent", 3.5, "%"),
    ("12 per cent", 12.0, "%"),
    ("fifty percent", 50.0, "%"),
    ("0.5 percentage points", 0.5, "percentage points"),
    ("10.0%", 10.0, "%"),
    ("-40%", -40.0, "%"),
    ("30%–50%", 30.0, "%"),
    ("90 to 95 percent", 90.0, "%"),
])
def test_percent(text, value, unit):
    f = only_figure(f"The share was {text} last year.")
    assert (f.text, f.kind, f.value, f.unit) == (text, "percent", value, unit)


@pytest.mark.parametrize("sentence, span, value, qualifier", [
    ("Around two-thirds of journeys were paid by card.", "Around two-thirds", 200 / 3, "around"),
    ("Paper tickets fell by one-third.", "one-third", 100 / 3, ""),
    ("About three quarters of the loans went to farms.", "About three quarters", 75.0, "about"),
    ("The fund sold a quarter of its shares.", "a quarter", 25.0, ""),
    ("Half of the new jobs were in the city.", "Half", 50.0, ""),
    ("It lent nearly half of its deposits.", "nearly half", 50.0, "nearly"),
])
def test_a_share_written_in_words_is_a_percentage(sentence, span, value, qualifier):
    f = only_figure(sentence)
    assert (f.text, f.kind, f.unit, f.qualifier) == (span, "percent", "fraction", qualifier)
    assert f.value == pytest.approx(value)


@pytest.mark.parametrize("sentence", [
    "Sales rose in the second half of the year.",    # a period
    "Profit was lower in three quarters of 2024.",   # three periods of a year
    "The tower is one-half mile north.",             # a length
    "Sales were weak in the last half of the loans' term.",  # "last" before it: a time
])
def test_halves_and_quarters_of_time_are_no_shares(sentence):
    assert not [f for f in find_figures(sentence) if f.unit == "fraction"]


@pytest.mark.parametrize("sentence, span, value, unit", [
    ("It fell in 1995 and rose again.", "1995", 1995.0, "year"),
    ("Income was £8.12 million in 2023/24, a record.", "2023/24", 2023.0, "year"),  # not 2023 and a 24
    ("Leakage fell in 2024/2025.", "2024/2025", 2024.0, "year"),
    ("It rained from May 28 to June 2, flooding fields.", "May 28 to June 2", None, "day"),  # across two months
    ("The fair ran from 28 May to 2 June 2024 in Leeds.", "28 May to 2 June 2024", 2024.0, "day"),
    ("Founded in 1082.", "1082", 1082.0, "year"),
    ("It opened on 1 April 2023 to crowds.", "1 April 2023", 2023.0, "day"),
    ("It opened on April 1, 2023 to crowds.", "April 1, 2023", 2023.0, "day"),
    ("It was released on 22 May 2006.", "22 May 2006", 2006.0, "day"),
    ("Held on December 25 each year.", "December 25", None, "day"),
    ("Riots broke out in May 1968 in Paris.", "May 1968", 1968.0, "month"),
    ("Growth came in the 1990s.", "the 1990s", 1990.0, "decade"),
    ("Prices rose in the mid-1990s again.", "the mid-1990s", 1990.0, "decade"),
    ("in the early 1960s it began", "the early 1960s", 1960.0, "decade"),
    ("music of the 60's was loud", "the 60's", None, "decade"),
    ("in the 19th century", "the 19th century", 1800.0, "century"),
    ("built in the 3rd century BC", "the 3rd century BC", -300.0, "century"),
    ("a 14th-century pandemic", "14th-century", 1300.0, "century"),
    ("albarellos from the 16th and 17th centuries, old books", "the 16th and 17th centuries",
     1500.0, "century"),
    ("It was built around 1450 BC by", "around 1450 BC", -1450.0, "year"),
    ("It was built in AD 500 by", "AD 500", 500.0, "year"),
    ("the war of 1914-1918 ended", "1914-1918", 1914.0, "year"),
    ("from 2010–2014 sales doubled", "2010–2014", 2010.0, "year"),
    ("the Financial crisis of 2007–08 being", "2007–08", 2007.0, "year"),
    ("besieged Xiangyang between 1268 and 1273, the last", "between 1268 and 1273", 1268.0, "year"),
    ("two Regulations from 1964 and 1968. In", "1964 and 1968", 1964.0, "year"),
    ("over the winter of 1973–74, drivers", "the winter of 1973–74", 1973.0, "season"),
    ("it formed about 2.5 billion years ago during", "about 2.5 billion years ago", 2.5e9, "years ago"),
    ("government faced difficulties after 1279. Wars", "after 1279", 1279.0, "year"),
    ("cash to fund operations into the first quarter of 2028, compared", "into the first quarter of 2028",
     2028.0, "quarter"),
    ("developed between the 1960s and 1990s by", "between the 1960s and 1990s", 1960.0, "decade"),
    ("published 2023-04-01 online", "2023-04-01", 2023.0, "day"),
    # a part of a year, as a season is (the year alone was no figure after "mid-")
    ("with full commercial operation by mid-2027.", "mid-2027", 2027.0, "season"),
    ("a decision is expected in early 2026, not", "early 2026", 2026.0, "season"),
])
def test_dates(sentence, span, value, unit):
    f = figure_with_text(sentence, span)
    assert (f.kind, f.value, f.unit) == ("date", value, unit)


def test_two_decades_are_two_figures():
    found = figures_in("the 1920s and 1930s were busy")
    assert [(f.text, f.kind) for f in found] == [("the 1920s", "date"), ("1930s", "date")]


@pytest.mark.parametrize("text, value, unit", [
    ("2.33 years", 2.33, "years"),
    ("six consecutive years", 6.0, "years"),
    ("three months", 3.0, "months"),
    ("45 minutes", 45.0, "minutes"),
    ("10 days", 10.0, "days"),
    ("5 to 15 years", 5.0, "years"),
    ("5-year", 5.0, "years"),
])
def test_durations(text, value, unit):
    f = only_figure(f"It took {text} to finish.")
    assert (f.text, f.kind, f.value, f.unit) == (text, "duration", value, unit)


@pytest.mark.parametrize("sentence, text, unit", [
    # an age is a duration in years old, quoted whole
    ("Among the dead was a 22-year-old fireman.", "22-year-old", "years old"),
    ("The oldest whale was estimated to be 48 years old.", "48 years old", "years old"),
    ("The firm had run for six years old-fashioned mills.", "six years", "years"),  # not an age
])
def test_ages(sentence, text, unit):
    f = only_figure(sentence)
    assert (f.text, f.kind, f.unit) == (text, "duration", unit)


@pytest.mark.parametrize("text, value, unit", [
    ("5.5 km", 5.5, "km"),
    ("300 miles", 300.0, "miles"),
    ("20 °C", 20.0, "°c"),
    ("70 kg", 70.0, "kg"),
    ("1,200 square kilometres", 1200.0, "km²"),
    ("3.2 million square miles", 3.2e6, "square miles"),
    ("400 feet", 400.0, "feet"),
    ("15 mph", 15.0, "mph"),
    ("2 GW", 2.0, "gw"),
    ("160 kPa", 160.0, "kpa"),
    ("182 million tons", 182e6, "tonnes"),
    ("−11.7 °C", -11.7, "°c"),
    ("28.5°E", 28.5, "degrees"),
    ("32 °C (90 °F)", 32.0, "°c"),
    ("220 miles (350 km)", 220.0, "miles"),
    ("120,000-square-metre", 120000.0, "m²"),  # a measure that qualifies a noun: "a 120,000-square-metre park"
    ("45,000 sq m", 45000.0, "m²"),
])
def test_quantities(text, value, unit):
    f = only_figure(f"It measured {text} at most.")
    assert (f.text, f.kind, f.value, f.unit) == (text, "quantity", value, unit)


def test_a_long_conversion_stays_out_of_the_span():
    found = figures_in("of which 5,500,000 square kilometres (2,100,000 sq mi) are covered")
    assert [f.text for f in found] == ["5,500,000 square kilometres", "2,100,000 sq mi"]


@pytest.mark.parametrize("sentence, span, value, unit", [
    ("lists a total of 300 projects with", "300", 300.0, "projects"),
    ("with 1.3 million people living there", "1.3 million", 1.3e6, "people"),
    ("There were 2000 people at the fair.", "2000", 2000.0, "people"),
    ("There were 1,500 people at the fair.", "1,500", 1500.0, "people"),
    ("from more than 10 countries and regions", "more than 10", 10.0, "countries"),
    ("providing 18 medical insurance affairs for residents", "18", 18.0, "affairs"),
    ("with over 12 million inhabitants, the", "over 12 million", 12e6, "inhabitants"),
    ("twenty-five people came", "twenty-five", 25.0, "people"),
    ("an audience of more than 25m people.", "more than 25m", 25e6, "people"),
])
def test_counts_keep_the_noun_out_of_the_span(sentence, span, value, unit):
    f = figure_with_text(sentence, span)
    assert (f.kind, f.value, f.unit) == ("count", value, unit)


def test_a_year_before_a_noun_stays_a_year():
    assert figure_with_text("In 2010 prices rose.", "2010").kind == "date"
    assert figure_with_text("the 1990 elections were close", "1990").kind == "date"
    assert figure_with_text("the 2009 southeastern Australia heat wave", "2009").kind == "date"


@pytest.mark.parametrize("sentence, span, value", [
    ("there were about 40 of them", "about 40", 40.0),
    ("pi is roughly 3.14 here", "roughly 3.14", 3.14),
    ("one hundred of them", "one hundred", 100.0),
    ("twelve of them", "twelve", 12.0),
    ("two hundred and fifty of them", "two hundred and fifty", 250.0),
    ("three million of them", "three million", 3e6),
    ("Twenty-one of them", "Twenty-one", 21.0),
    ("a score of 3,792,621, Los Angeles", "3,792,621", 3792621.0),  # (after "population of": a count, below)
    ("the 1⁄3 normal pressure", "1⁄3", 1 / 3),
    ("it was -5 outside", "-5", -5.0),
    ("the top 15 of them", "15", 15.0),
])
def test_numbers(sentence, span, value):
    f = figure_with_text(sentence, span)
    assert (f.kind, f.value, f.unit) == ("number", value, "")


def test_scientific_and_plus_minus_numbers():
    f = figure_with_text("of the order of 1.1 × 1011 metric tonnes of carbon", "1.1 × 1011 metric tonnes")
    assert f.kind == "quantity" and f.value == pytest.approx(1.1e11)
    f = figure_with_text("estimated at 356 ± 47 tonnes per hectare", "356 ± 47 tonnes per hectare")
    assert (f.kind, f.value) == ("quantity", 356.0)


@pytest.mark.parametrize("sentence, span, value", [
    ("the first time", "first", 1.0),
    ("the tenth attempt", "tenth", 10.0),
    ("the 21st edition", "21st", 21.0),
    ("Harvard was ranked 8th", "8th", 8.0),
])
def test_ordinals(sentence, span, value):
    f = only_figure(sentence)
    assert (f.text, f.kind, f.value) == (span, "ordinal", value)


def test_ordinals_inside_dates_are_dates():
    assert [f.kind for f in figures_in("the 3rd century and April 3rd")] == ["date", "date"]


@pytest.mark.parametrize("sentence, span, value, unit", [
    ("supply chain trade financing 1 + N customers", "1 + N", 1.0, ""),
    ('a "33618" modern manufacturing cluster', "33618", 33618.0, ""),
    ("as TFEU article 288 states", "TFEU article 288", 288.0, "article"),
    ("under Article 17(3) of the treaty", "Article 17(3)", 17.0, "article"),
    ("set out in TEU articles 4 and 5.", "TEU articles 4 and 5", 4.0, "article"),
    ("Traveling south on Interstate 5, the", "Interstate 5", 5.0, "interstate"),
    ("See note 4 to the financial statements.", "note 4", 4.0, "note"),  # a reference, no amount
    ("definitions are provided on page 24 of this report", "page 24", 24.0, "page"),
])
def test_codes(sentence, span, value, unit):
    f = figure_with_text(sentence, span)
    assert (f.kind, f.value, f.unit) == ("code", value, unit)


@pytest.mark.parametrize("text", [
    "COVID-19 response",
    "B52 bombers flew over",
    "one of the banks",
    "no one came",
    "one day he left",
    "MP3 players and X.25 networks",
    "3D printing and the Pac-12 Conference",
    "May I ask a question?",
])
def test_no_figure(text):
    assert figures_in(text) == []


def test_multiples():
    f = figure_with_text("dissolves about twice as much at 0 degrees", "about twice")
    assert (f.kind, f.value, f.unit) == ("number", 2.0, "times")
    f = figure_with_text("the population increased sevenfold from", "sevenfold")
    assert (f.kind, f.value, f.unit) == ("number", 7.0, "times")


def test_qualifiers_only_where_they_belong():
    assert figure_with_text("after 5 years it ended", "5 years").qualifier == ""
    assert figure_with_text("over the last 21,000 years", "last 21,000 years").qualifier == "last"
    assert figure_with_text("it exceeded 26 billion yuan", "26 billion yuan").qualifier == ""


# ---------------------------------------------------------------------------
# Ranges of the text
# ---------------------------------------------------------------------------

def test_sub_range_returns_only_figures_inside_it():
    text = "In 2023 the bank lent more than 40 billion yuan to 300 projects over 2.33 years."
    s, e = text.index("more"), text.index(" to 300")
    found = find_figures(text, s, e)
    assert [(f.text, f.start) for f in found] == [("more than 40 billion yuan", s)]
    # A figure cut by the end of the range is left out, not shortened.
    assert find_figures(text, s, text.index(" yuan")) == []
    assert find_figures(text, 0, text.index("023")) == []
    assert find_figures(text, 10, 5) == []
    assert find_figures(text, 0, 10 ** 6) == find_figures(text)


# ---------------------------------------------------------------------------
# Invariants over the real corpora
# ---------------------------------------------------------------------------

# With no corpus beside the checkout the parameter set is empty and pytest skips these.
corpus_files = pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)


def check_invariants(text: str, found: list[Figure], start: int, end: int) -> None:
    previous_end = start
    for f in found:
        assert text[f.start:f.end] == f.text
        assert start <= f.start < f.end <= end
        assert f.start >= previous_end, "figures must be sorted and non-overlapping"
        previous_end = f.end
        assert f.kind in KINDS
        assert f.unit == f.unit.lower() and f.qualifier == f.qualifier.lower()


@corpus_files
def test_invariants_over_corpus(path):
    text = path.read_text(encoding="utf-8")
    found = find_figures(text)
    assert found, "every corpus document has some figure"
    check_invariants(text, found, 0, len(text))
    # Sub-ranges: the paragraph-sized windows the answering stage asks about.
    step = 700
    for s in range(0, len(text), step // 2):
        e = min(len(text), s + step)
        part = find_figures(text, s, e)
        check_invariants(text, part, s, e)
        # Away from the edges a window sees the same figures as the whole text.
        inner = [f for f in found if s + 60 <= f.start and f.end <= e - 60]
        assert [f for f in part if s + 60 <= f.start and f.end <= e - 60] == inner


@corpus_files
def test_every_family_match_starts_where_the_scan_looks(path):
    # _FIGURE_START only filters where the families are tried; it must not hide any match.
    text = path.read_text(encoding="utf-8")
    places = {m.start() for m in figures._FIGURE_START.finditer(text)}
    for pattern, _ in figures._FAMILIES:
        missed = [m.group() for m in pattern.finditer(text) if m.start() not in places]
        assert not missed, missed


def test_a_change_by_a_bare_number_and_where_it_ended_are_two_figures():
    assert [f.text for f in figures_in("Headcount increased by 340 to 3,870 employees.")] == ["340", "3,870"]


@pytest.mark.parametrize("text, span", [
    ("Algiers lost 30 to 50 thousand inhabitants.", "30 to 50 thousand"),
    ("The share fell by 2 to 3 percent.", "2 to 3 percent"),
    ("It grew from 5 to 10 people.", "5 to 10"),
])
def test_a_range_after_a_change_word_stays_one_figure(text, span):
    assert [f.text for f in figures_in(text)] == [span]


@pytest.mark.parametrize("sentence, span, kind, value, unit", [
    ("Revenue was £1.84bn, up 8pc on the year.", "8pc", "percent", 8.0, "%"),
    ("The margin widened by 120 basis points.", "120 basis points", "percent", 120.0, "basis points"),
    ("The bank raised rates by 25bp in March.", "25bp", "percent", 25.0, "basis points"),
    ("Underlying earnings per share were 31.2p.", "31.2p", "money", 31.2, "pence"),
    ("Q3 2024 revenue rose.", "Q3 2024", "date", 2024.0, "quarter"),
    ("In H1 2024 sales fell.", "H1 2024", "date", 2024.0, "half"),
    ("The FY2023 results were strong.", "FY2023", "date", 2023.0, "year"),
    ("EBITDA rose 9% (FY23: A$1.03 billion).", "FY23", "date", 2023.0, "year"),
    ("The FY 24 dividend is 21 cents.", "FY 24", "date", 2024.0, "year"),
    ("It will file in the first quarter of 2025.", "the first quarter of 2025", "date", 2025.0, "quarter"),
    ("Sales rose in the second half of fiscal 2024.", "the second half of fiscal 2024", "date", 2024.0, "half"),
    ("Third-quarter revenue rose.", "Third", "ordinal", 3.0, ""),  # no year: the ordinal alone
])
def test_report_writing(sentence, span, kind, value, unit):
    f = figure_with_text(sentence, span)
    assert (f.kind, f.value, f.unit) == (kind, value, unit)


@pytest.mark.parametrize("text", ["It ends at 3p.m. today.", "Test the p-value.", "Their HQ 2024 plan"])
def test_letters_beside_numbers_that_are_no_report_figure(text):
    assert not [f for f in figures_in(text) if f.kind in ("money", "percent") or f.unit in ("quarter", "half")]


def test_a_year_earlier_is_not_a_rate():
    assert [f.text for f in find_figures("up from $548 million a year earlier")] == ["$548 million"]
    assert [f.text for f in find_figures("paid $40,000 a year")] == ["$40,000 a year"]
