"""Terms: the lexical view of a text, shared by BM25 and by answer picking.

A term is a lower-cased, Snowball-stemmed word or a number kept whole ("3.5", "60%", "2019",
"1,200" -> "1200"), so that questions about figures can match the figures they name. A few
words reports use for one another ("sales", "turnover", "revenue") are one term. Each term
keeps its character span, for measuring how close a question's words stand to a figure.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

import Stemmer

_TOKEN = re.compile(
    r"\d+(?:[.,]\d+)*%?"                 # numbers, decimals, thousands, percentages
    # words in any script, with inner apostrophes; not a footnote's mark ("EBIT¹"); a word
    # hyphenated at the end of a line is one word ("acqui-\nsition", as PDF text breaks them)
    r"|[^\W\d_¹²³⁰-⁹]+(?:['’][^\W\d_¹²³⁰-⁹]+)*(?:-\n[ \t]*[a-z]+)?"
)
_LINE_BREAK_HYPHEN = re.compile(r"-\n[ \t]*")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

STOPWORDS = frozenset(
    """a an and are as at be been being but by can could did do does doing done for from had has
    have having he her hers him his how i if in into is it its itself me more most my no nor not
    of off on once only or other our ours out over own same she should so some such than that the
    their theirs them then there these they this those through to too under until up very was we
    were what when where which while who whom whose why will with would you your yours about
    many much also s t just did any each few both again further here all am against
    between during before after above below down own then once""".split()
)

_stemmer = Stemmer.Stemmer("english")

# Words reports use for one another, read as one term (by their stems): a question about "sales"
# finds "revenue", one about "staff" the "employees" counted, "net borrowing" the "net debt", "How
# fast did lending grow?" "lending increased 12.7%", "How many firms ...?" "1,460 enterprises",
# "the bank's agri-lending" its "agriculture-related loans", "tourists" the "visitors".
_SAME_AS = {other: first for first, *others in (
    ("revenu", "sale", "turnov"), ("debt", "borrow"), ("dividend", "payout"),
    ("employe", "employ", "staff", "workforc", "headcount", "personnel", "worker"), ("unemploy", "jobless"),
    ("custom", "client"), ("sharehold", "stockhold"), ("repurchas", "buyback"), ("financ", "financi"),
    ("compani", "firm", "enterpris"), ("build", "construct"), ("spend", "expenditur", "outlay"),
    ("shop", "store", "outlet"), ("reduc", "reduct", "cut"), ("buy", "purchas", "acquir", "acquisit"),
    ("sell", "dispos", "divest"), ("forecast", "predict"),
    ("increas", "rise", "grow", "growth", "climb", "surg", "soar", "jump"),
    ("decreas", "declin", "fall", "drop", "shrink", "slump", "plung"),
    ("loan", "lend"), ("profit", "earn"), ("visitor", "tourist"), ("home", "hous", "dwell"), ("vehicl", "car"),
    ("student", "pupil"), ("trip", "journey"), ("salari", "wage"), ("deficit", "shortfal"), ("councillor", "cllr"),
    ("renminbi", "rmb"),
    # A month and its abbreviation ("31 Dec 2024", "Q3 to Sept"), stemmed: "may" has none.
    ("januari", "jan"), ("februari", "feb"), ("march", "mar"), ("april", "apr"), ("june", "jun"), ("juli", "jul"),
    ("august", "aug"), ("septemb", "sep", "sept"), ("octob", "oct"), ("novemb", "nov"), ("decemb", "dec"),
) for other in others}


# The past forms of irregular verbs, read as the verb: "How much did visitors spend?" is answered
# by "visitors spent", "When did the works begin?" by "work began". (Snowball stems "spent" and
# "began" as they are.) Forms that are as often another word ("left", "saw", "lay") are left out.
_IRREGULAR = {form: verb for verb, *forms in (
    ("begin", "began", "begun"), ("rise", "rose", "risen"), ("fall", "fell", "fallen"), ("grow", "grew", "grown"),
    ("sell", "sold"), ("buy", "bought"), ("pay", "paid"), ("spend", "spent"), ("make", "made"), ("build", "built"),
    ("win", "won"), ("lose", "lost"), ("hold", "held"), ("give", "gave", "given"), ("take", "took", "taken"),
    ("bring", "brought"), ("seek", "sought"), ("teach", "taught"), ("catch", "caught"), ("fight", "fought"),
    ("lead", "led"), ("keep", "kept"), ("meet", "met"), ("send", "sent"), ("lend", "lent"), ("become", "became"),
    ("come", "came"), ("go", "went", "gone"), ("know", "knew", "known"), ("write", "wrote", "written"),
    ("drive", "drove", "driven"), ("choose", "chose", "chosen"), ("break", "broke", "broken"),
    ("speak", "spoke", "spoken"), ("stand", "stood"), ("tell", "told"), ("find", "found"), ("say", "said"),
    ("run", "ran"), ("shrink", "shrank", "shrunk"), ("strike", "struck"), ("fly", "flew", "flown"),
    ("draw", "drew", "drawn"), ("sink", "sank", "sunk"), ("throw", "threw", "thrown"), ("wear", "wore", "worn"),
    ("withdraw", "withdrew", "withdrawn"), ("undertake", "undertook", "undertaken"), ("deal", "dealt"),
    ("mean", "meant"), ("feel", "felt"), ("arise", "arose", "arisen"), ("forget", "forgot", "forgotten"),
    ("hear", "heard"), ("get", "got", "gotten"), ("steal", "stole", "stolen"), ("sit", "sat"), ("feed", "fed"),
    ("bear", "bore", "borne"), ("blow", "blew", "blown"), ("hang", "hung"), ("shoot", "shot"), ("sing", "sang", "sung"),
    ("swim", "swam", "swum"), ("freeze", "froze", "frozen"), ("ride", "rode", "ridden"), ("hide", "hid", "hidden"),
) for form in forms}


# A country and the word for its people or things: "German visitors" came from Germany. (Not
# England and English, which is as often the language; not France and French: "franc" is money.)
_COUNTRY_WORDS = """germany german china chinese japan japanese italy italian spain spanish britain british
    america american canada canadian australia australian india indian russia russian brazil brazilian
    mexico mexican netherlands dutch sweden swedish norway norwegian denmark danish finland finnish
    ireland irish scotland scottish portugal portuguese greece greek egypt egyptian korea korean
    switzerland swiss austria austrian belgium belgian europe european africa african asia asian""".split()
_SAME_AS.update({_stemmer.stemWord(people): _stemmer.stemWord(country)
                 for country, people in zip(_COUNTRY_WORDS[::2], _COUNTRY_WORDS[1::2])})


# British and American spellings of a word are one term: "When was the Tower Theatre built?" is
# answered by "The theater was built in 1939", a question about "labor costs" by "labour costs".
# Words are respelt before stemming (Snowball stems "organized" and "recognized" unlike each other,
# "organised" and "recognised" alike); the rest is mapped after.
_IZE = re.compile(r"(?<=[^\W\d_]{3})iz(?=(?:e|es|ed|ing|ation|ations|er|ers)$)")  # "organize" -> "organise"
_YZE = re.compile(r"(?<=[^\W\d_]{3})yz(?=(?:e|es|ed|ing|er|ers)$)")                # "analyze" -> "analyse"
_TRE = re.compile(r"(?<=[^\W\d_]{2}[tb])re(?=s?$)")                          # "centre" -> "center"
_OUR = re.compile(r"(?<=[^\W\d_]{3})our(?=$|it|abl|ful|less|hood|ism|ist)")  # stem "labour" -> "labor"
_SPELT_AS = {british: american for british, american in (
    ("defenc", "defens"), ("offenc", "offens"), ("licenc", "licens"), ("pretenc", "pretens"),
    ("catalogu", "catalog"), ("dialogu", "dialog"), ("analogu", "analog"), ("programm", "program"),
    ("grey", "gray"), ("aluminium", "aluminum"), ("sulphur", "sulfur"), ("mould", "mold"), ("plough", "plow"),
    ("judgement", "judgment"), ("jewelleri", "jewelri"), ("aeroplan", "airplan"), ("manoeuvr", "maneuv"),
    ("practis", "practic"),
)}


# Long nouns in "-ment" that are not what a verb did ("experiment", "parliament"). (Snowball takes
# "-ment" off some nouns, "development", and not others, "settlement"; shorter ones are left as they
# are: "comment", "element", "document".)
_MENT_KEPT = frozenset("""apartment compliment experiment firmament increment instrument parliament sentiment
    supplement temperament testament tournament""".split())


class Term(NamedTuple):  # a tuple: made thousands of times a question, and fast to make
    stem: str
    start: int
    end: int


@lru_cache(maxsize=1 << 17)
def normalize(token: str) -> str | None:
    """The term a raw token stands for, or None for a stopword."""
    lowered = token.lower()
    if lowered[0].isdigit():
        return lowered.replace(",", "")
    if lowered in STOPWORDS:
        return None
    lowered = lowered.replace("’", "'")
    if not lowered.isascii():  # "Möngke" is "Mongke", "Zürich" "Zurich": accents folded, other scripts kept
        folded = "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))
        lowered = folded if folded.isascii() else lowered
    if lowered.endswith("'s"):
        lowered = lowered[:-2]
    word = _IRREGULAR.get(lowered) or _TRE.sub("er", _YZE.sub("ys", _IZE.sub("is", lowered)))
    stem = _OUR.sub("or", _stemmer.stemWord(word))
    stem = _SPELT_AS.get(stem, stem)
    if stem.endswith("ment") and len(stem) >= 9 and stem not in _MENT_KEPT:
        stem = _stemmer.stemWord(stem[:-4])  # "settlement" is what was "settled", "agreement" what was agreed
    return _SAME_AS.get(stem, stem)


def terms(text: str, start: int = 0, end: int | None = None) -> list[Term]:
    """Every term of text[start:end] with its span in `text`. Chinese characters are single terms."""
    end = len(text) if end is None else end
    found = []
    for match in _TOKEN.finditer(text, start, end):
        token = match.group()
        if not token.isascii() and _CJK.search(token):  # no spaces between Chinese words: one term per character
            found.extend(Term(ch, match.start() + i, match.start() + i + 1) for i, ch in enumerate(token))
            continue
        stem = normalize(_LINE_BREAK_HYPHEN.sub("", token) if "\n" in token else token)
        if stem:
            found.append(Term(stem, match.start(), match.end()))
    return found


# An abbreviation a document defines ("all-in sustaining cost (AISC)", "research and development
# (R&D)", "battery-electric vehicles (BEVs)") is one term there with the words it stands for: each
# "AISC" of that document also reads as "sustaining cost", and each "all-in sustaining cost" also as
# "AISC". Reports define a term once and use the short form after ("AISC at the mine fell to
# $1,196/oz"), and a question may use either.
_DEFINED = re.compile(r"\(\s*([A-Z](?:[A-Za-z]|&(?=[A-Z]))*[A-Z])(s?)\s*\)")  # "(AISC)", "(R&D)", "(BEVs)"
_LONG_FORM_REACH = 400  # characters before the brackets
_ROMAN = re.compile(r"[IVXLC]+")  # "iron ingots (II)", "Phase (III)": a numeral


class Abbreviation(NamedTuple):
    short: str                # "AISC", as the document writes it
    stem: str                 # its term, "aisc"
    stands_for: tuple[str, ...]  # the terms of what it stands for: ("sustain", "cost")


def _long_form(short: str, before: str) -> str | None:
    """The words at the end of `before` that `short` abbreviates, found as Schwartz and Hearst
    (2003) do: the short form's letters matched right to left, the first one at the start of a
    word, among at most min(len + 5, 2 * len) words."""
    words = list(_TOKEN.finditer(before))[-min(len(short) + 5, 2 * len(short)):]
    if not words:
        return None
    text = before[words[0].start():]
    lowered = text.lower()
    letters = [c for c in short.lower() if c.isalnum()]
    position = len(lowered) - 1
    for i in range(len(letters) - 1, -1, -1):
        while position >= 0 and (lowered[position] != letters[i]
                                 or (i == 0 and position > 0 and lowered[position - 1].isalnum())):
            position -= 1
        if position < 0:
            return None
        position -= 1
    start = position + 1
    long_form = text[start:].strip()
    return long_form if len(_TOKEN.findall(long_form)) >= 2 else None


@lru_cache(maxsize=256)  # a document's text is hashed once: later calls with it cost a lookup
def abbreviations(text: str) -> tuple[Abbreviation, ...]:
    """The abbreviations a text defines in brackets after what they stand for."""
    found, tried = {}, Counter()
    for match in _DEFINED.finditer(text):
        short = match.group(1)
        if short in found or tried[short] >= 3 or len(short) > 10 or _ROMAN.fullmatch(short):
            continue
        tried[short] += 1
        # (Within its sentence, and near: a long form is at most 20 words, and a text may be one line.)
        lo = max(0, match.start() - _LONG_FORM_REACH)
        full_stop = text.rfind(". ", lo, match.start())
        sentence_start = max(full_stop + 2 if full_stop >= 0 else lo, text.rfind("\n", lo, match.start()) + 1)
        long_form = _long_form(short, text[sentence_start:match.start()].rstrip(" ,"))
        stem = normalize(short.replace("&", ""))
        stands_for = tuple(t.stem for t in terms(long_form)) if long_form else ()
        if stem and stands_for and stem not in stands_for:
            found[short] = Abbreviation(short, stem, stands_for)
    return tuple(found.values())


# The officers reports name, by each title they are given: "CFO", "Chief Financial Officer",
# "Finance Director" and "finance chief" are one officer, read as one term besides their words (as
# an abbreviation a document defines is), in documents and questions alike: "Who is the finance
# director?" is answered by "Declan Moorcroft, Chief Financial Officer".
_OFFICERS = (("CEO", ("chief executive officer", "chief executive")),
             ("CFO", ("chief financial officer", "chief finance officer", "finance director", "financial director",
                      "finance chief")),
             ("COO", ("chief operating officer",)), ("CTO", ("chief technology officer",)),
             ("CRO", ("chief risk officer",)), ("CIO", ("chief investment officer", "chief information officer")))
OFFICER_TITLES = tuple(Abbreviation(written, short.lower(), tuple(t.stem for t in terms(title)))
                       for short, titles in _OFFICERS for written in (short, short.lower()) for title in titles)


def with_abbreviations(text: str, found: list[Term], defined: tuple[Abbreviation, ...]) -> list[Term]:
    """`found`, terms of `text`, with each defined short form also read as what it stands for and
    each run of what it stands for also read as the short form, at the same spans."""
    if not defined:
        return found
    added = []
    by_short = {}
    for a in defined:
        by_short.setdefault(a.short, a)  # the first long form a short one stands for
    by_first = {}
    for a in defined:
        by_first.setdefault(a.stands_for[0], []).append(a)
    for i, t in enumerate(found):
        written = text[t.start:t.end]
        short = by_short.get(written) or by_short.get(written[:-1] if written.endswith("s") else "")
        if short is not None:
            added.extend(Term(stem, t.start, t.end) for stem in short.stands_for)
        for a in by_first.get(t.stem, ()):
            run = found[i:i + len(a.stands_for)]
            if tuple(r.stem for r in run) == a.stands_for and not any(
                    b.stem == a.stem and b.start == t.start for b in added):  # "Chief Executive (Officer)"
                added.append(Term(a.stem, t.start, run[-1].end))
    return sorted(found + added, key=lambda t: t.start) if added else found


def abbreviations_and_titles(text: str) -> tuple[Abbreviation, ...]:
    """What a document's terms are read with: the abbreviations it defines and the titles of officers."""
    return abbreviations(text) + OFFICER_TITLES


def document_terms(text: str, start: int = 0, end: int | None = None) -> list[Term]:
    """The terms of text[start:end] of a document, read with the abbreviations the document defines
    and the titles of officers."""
    return with_abbreviations(text, terms(text, start, end), abbreviations_and_titles(text))


def terms_in(found: list[Term], starts: list[int], start: int, end: int) -> list[Term]:
    """The terms of text[start:end] among `found`, every term of the text (`starts`: their starts),
    leaving out a word the span's edge cuts."""
    return [t for t in found[bisect_left(starts, start):bisect_left(starts, end)] if t.end <= end]


def span_stems(text: str, spans: list[tuple[int, int]]) -> list[list[str]]:
    """The stems of each span text[start:end]. The text is read once, however much the spans
    overlap (passage windows hold each sentence about three times)."""
    found = document_terms(text)
    starts = [t.start for t in found]
    return [[t.stem for t in terms_in(found, starts, start, end)] for start, end in spans]
