"""Find the figures in a document's text: amounts, dates, ordinals and codes.

A *figure* is a short, exact span of the text that answers a "how much / how
many / what percentage / when / how long" question.  The answering stage picks
the figure whose kind fits the question and quotes it verbatim, and a figure
answer counts only when it is at most 24 characters longer than the gold
answer, so spans are kept tight and every figure is typed (see KINDS).

Five regexes do the work, one per family of figures:

* _AMOUNT    [between] [qualifier] [AD] [currency] number [scale] [range] [unit]
             gives money, percent, duration, quantity, count and number, and
             years: a bare 1000-2100 number with no unit or counted noun is a
             date ("in 1995" -> "1995", "by the end of 2023" -> "2023");
* _CALENDAR  dates written with calendar words: "1 April 2023", "April 1st to
             3rd", "February 1082", "mid-2027", "the 1960s", "the 19th century", and
             reporting periods: "Q3 2024", "H1 2024", "FY2023", "FY23";
* _ORDINAL   "first" ... "twentieth", "21st" (when not part of a date);
* _CODE      numeric labels: "1 + N", '"33618"', "Article 17(3)";
* _FRACTION  shares written in words: "two-thirds", "three quarters of",
             "a third of", "nearly half of" (a percentage, unit "fraction").

A figure can only start at a digit, a sign or one of a few known words, so one
cheap scan (_FIGURE_START) finds those places and the families are tried only
there.  Where candidates overlap the longest wins (ties go by _PRIORITY), so
"April 1st" beats the ordinal "1st" and "Article 30" beats the number "30".

Span conventions (what the answering stage can rely on):

* qualifiers ("more than", "about", "nearly", "over", "up to", "some", ...)
  belong to the span and to `qualifier`; so do "last/past/next" before a
  duration and "since/after/before/until" before a date; verbs ("exceeds")
  and other prepositions ("in", "by") do not;
* a counted noun stays out of the span: "more than 160 foreign-funded
  enterprises" -> "more than 160", unit "enterprises"; scale words stay in:
  "1.3 million people" -> "1.3 million";
* a range is one figure: "5 to 15 years", "1914-1918", "2023/24", "1964 and 1968",
  "between 1702 and 1709" (qualifier "between"), "30%-50%"; its value is the
  first endpoint, with a scale written only after the second applied to both
  ("30 to 50 thousand" -> 30000.0);
* decades and centuries take a leading "the" and "early/mid/late": "the early
  1960s", "the 3rd century BC"; "the 1920s and 1930s" is two figures;
* a quantity takes a short parenthesised conversion ("32 °C (90 °F)"), and
  money or a quantity takes a rate ("$40 per barrel", "€25,000 per year");
* the lone word "one" is never a figure ("one of the", "no one", "one day").

For dates, `value` is the (first) year, negative for BC, None when no year is
written ("April 1st to 3rd", "'60s"); `unit` is the date's granularity: "day",
"month", "season", "year", "decade", "century", or "years ago" (then `value`
is how many years ago).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("money", "percent", "date", "duration", "quantity", "count", "number", "ordinal", "code")


@dataclass(frozen=True, slots=True)
class Figure:
    start: int  # offset into the text passed to find_figures
    end: int
    text: str  # always == text[start:end]
    kind: str  # one of KINDS
    value: float | None  # scale applied: "40 billion" -> 4e10, "six" -> 6.0, "60%" -> 60.0
    unit: str  # normalised unit or counted noun, lower case; "" if none
    qualifier: str  # "more than", "about", "between", ... lower case; "" if none


# Which kind wins when two candidates cover spans of the same length.
_PRIORITY = {kind: rank for rank, kind in enumerate(
    ("money", "percent", "date", "duration", "quantity", "code", "count", "ordinal", "number"))}


def _alternatives(words) -> str:
    """Alternation of words, longer first, the first letter in either case ("More than"), any
    run of spaces between words.  Grouped by first letter and spelled out rather than
    (?i:...), which the regex engine tries several times more slowly."""
    tails: dict[str, list[str]] = {}
    for word in sorted(set(words), key=len, reverse=True):
        tails.setdefault(word[0].lower(), []).append(re.escape(word[1:]).replace(r"\ ", r"\s+"))
    return "|".join(
        (f"[{head.upper()}{head}]" if head.isalpha() else re.escape(head)) + f"(?:{'|'.join(rest)})"
        for head, rest in tails.items())


# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
          "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_WORD_VALUES = {w: float(v) for v, w in enumerate(_ONES + _TEENS, start=1)}
_WORD_VALUES |= {w: float(v) for v, w in zip(range(20, 100, 10), _TENS)}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_ABBREVIATED_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12}
_VULGAR_FRACTIONS = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75}

_ORDINAL_VALUES = {w: float(v) for v, w in enumerate((
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth", "twenty-first"), start=1)}

_QUALIFIERS = (
    "more than", "over", "about", "around", "approximately", "roughly", "nearly", "almost",
    "up to", "at least", "at most", "less than", "fewer than", "greater than", "under",
    "below", "above", "some", "estimated", "an estimated", "as many as", "as much as",
    "as few as", "as little as", "as high as", "as low as", "close to", "in excess of",
    "upwards of", "no more than", "no less than", "no fewer than", "not more than",
    "not less than", "just over", "just under", "well over", "well under", "exactly",
    "circa", "last", "past", "next", "since", "after", "before", "until", "till")
_QUALIFIER_ABBREVIATIONS = ("c.", "ca.", "approx.", "~")
# Qualifiers that belong to some kinds only; before any other kind they are
# left out of the span ("after 5 years" -> "5 years").
_QUALIFIER_KINDS = {"last": {"duration"}, "past": {"duration"}, "next": {"duration"},
                    "since": {"date"}, "after": {"date"}, "before": {"date"},
                    "until": {"date"}, "till": {"date"}}
# Qualifiers that bound rather than approximate: "more than 2000" is an amount, not a year.
_BOUNDS = {"more than", "over", "up to", "at least", "at most", "less than", "fewer than",
           "greater than", "under", "below", "above", "as many as", "as much as", "as few as",
           "as little as", "as high as", "as low as", "in excess of", "upwards of",
           "no more than", "no less than", "no fewer than", "not more than", "not less than",
           "just over", "just under", "well over", "well under"}
_DATE_QUALIFIERS = ("since", "after", "before", "until", "till", "into", "circa", "about", "around")

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December",
           "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
_SEASONS = ("spring", "summer", "autumn", "fall", "winter")
_EARLY = ("early", "mid", "late")
_LABELS = ("article", "articles", "section", "sections", "chapter", "chapters", "clause",
           "clauses", "paragraph", "paragraphs", "rule", "rules", "phase", "phases", "stage",
           "stages", "table", "tables", "figure", "figures", "volume", "volumes", "part", "parts",
           "note", "notes", "page", "pages", "appendix", "annex", "exhibit")  # "see note 4", "on page 24"
_ROADS = ("State", "County", "Interstate", "Route", "Highway")

_CURRENCY_SYMBOLS = {
    "$": "usd", "us$": "usd", "u.s.$": "usd", "a$": "aud", "au$": "aud", "c$": "cad",
    "ca$": "cad", "hk$": "hkd", "nz$": "nzd", "s$": "sgd", "r$": "brl", "nt$": "twd",
    "£": "gbp", "€": "eur", "¥": "yen", "₹": "inr", "₩": "krw", "₽": "rub",
    "rmb": "yuan", "cny": "yuan", "usd": "usd", "eur": "eur", "gbp": "gbp", "jpy": "yen",
    "hkd": "hkd", "inr": "inr", "chf": "chf", "aud": "aud", "cad": "cad", "rs": "inr", "rs.": "inr"}
_CURRENCY_WORDS = {
    "dollar": "usd", "dollars": "usd", "yuan": "yuan", "renminbi": "yuan", "rmb": "yuan",
    "euro": "eur", "euros": "eur", "pound": "gbp", "pounds": "gbp", "pound sterling": "gbp",
    "pounds sterling": "gbp", "sterling": "gbp", "pence": "pence", "penny": "pence",
    "cent": "cents", "cents": "cents", "yen": "yen", "usd": "usd", "eur": "eur", "gbp": "gbp",
    "cny": "yuan", "jpy": "yen", "hkd": "hkd"}
_OTHER_CURRENCIES = ("rupees", "rupee", "francs", "franc", "lira", "lire", "krone", "kroner",
                     "kronor", "krona", "pesos", "peso", "rubles", "ruble", "roubles", "rouble",
                     "rupiah", "ringgit", "baht", "dinars", "dinar", "dirhams", "dirham", "riyals",
                     "riyal", "shekels", "shekel", "crowns", "koruna", "korunas", "zloty", "zlotys", "zlotych",
                     "forint", "forints", "reais", "naira", "hryvnia", "hryvnias",
                     # the money of history books: "15 shillings a week", "2.6 million thalers"
                     "shillings", "shilling", "guineas", "guinea", "thalers", "thaler", "florins", "florin",
                     "ducats", "ducat", "livres", "livre", "drachmas", "drachma", "reichsmarks", "reichsmark",
                     "deutschmarks", "deutschmark", "Deutsche Marks", "Deutsche Mark")
_CURRENCY_NATIONS = {"us": "usd", "u.s.": "usd", "american": "usd", "hong kong": "hkd",
                     "australian": "aud", "canadian": "cad", "singapore": "sgd",
                     "new zealand": "nzd", "taiwan": "twd", "chinese": "yuan", "japanese": "yen"}


# --------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------

# A figure never starts inside a word or number ("B52", "X.25"), right after
# a word and a hyphen ("COVID-19", "Pac-12"), or inside a range ("2012–13").
_START = r"(?<![\w.,$£€¥#])(?<![A-Za-z\d][-–—])"
# ...and never ends inside one: "3D", "6am" and "1990s" are not numbers, and
# "60's" is a decade.
_END = r"(?!(?<=\w)\w)(?!(?<=0)['’]s\b)"

# "1,200", "3.60", "-5", "−11.7", "1⁄3", "2½", "1.1 × 1011" (10^11 with the
# superscript flattened), "356 ± 47"; it may not stop before more digits.
# A value below zero is written in accounting brackets before its per cent sign, "(0.9)%", or after
# its currency, "$(0.87)", "£(7.5)m".
_DIGITS = (r"(?:[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:⁄\d+|[½⅓⅔¼¾])?|[½⅓⅔¼¾]"
           r"|\((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\)(?:(?=%)|(?(cur)|(?!))))"
           r"(?:\s?×\s?10\^?[-−]?\d*)?(?:\s?±\s?\d+(?:\.\d+)?)?(?![\d⁄]|[.,]\d)")
# "twelve", "twenty-five", "two hundred and fifty", "three million".
_WORD_SMALL = (rf"(?:(?:{_alternatives(_TENS)})(?:[- ](?:{_alternatives(_ONES)}))?"
               rf"|{_alternatives(_TEENS)}|{_alternatives(_ONES)})\b")
_WORD_BLOCK = rf"{_WORD_SMALL}(?:\s+[Hh]undred\b(?:\s+(?:and\s+)?{_WORD_SMALL})?)?"
_SCALE_WORD = _alternatives(("thousand", "million", "billion", "trillion"))
_WORDS = rf"{_WORD_BLOCK}(?:\s+(?:{_SCALE_WORD})\b(?:\s+(?:and\s+)?{_WORD_BLOCK})?)*"
# "twice", "thrice", "sevenfold", "10-fold".
_MULTIPLES = rf"(?:[Tt]wice|[Tt]hrice|(?:{_alternatives(_TENS + _TEENS + _ONES)}|\d+)-?fold)\b"
_MULTIPLE_VALUES = {"twice": 2.0, "thrice": 3.0}


def _number(tag: str) -> str:
    return rf"(?P<{tag}>{_MULTIPLES}|{_DIGITS}|{_WORDS})"


def _scale(tag: str) -> str:
    # Scale words after digits; "m", "bn", "k" only after a currency ("£34m"),
    # since "25m" alone is more often metres.
    return (rf"(?:\s+(?P<{tag}_scale>{_SCALE_WORD})\b"
            rf"|(?(cur)(?P<{tag}_abbr>\s?(?:bn|mn|tn)|m|k)(?!\w)))?")


_QUALIFIER = rf"(?:{_alternatives(_QUALIFIERS)})\b|{_alternatives(_QUALIFIER_ABBREVIATIONS)}"

# Letter codes count only before a number ("RMB 100 million").
_CURRENCY_SYMBOL = (r"(?:US\$|U\.S\.\s?\$|AU?\$|CA?\$|HK\$|NZ\$|S\$|R\$|NT\$|[$£€¥₹₩₽]"
                    r"|(?:RMB|CNY|USD|EUR|GBP|JPY|HKD|INR|CHF|AUD|CAD|Rs\.?)(?=\s?\d))")
# "yuan" and "yen" in lower case only: "1279 Yuan forces" names a dynasty.  Plain
# "pounds" is a weight unless a scale word comes first ("5 million pounds").
_CURRENCIES = _OTHER_CURRENCIES + ("yuan", "yen", "dollars", "dollar", "renminbi", "euros", "euro", "sterling")
_CURRENCY_WORD = (r"(?:(?:US|U\.S\.|Hong\s+Kong|New\s+Zealand|[A-Z][a-z]+)\s+)?"
                  r"(?:RMB|USD|EUR|GBP|CNY|JPY|HKD|"
                  + _alternatives(_CURRENCIES + ("pounds sterling", "pound sterling", "pence", "penny", "cents", "cent"))
                  + r")\b")

# A currency named anywhere, as a table's caption or header names its cells' ("(€ million)", "£m",
# "in thousands of dollars", "US$ million", "RMB"): the cells below are amounts of money. (Not
# "cent": "(per cent)" names no money.)
NAMES_A_CURRENCY = re.compile(r"[$£€¥₹₩₽]|\b(?:RMB|CNY|USD|EUR|GBP|JPY|HKD|INR|CHF|AUD|CAD)\b|(?i:\b"
                              + _alternatives(_CURRENCIES) + r")\b")

_TIME_UNIT = (r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|fortnights?|months?"
              r"|years?|yrs?|decades?|centuries|century|millenni(?:um|a))")
# Words that may sit between a number and its time unit: "six consecutive years".
_DURATION_GAP = (r"(?:consecutive|straight|successive|full|more|additional|whole|further"
                 r"|calendar|fiscal|academic|school|working|business)")

# Units of measure, longer spellings first; case-sensitive ("K" is kelvin).
_LENGTHS = r"(?:kilomet(?:re|er)s?|met(?:re|er)s?|miles?|feet|foot|yards?|inch(?:es)?|centimet(?:re|er)s?)"
_MEASURE = "|".join((
    rf"square[\s-]+{_LENGTHS}", rf"cubic[\s-]+{_LENGTHS}", r"sq\.?\s?(?:km|mi|ft|m|yd)",
    r"km[23²³]?", r"[mc]m[23²³]", r"cm", r"mm", r"[µμ]m", r"nm", r"ft[23²³]?",
    r"(?:kilo|centi|milli|micro|nano)?met(?:re|er)s?", r"m",
    r"nautical\s+miles?", r"miles\s+per\s+hour", r"kilomet(?:re|er)s\s+per\s+hour",
    r"miles?", r"mi", r"feet", r"foot", r"inch(?:es)?", r"yards?", r"yd", r"light[- ]years?",
    r"acres?", r"hectares?", r"ha", r"mu",  # (a Chinese measure of land, a fifteenth of a hectare)
    r"(?:milli|centi)?lit(?:re|er)s?", r"ml", r"mL", r"L", r"gallons?", r"barrels?", r"bbl", r"cc",
    r"(?:kilo|milli|micro)?grams?", r"kg", r"mg", r"g", r"(?:metric\s+)?(?:tonnes?|tons?)",
    r"(?:giga|mega)(?:tonnes?|tons?)", r"Gt", r"Mt", r"lbs?", r"pounds?", r"ounces?", r"oz",
    r"carats?", r"TEUs?", r"mtpa", r"bcm", r"boe", r"M[Ll]/d",  # containers; tonnes a year; gas; oil; water a day
    r"°\s?[CFK]\b",
    r"°(?:\s?\d{1,2}['′](?:\s?\d{1,2}(?:\.\d+)?[\"″])?)?[NSEW]?",  # 180°, 28.5°E, 37° 9' 58.23"
    r"degrees?(?:\s+(?:Celsius|Fahrenheit|centigrade|[CF]\b))?", r"K",
    r"mph", r"km/h", r"kph", r"km/s", r"m/s", r"knots",
    r"(?:kilo|mega|giga|tera)?watts?(?:[- ]hours?)?", r"[kMGT]?Wh?", r"hp", r"horsepower",
    r"(?:kilo)?joules?", r"[kM]?J", r"(?:kilo)?calories", r"kcal", r"Btu",
    r"(?:kilo)?volts?", r"[kM]?V", r"amperes?", r"amps?",
    r"[kMGT]?Hz", r"[Hh]ertz", r"[kMG]?bit/s", r"[kMG]bps", r"bits?", r"bytes?", r"[kKMGTP]B",
    r"[kMG]?Pa", r"(?:kilo|mega|giga)?pascals?", r"atm", r"atmospheres?", r"psi", r"mmHg",
    r"dB", r"decibels?", r"[Rr][Pp][Mm]", r"revolutions\s+per\s+minute",
))
_PER = (r"(?:\s+per\s+(?:(?:square|cubic|diluted|basic|ordinary)\s+)?(?:[a-z]+|TEU)\b"
        r"|\s+an?\s+(?:year|month|week|day|hour|head|share|barrel|tonne|ton)\b(?!\s+(?:earlier|ago|before|later))"
        r"|/(?:oz|t|tonne|ton|bbl|boe|lb|kg|g|MWh|kWh|GJ|MMBtu|m2|m3|sq\s?ft|ft|unit|share|year|yr|month|day|hr|h)\b)")  # "$1,342/oz"
# An amount per unit ("1,050 yuan per mu", "$1,342/oz"): a rate, not a total.
PER_UNIT = re.compile(rf"(?:{_PER})$")
# "(90 °F)", "(6 ft 7 in)", "(about 1.6 atm)": a short conversion; a longer one
# ("(2,100,000 sq mi)") would push the span past what a scorer accepts.
_CONVERSION = r"(?:\s?\((?:about\s+|approx(?:imately|\.)?\s+|c\.\s?|~\s?)?[-−]?\d[^()\n]{0,10}\))"


# --------------------------------------------------------------------------
# _AMOUNT: [between] [qualifier] [AD] [currency] number [scale] [range] [unit]
# --------------------------------------------------------------------------

_AMOUNT = re.compile(
    _START
    + r"(?:(?P<between>[Bb]etween)\s+)?"              # "between 96,660 and 128,843"
    + rf"(?:(?P<qual>{_QUALIFIER})\s*)?(?P<unqualified>)"  # "more than", "about"
    + r"(?:(?P<era_pre>AD|A\.D\.)\s?)?"               # "AD 500"
    + rf"(?:(?P<cur>{_CURRENCY_SYMBOL})\s?)?"         # "$", "US$ ", "RMB "
    + _number("lo") + _scale("lo")
    # A range is one figure: "5 to 15", "1914-1918", "1338–39", "90% to 93%",
    # "£15–100,000"; "and" joins only after "between" or two years.
    + r"(?:(?P<lo_pct>\s?%)?"
    + r"(?:\s?[–—-]\s?|\s+(?:to|through)\s+|(?(between)\s+and\s+|(?!))"
    + r"|(?<=(?<![\d,.])(?:1[89]|20)\d\d)/(?=\d\d(?:\d\d)?(?![\d/.,]\d))"  # "2023/24", a year's span
    + r"|(?<=\d{4})(?<![\d,.]\d{4})\s+and\s+(?=\d{4}(?!\d|[.,]\d)))"
    + rf"(?:{_CURRENCY_SYMBOL}\s?)?" + _number("hi") + _scale("hi")
    + r"(?(lo_pct)(?=\s?%)))?"
    + r"(?P<num_end>)"                                # a count's span ends here
    + r"(?:"
    + r"(?P<pct>\s?%|\s+[Pp]er\s?cent\b|\s+percentage\s+points?\b|pc\b)"  # "8pc", as the press writes it
    + r"|(?P<bps>\s+basis\s+points?\b|\s?bps?\b)"      # "120 basis points", "25bp"
    + r"|(?P<pence>p)(?!\w|\.\w)"                       # "31.2p" a share (not "3p.m.")
    + r"|\s+(?P<ago>(?:years?|months?|weeks?|days?|decades?|centuries)\s+ago)\b"
    + r"|\s?(?P<mya>Mya|mya|BP)\b"                    # million years ago, before present
    + r"|\s?(?P<era>BCE|BC|CE|AD|B\.C\.E\.|B\.C\.|A\.D\.|C\.E\.)(?!\w)"
    + rf"|\s+(?P<money>{_CURRENCY_WORD}){_PER}?"
    + rf"|(?:\s+{_DURATION_GAP}\s+|\s|-)(?P<duration>{_TIME_UNIT})\b(?P<old>[\s-]old\b(?!-))?"  # "a 22-year-old"
    + rf"|(?:\s?|-)(?P<quantity>{_MEASURE})(?!\w){_CONVERSION}?{_PER}?"
    + r")?"
    + rf"(?(cur){_PER}?)"                             # "$40 per barrel"
    + _END
)

# The noun counted by a bare number: "300 projects", "160 foreign-funded
# enterprises", "400 Chongqing enterprises"; up to four modifiers are skipped,
# never a function word or punctuation.
_FUNCTION_WORDS = (
    r"(?:the|a|an|of|in|on|at|to|for|from|by|with|and|or|but|nor|as|than|that|which|who"
    r"|whom|whose|this|these|those|is|are|was|were|be|been|being|has|have|had|do|does|did"
    r"|will|would|can|could|may|might|must|shall|should|it|its|their|his|her|our|your|my"
    r"|we|they|he|she|you|i|per|each|every|into|onto|over|under|about|after|before|since"
    r"|until|during|between|among|through|out|up|down|off|not|no|also|only|while|when"
    r"|where|if|so|then|there|here|more|less|such|other|own|same)\b")
_NOT_NOUNS = (r"(?:was|has|does|goes|this|his|its|hers|ours|yours|theirs|yes|thus|plus|always"
              r"|perhaps|whereas|towards|afterwards|sometimes|besides|unless|less|means|remains"
              r"|becomes|seems|makes|takes|includes|gets|news)\b")
# A plural noun, lowercased: what a number counts.
PLURAL_NOUN = (rf"(?!{_NOT_NOUNS})(?:people|men|women|children|staff|personnel|police|cattle"
               r"|sheep|fish|deer|livestock|geese|mice|teeth|[a-z]{2,}s(?<![siu]s))")
_COUNTED_NOUN = re.compile(
    rf"(?P<skipped>(?:\s+(?!{_FUNCTION_WORDS})(?:[A-Z][\w’']*|[a-z]+(?:-[a-z]+)*)|\s+of(?=\s+[A-Z])){{0,4}}?)"
    rf"\s+(?P<noun>{PLURAL_NOUN})\b")

# A bare number that is a population: "a population of 3,792,621", "population was 494,665".
# "resident population (ERP) was 2,847,300": an abbreviation in brackets may follow the word.
_POPULATION_OF = re.compile(r"\bpopulations?\s+(?:\([^()]{1,12}\)\s+)?(?:of|was|is|were|stood at|reached|at)\s+$", re.I)

# Words before a year that keep it a date when a noun follows ("In 2010
# prices rose", "the 1990 elections").
_DATE_LEAD_WORDS = {"in", "since", "by", "until", "till", "from", "after", "before", "during",
                    "the", "a", "an", "its", "their", "his", "her", "our", "this", "that"}


# --------------------------------------------------------------------------
# _CALENDAR: dates written with calendar words
# --------------------------------------------------------------------------

_MONTH = rf"(?:{'|'.join(_MONTHS[:12])}|(?:{'|'.join(_MONTHS[12:])})\.?)(?!\w)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\w)"
_DAYS = rf"{_DAY}(?:\s*(?:[–—-]|to|and)\s*{_DAY})?"   # "1st to 3rd", "1–3"
_UNTIL = r"\s*(?:[–—-]|to|until|through)\s*"
_ORDINAL_NUMBER = rf"(?:\d{{1,2}}(?:st|nd|rd|th)|{_alternatives(_ORDINAL_VALUES)})"
_EARLY_WORD = rf"(?:{_alternatives(_EARLY)})"
_DECADE = r"\d{3}0|['’]\d0|\d0(?=['’]s)"  # "1960", "'60", the "60" of "60's" ("60s" is an age)


# A financial year by its last two digits: "FY23", "FY 24", "FY'25" (the years 2023, 2024, 2025).
FINANCIAL_YEAR = r"FY\s?['’]?(?P<fy_year>\d{2})(?![\w/])"
_FINANCIAL_YEARS = re.compile(rf"\b{FINANCIAL_YEAR}")
# A financial year written as the two years it spans: "2025/26", "2023-24".
SPLIT_YEAR = re.compile(r"\b(?:1[0-9]|20)\d\d[/–-]\d\d\b")


def financial_years(text: str, start: int = 0, end: int | None = None) -> set[int]:
    """The years that text[start:end] names as "FY23"."""
    return {2000 + int(m["fy_year"]) for m in _FINANCIAL_YEARS.finditer(text, start, len(text) if end is None else end)}


def _year(n: int) -> str:
    return rf"(?P<year{n}>\d{{4}})(?!\w)"


_CALENDAR = re.compile(
    r"(?<![\w])"
    + rf"(?:(?P<qual>{_alternatives(_DATE_QUALIFIERS)})\s+)?"   # as for amounts: "since 1950"
    + r"(?:"
    # 22 May 2006, 1–3 April, 25 December
    # (and on to a day of another month: "28 May to 2 June")
    + rf"(?P<dmy>{_DAYS}\s+(?:of\s+)?{_MONTH}(?:{_UNTIL}{_DAY}\s+{_MONTH})?(?:,?\s+{_year(1)})?)"
    # March 29, 1883 / April 1st to 3rd / December 25 / May 28 to June 2
    + rf"|(?P<mdy>{_MONTH}\s+{_DAYS}(?:{_UNTIL}{_MONTH}\s+{_DAY})?(?:,?\s+{_year(2)})?)"
    # February 1082, October of 1973
    + rf"|(?P<my>{_MONTH},?\s+(?:of\s+)?{_year(3)})"
    # autumn 1347, the winter of 1973–74
    + rf"|(?P<season>(?:[Tt]he\s+)?(?:{_EARLY_WORD}[- ])?(?:{_alternatives(_SEASONS)})"
    + rf"\s+(?:of\s+)?{_year(4)}(?:[–-]\d{{2,4}})?)"
    # early 2026, mid-2027, late 2025: a part of a year, as a season is
    + rf"|(?P<year_part>{_EARLY_WORD}[- ]{_year(8)})"
    # the 1060s, mid-1990s, the early 1960s, '60s, 60's; a range as for amounts:
    # "the 1960s to 1980s", "between the 1960s and 1990s"
    + rf"|(?P<decade>(?:(?P<decade_between>[Bb]etween)\s+)?(?P<decade_body>)(?:[Tt]he\s+)?(?:{_EARLY_WORD}[- ]?)?"
    + rf"(?P<decade_year>{_DECADE})['’]?s(?:\s*(?:[–-]|to|(?(decade_between)and|(?!)))"
    + rf"\s*(?:the\s+)?(?:{_EARLY_WORD}[- ]?)?(?P<decade_to>{_DECADE})['’]?s)?)(?!\w)"
    # the 19th century, the 3rd century BC, 16th and 17th centuries, 14th-century
    + rf"|(?P<century>(?:[Tt]he\s+)?(?:{_EARLY_WORD}[- ]?)?(?P<ordinal>{_ORDINAL_NUMBER})"
    + rf"(?:\s*(?:and|or|to|[–-])\s*(?:the\s+)?{_ORDINAL_NUMBER})?"
    + r"[\s-](?:[Cc]entur(?:y|ies)|[Mm]illenni(?:um|a))"
    + r"(?P<bc>\s+(?:BCE|BC|B\.C\.))?(?:\s+(?:AD|CE))?)(?!\w)"
    # the first quarter of 2025, the second half of fiscal 2024
    + rf"|(?P<part>(?:[Tt]he\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th|final|last)[\s-]+(?P<part_name>quarter|half)"
    + rf"\s+of\s+(?:the\s+)?(?:(?:fiscal|financial)\s+(?:year\s+)?)?{_year(7)})"
    # reporting periods: Q3 2024, H1 2024, 3Q 2024, FY2023, FY 2023/24, 9M 2024
    + rf"|(?P<period>(?P<period_name>Q[1-4]|H[12]|[1-4]Q|[12]H|FY|9M)\s?{_year(6)}(?:/\d{{2}})?)(?!\w)"
    + rf"|(?P<fy>{FINANCIAL_YEAR})"
    # 2023-04-01, 4/1/2023
    + rf"|(?P<numeric>(?P<iso_year>\d{{4}})-[01]\d-[0-3]\d|\d{{1,2}}/\d{{1,2}}/{_year(5)})(?!\w)"
    + r")"
)

_ORDINAL = re.compile(  # not the "third" of "one-third"
    rf"(?<![\w.])(?<![A-Za-z]-)(?:(?P<digits>\d+)(?:st|nd|rd|th)|(?P<word>{_alternatives(_ORDINAL_VALUES)}))(?!\w)")

# A share written in words: "two-thirds" (joined: always a share), "three quarters of", "a third
# of", "nearly half of". Written apart it must be a share "of" something that is no period: "three
# quarters of 2024", "the second half of the year", "in a quarter" are times. "half" alone needs a
# qualifier or the start of a clause ("Half of the loans ...", "almost half of": _fraction_figure), as
# "the first half of" is a period; the ordinal "third" after a number is a share's, never an ordinal.
_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
                 "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
                 "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10}
_SHARE_OF = r"(?=\s+of\s+(?!\d|(?:the|this|that|last|next)\s+(?:year|quarter|month|decade|century)\b))"
_FRACTION = re.compile(
    r"(?<![\w.,-])"
    + rf"(?:(?P<qual>{_QUALIFIER})\s*)?"
    + rf"(?:(?P<joined>{_alternatives(_ONES)})-(?P<joined_part>{_alternatives(_DENOMINATORS)})(?![\w-])"
    + rf"(?!\s+(?:{_MEASURE}|{_TIME_UNIT})(?!\w))"  # "one-half mile": a length
    + rf"|(?P<apart>{_alternatives(_ONES[1:])})\s+(?P<apart_part>{_alternatives(k for k in _DENOMINATORS if k.endswith('s'))})"
    + rf"(?!\w){_SHARE_OF}"
    + rf"|(?P<article>[Aa]n?|[Oo]ne)\s+(?P<article_part>{_alternatives(k for k in _DENOMINATORS if not k.endswith('s'))})"
    + rf"(?!\w){_SHARE_OF}"
    + rf"|(?P<half>[Hh]alf){_SHARE_OF})"
)

# Numeric labels: "1 + N", a quoted number used as a name, "Article 17(3)",
# "TEU articles 4 and 5", "State Route 41", "No. 1".
_CODE = re.compile(
    r"(?<![\w.])(?:"
    + r"(?P<plus>\d+\s?\+\s?[A-Z])(?!\w)"
    + r"|(?<=[\"“‘'])(?P<quoted>\d+)(?=[\"”’'])"
    + rf"|(?P<label>(?:[A-Z]{{2,6}}\s+)?(?:{_alternatives(_LABELS)})"
    + r"|(?:(?:State|U\.S\.|US|County|Interstate)\s+)?(?:Route|Highway)|Interstate|Nos?\.|§)"
    + r"\s?(?P<label_number>\d+)[A-Za-z]?(?:\(\d+\))*"
    + r"(?:\s*(?:,|and|or|to|–)\s*\d+[A-Za-z]?(?:\(\d+\))*)*(?!\w)"
    + r")"
)

# Where some family may match: a digit or sign, a letter code ("US$", "RMB",
# "AD", "TFEU article"), or a word a family starts with.  Only a filter: each
# family checks its own start.
_FIGURE_START = re.compile(
    r"(?<!\w)(?="
    + r"[\d½⅓⅔¼¾$£€¥₹₩₽§~'’−-]|\(\d|[A-Z][A-Z$]|[QH]\d|U\.S\.|A\.D\.|Rs|Nos?\.|"
    + r"[Aa]n?\s|[Hh]alf\b|"
    + _alternatives(_QUALIFIERS + _QUALIFIER_ABBREVIATIONS + _DATE_QUALIFIERS + ("between",)
                    + _ONES + _TEENS + _TENS
                    + tuple(_MULTIPLE_VALUES)
                    + tuple(_ORDINAL_VALUES) + _MONTHS + _SEASONS + _EARLY + _LABELS + _ROADS)
    + rf"|[Tt]he\s+(?:[\d'’]|{_alternatives(_EARLY + _SEASONS + tuple(_ORDINAL_VALUES))})"
    + r")"
)


# --------------------------------------------------------------------------
# Values and units
# --------------------------------------------------------------------------

def _words_value(words: str) -> float:
    """Value of a written number: "two hundred and fifty" -> 250.0, "sevenfold" -> 7.0."""
    words = words.lower()
    if words in _MULTIPLE_VALUES:
        return _MULTIPLE_VALUES[words]
    if words.endswith("fold"):
        words = words[:-4].rstrip("-")
        if words.isdigit():
            return float(words)
    total = current = 0.0
    for word in re.split(r"[\s-]+", words):
        if word in _WORD_VALUES:
            current += _WORD_VALUES[word]
        elif word == "hundred":
            current *= 100
        elif word in _SCALES:
            total += current * _SCALES[word]
            current = 0.0
    return total + current


def _number_value(number: str) -> float:
    """Value of a number as matched by _number(): digits or words."""
    number = number.replace(",", "").replace("−", "-")
    if number.startswith("("):  # "(0.9)%"
        number = "-" + number.strip("()")
    if number[0].isalpha() or number.endswith("fold"):
        return _words_value(number)
    number = number.split("±")[0]
    mantissa, _, exponent = number.partition("×")
    mantissa = mantissa.strip()
    fraction = 0.0
    if mantissa[-1] in _VULGAR_FRACTIONS:
        fraction, mantissa = _VULGAR_FRACTIONS[mantissa[-1]], mantissa[:-1]
    if "⁄" in mantissa:
        numerator, denominator = mantissa.split("⁄")
        value = float(numerator) / float(denominator)
    else:
        value = float(mantissa) if mantissa not in ("", "-") else 0.0
        value += -fraction if mantissa.startswith("-") else fraction
    if exponent:  # "× 10^11", or "× 1011" with the superscript flattened
        power = exponent.strip()[2:].lstrip("^").replace("−", "-")
        value *= 10.0 ** (int(power) if power not in ("", "-") else 1)
    return value


def _scale_value(m: re.Match, tag: str) -> float:
    if m[f"{tag}_scale"]:
        return _SCALES[m[f"{tag}_scale"].lower()]
    if m[f"{tag}_abbr"]:
        return _ABBREVIATED_SCALES[m[f"{tag}_abbr"].strip()]
    return 1.0


def _is_year(number: str | None) -> bool:
    return number is not None and len(number) == 4 and number.isdigit() and 1000 <= int(number) <= 2100


def _normalise(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _currency_unit(m: re.Match) -> str:
    if m["cur"]:
        return _CURRENCY_SYMBOLS.get(_normalise(m["cur"]).replace(" ", ""), "")
    phrase = _normalise(m["money"])
    if phrase in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[phrase]
    nation, _, word = phrase.rpartition(" ")
    if word.startswith("dollar") and nation in _CURRENCY_NATIONS:
        return _CURRENCY_NATIONS[nation]
    if word in _CURRENCY_WORDS and _CURRENCY_WORDS[word] != "usd":  # "Chinese yuan"
        return _CURRENCY_WORDS[word]
    return phrase  # "danish krone", "zimbabwe dollars"


_UNIT_NAMES = [(re.compile(p), name) for p, name in (
    (r"kilomet(?:re|er)s?|km", "km"), (r"met(?:re|er)s?|m", "m"), (r"centimet(?:re|er)s?|cm", "cm"),
    (r"millimet(?:re|er)s?|mm", "mm"), (r"miles?|mi", "miles"), (r"feet|foot|ft", "feet"),
    (r"inch(?:es)?", "inches"), (r"yards?|yd", "yards"), (r"acres?", "acres"),
    (r"hectares?|ha", "hectares"), (r"square kilomet(?:re|er)s?|km[2²]|sq\.? ?km", "km²"),
    (r"square miles?|sq\.? ?mi", "square miles"), (r"square met(?:re|er)s?|m[2²]|sq\.? ?m", "m²"),
    (r"square (?:feet|foot)|ft[2²]|sq\.? ?ft", "square feet"), (r"kilograms?|kg", "kg"), (r"grams?|g", "g"),
    (r"(?:metric )?(?:tonnes?|tons?)", "tonnes"), (r"lbs?|pounds?", "pounds"),
    (r"ounces?|oz", "ounces"), (r"lit(?:re|er)s?|L", "litres"),
    (r"°\s?C|degrees? (?:Celsius|centigrade|C)", "°c"), (r"°\s?F|degrees? (?:Fahrenheit|F)", "°f"),
    (r"°\s?K|K", "k"), (r"°.*|degrees?", "degrees"), (r"mph|miles per hour", "mph"),
    (r"km/h|kph|kilomet(?:re|er)s per hour", "km/h"),
)]


MEASURE_UNITS = frozenset(name for _, name in _UNIT_NAMES)

# What a unit measures, by its normalised name: a question that asks for an area is not answered in
# centimetres (Question.dimension). Units not here (watts, TEU, "degrees" of an angle or of heat)
# clash with nothing.
DIMENSIONS = {unit: dimension for dimension, units in (
    ("length", ("km", "m", "cm", "mm", "miles", "feet", "inches", "yards", "nautical miles")),
    ("area", ("acres", "hectares", "km²", "square miles", "m²", "square feet", "mu")),
    ("mass", ("kg", "g", "mg", "tonnes", "pounds", "ounces", "carats")),
    ("temperature", ("°c", "°f")),
    ("speed", ("mph", "km/h", "knots", "m/s", "km/s")),
) for unit in units}


def normalize_unit(unit: str) -> str:
    """Normalised unit of measure: "kilometres" -> "km", "°C" -> "°c", "GW" -> "gw", "square-metre" -> "m²"."""
    unit = " ".join(unit.replace("-", " ").split())
    for pattern, name in _UNIT_NAMES:
        if pattern.fullmatch(unit):
            return name
    return unit.lower()


_DURATION_UNITS = {"sec": "seconds", "secs": "seconds", "min": "minutes", "mins": "minutes",
                   "hr": "hours", "hrs": "hours", "yr": "years", "yrs": "years",
                   "century": "centuries", "millennium": "millennia", "millennia": "millennia"}


def _duration_unit(unit: str) -> str:
    unit = unit.lower()
    if unit in _DURATION_UNITS:
        return _DURATION_UNITS[unit]
    return unit if unit.endswith("s") else unit + "s"


# --------------------------------------------------------------------------
# Typing each family's matches
# --------------------------------------------------------------------------

def _figure(text: str, start: int, end: int, kind: str, value: float | None, unit: str,
            qualifier: str) -> Figure:
    return Figure(start, end, text[start:end], kind, value, unit, qualifier)


# "Headcount increased by 340 to 3,870": a change and where it ended, two figures. Only for bare
# numbers: "fell by 2 to 3 percent", "by 5% to 7%" and "by 30 to 50 thousand" read as ranges as
# well, and stay one.
# Words that say a figure is a change, as reports write them (also read by qa.answering).
CHANGED = (r"(?:rose|risen|fell|fallen|increased|decreased|grew|grown|declined|climbed|dropped|jumped|gained|lost|"
           r"up|down|improved|slipped|surged|reduced|cut|raised)")
_CHANGED_BY = re.compile(rf"\b{CHANGED}\s+by\s+$", re.IGNORECASE)


def _amount_figure(text: str, m: re.Match) -> Figure | None:
    typed = _type_amount(text, m)
    if typed is not None and typed[0] in ("count", "number") and m["hi"] and not m["hi_scale"] \
            and _CHANGED_BY.search(text, max(0, m.start() - 16), m.start()):
        cut = text.rfind(" to ", m.start(), m.start("hi"))
        if cut != -1:
            m = _AMOUNT.match(text, m.start(), cut)  # the change alone; what it came to is matched where it starts
            typed = _type_amount(text, m) if m is not None else None
    if typed is None:
        return None
    kind, value, unit, end = typed
    start, qualifier = m.start(), _normalise(m["qual"] or "")
    if m["between"] and m["hi"]:
        qualifier = "between"
    elif m["between"] or kind not in _QUALIFIER_KINDS.get(qualifier, KINDS):
        start, qualifier = m.start("unqualified"), ""  # "between" without a range, "after 5 years"
    return _figure(text, start, end, kind, value, unit, qualifier)


def _type_amount(text: str, m: re.Match) -> tuple[str, float, str, int] | None:
    """(kind, value, unit, end of span) of an _AMOUNT match, or None if it is no figure."""
    lo, hi, end = m["lo"], m["hi"], m.end()
    value = _number_value(lo) * _scale_value(m, "lo")
    if hi and not (m["lo_scale"] or m["lo_abbr"]):
        value *= _scale_value(m, "hi")  # "30 to 50 thousand"
    written_one = lo.lower() == "one" and not hi

    if m["pct"] or m["lo_pct"]:
        return "percent", value, "percentage points" if m["pct"] and "point" in m["pct"] else "%", end
    if m["bps"]:
        return "percent", value, "basis points", end
    if m["pence"]:
        return "money", value, "pence", end
    if m["cur"] or m["money"]:
        return "money", value, _currency_unit(m), end
    if m["era"] or m["era_pre"]:
        bc = m["era"] is not None and m["era"].startswith("B")
        return "date", -value if bc else value, "year", end
    if m["ago"] or m["mya"]:
        return "date", value * 1e6 if m["mya"] else value, "years ago", end
    if m["duration"] and not (_is_year(lo) and not m["duration"].endswith("s")):
        if written_one:
            return None  # "one day", "one year": an idiom far more often than a figure
        # not "the 2012 school year"; an age ("a 22-year-old") is a duration in years old
        return "duration", value, _duration_unit(m["duration"]) + (" old" if m["old"] else ""), end
    if m["quantity"]:
        unit = normalize_unit(m["quantity"])
        if unit == "pounds" and (m["lo_scale"] or m["hi_scale"]):
            return "money", value, "gbp", end  # "5 million pounds"
        if unit == "m" and m.end("quantity") == m.end("num_end") + 1:
            noun = _COUNTED_NOUN.match(text, m.end())
            if noun and not noun["skipped"]:
                return "count", value * 1e6, noun["noun"], end  # "25m people": m is million
        return "quantity", value, unit, end

    # No unit: a count, a year or a bare number; the span stops at the number.
    if written_one:
        return None
    end = m.end("num_end")
    year = _is_year(lo) and (hi is None or _is_year(hi) or (len(hi) == 2 and hi.isdigit()))
    year = year and not (m["lo_scale"] or m["hi_scale"]) and _normalise(m["qual"] or "") not in _BOUNDS
    noun = _COUNTED_NOUN.match(text, end)
    if noun and year:
        before = text[max(0, m.start() - 8):m.start()].split()
        if noun["skipped"] or (before and before[-1].lower() in _DATE_LEAD_WORDS):
            noun = None  # "in 2010 prices rose", "the 1990 elections": a year
    if noun:
        return "count", value, noun["noun"], end
    if year:
        return "date", value, "year", end
    if _POPULATION_OF.search(text, max(0, m.start() - 40), m.start()):
        return "count", value, "people", end  # "with a population of 3,792,621"
    multiple = lo.lower() in _MULTIPLE_VALUES or lo.endswith("fold")
    return "number", value, "times" if multiple else "", end


_PERIOD_UNITS = {"Q": "quarter", "H": "half", "F": "year", "M": "months"}


def _calendar_figure(text: str, m: re.Match) -> Figure:
    start, qualifier = m.start(), _normalise(m["qual"] or "")
    if m["decade_between"]:  # "between" belongs to a range only
        start, qualifier = (start, "between") if m["decade_to"] else (m.start("decade_body"), "")
    if m["decade"]:
        digits = m["decade_year"]
        value, unit = (float(digits) if len(digits) == 4 else None), "decade"
    elif m["century"]:
        ordinal = m["ordinal"].lower()
        n = float(ordinal[:-2]) if ordinal[0].isdigit() else _ORDINAL_VALUES[ordinal]
        value, unit = (-n * 100 if m["bc"] else (n - 1) * 100), "century"
    elif m["fy"]:
        value, unit = 2000.0 + int(m["fy_year"]), "year"
    else:
        year = next((m[f"year{n}"] for n in range(1, 9) if m[f"year{n}"]), m["iso_year"])
        value = float(year) if year else None
        unit = "season" if m["season"] or m["year_part"] else "month" if m["my"] else m["part_name"] if m["part"] \
            else _PERIOD_UNITS[next(c for c in m["period_name"] if c.isalpha())] if m["period"] else "day"
    return _figure(text, start, m.end(), "date", value, unit, qualifier)


def _ordinal_figure(text: str, m: re.Match) -> Figure:
    value = float(m["digits"]) if m["digits"] else _ORDINAL_VALUES[m["word"].lower()]
    return _figure(text, m.start(), m.end(), "ordinal", value, "", "")


def _code_figure(text: str, m: re.Match) -> Figure:
    if m["label"]:
        label = _normalise(m["label"]).split()[-1]
        label = label[:-1] if label.endswith("s") and label != "nos." else label  # "articles"
        return _figure(text, m.start(), m.end(), "code", float(m["label_number"]), label, "")
    digits = m["quoted"] or m["plus"].split("+")[0]
    return _figure(text, m.start(), m.end(), "code", float(digits), "", "")


def _fraction_figure(text: str, m: re.Match) -> Figure | None:
    """A share written in words as a percentage: "two-thirds" -> 66.7, unit "fraction"."""
    qualifier = _normalise(m["qual"] or "")
    if "percent" not in _QUALIFIER_KINDS.get(qualifier, KINDS):
        return None  # "the last half of", "since half of": a time, as for amounts
    if m["half"] and not qualifier and not _CLAUSE_START.search(text, max(0, m.start() - 3), m.start()):
        return None  # "half of" inside a clause: often a period's ("the second half of")
    numerator = 1.0 if m["article"] or m["half"] else _words_value(m["joined"] or m["apart"])
    denominator = _DENOMINATORS[(m["joined_part"] or m["apart_part"] or m["article_part"] or "half").lower()]
    return _figure(text, m.start(), m.end(), "percent", 100.0 * numerator / denominator, "fraction", qualifier)


_CLAUSE_START = re.compile(r"(?:^|[.;:,(]\s*|\n\s*)$")

_FAMILIES = ((_AMOUNT, _amount_figure), (_CALENDAR, _calendar_figure),
             (_ORDINAL, _ordinal_figure), (_CODE, _code_figure), (_FRACTION, _fraction_figure))

# How far past `end` the regexes may look, so that a number cut by the end of
# the range is not mistaken for a shorter one ("12|345" is not "12").
_LOOKAHEAD = 64


def find_figures(text: str, start: int = 0, end: int | None = None) -> list[Figure]:
    """Every figure whose span lies within text[start:end], in order of position, non-overlapping
    (the longest typed match wins), offsets relative to `text` (not to `start`).

    A figure that crosses `end` is left out rather than cut short.
    """
    end = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    if start >= end:
        return []
    scan_end = min(len(text), end + _LOOKAHEAD)
    candidates = []
    for place in _FIGURE_START.finditer(text, start, end):
        for pattern, make in _FAMILIES:
            m = pattern.match(text, place.start(), scan_end)
            if m is not None:
                figure = make(text, m)
                if figure is not None and figure.end <= end:
                    candidates.append(figure)
    # Longest first, so "more than 40 billion yuan" beats "40" and "April 1st" beats "1st".
    candidates.sort(key=lambda f: (f.start - f.end, _PRIORITY[f.kind], f.start))
    taken = bytearray(end - start)
    chosen = []
    for figure in candidates:
        a, b = figure.start - start, figure.end - start
        if taken.find(1, a, b) == -1:
            taken[a:b] = b"\x01" * (b - a)
            chosen.append(figure)
    chosen.sort(key=lambda f: f.start)
    return chosen
