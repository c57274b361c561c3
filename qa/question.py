"""Question analysis: what kind of answer is asked for, and which words carry the topic."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .figures import MEASURE_UNITS, PLURAL_NOUN, SPLIT_YEAR, financial_years, find_figures, normalize_unit
from .phrases import CALENDAR_WORDS, ROLE_HOLDER_WORDS
from .terms import OFFICER_TITLES, Term, terms, with_abbreviations

# The figure kinds (qa.figures.KINDS) each question kind accepts, with how well they fit.
# A figure of an unlisted kind does not answer the question at all.
FITS: dict[str, dict[str, float]] = {
    "money": {"money": 1.0, "number": 0.3, "count": 0.05},
    "percent": {"percent": 1.0, "number": 0.3},
    "date": {"date": 1.0, "number": 0.2, "ordinal": 0.15},
    "duration": {"duration": 1.0, "count": 0.45, "number": 0.4, "quantity": 0.2, "date": 0.1},
    # A "volume" or "how much" of something in a report is often money ("the business volume ...
    # nearly 4 billion yuan"). Money at 0.6 rather than 0.4: report sets a and b +1 figure each
    # and the seed set's d10 answered, SQuAD unchanged; at 0.8 set f answers an unanswerable one.
    "quantity": {"quantity": 1.0, "number": 0.5, "count": 0.45, "money": 0.6, "duration": 0.3,
                 "percent": 0.3},
    "code": {"code": 1.0, "number": 0.8, "count": 0.5, "ordinal": 0.4},
    # (A percentage answers "how many" poorly: at 0.4, "How many customers used the branch for
    # cross-border settlement?" was answered "26.4%", its growth; at 0.15 two report-set answers to
    # unanswerable questions and a wrong SQuAD answer were mended, none lost.)
    "count": {"count": 1.0, "number": 0.75, "quantity": 0.5, "duration": 0.45, "percent": 0.15,
              "money": 0.35, "code": 0.2, "ordinal": 0.15},
    # A change ("By how much did revenue grow?"): a percentage or an amount.
    "change": {"percent": 1.0, "money": 0.9, "quantity": 0.8, "count": 0.7, "number": 0.6},
    # ... of an amount of money asked "how much" ("How much has the loan balance increased since
    # January?"): the amount first, the percentage beside it ("an increase of 2.17 billion yuan,
    # representing growth of 20.3%") second.
    "change of money": {"money": 1.0, "percent": 0.8, "quantity": 0.6, "count": 0.5, "number": 0.5},
    # No kind asked for ("What did the bank do for ...?"): amounts answer best, a date is context.
    "other": {"money": 1.0, "count": 0.9, "percent": 0.9, "quantity": 0.9, "number": 0.6, "duration": 0.6,
              "code": 0.5, "date": 0.3, "ordinal": 0.3},
}
FIGURE_KINDS = frozenset(FITS) - {"other", "change of money"}

_MEASURED_NOUNS = (r"(?:distance|height|length|area|acreage|land|space|floor space|weight|volume|capacity|depth|width|"
                   r"rainfall|precipitation|"
                   # what is mined, grown, shipped or supplied: "How much gold is in the ore reserves?"
                   r"gold|silver|copper|zinc|nickel|lithium|ore|oil|crude|gas|coal|grain|rice|wheat|maize|corn|"
                   r"soybeans|cargo|freight|water|electricity)")
_TIME_UNITS = r"(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|century|generations?)"
_MEASURES = (r"(?:far|tall|high|large|big|deep|wide|heavy|long|fast|hot|cold|warm|old|"
             r"distance|height|length|area|size|weight|temperature|speed|depth|elevation|altitude|"
             r"width|volume|capacity|diameter|radius|mass|pressure|density|magnitude|angle|frequency|"
             r"voltage|power|rainfall|precipitation|latitude|longitude|wavelength)")
_MONEY_WORDS = (r"(?:cost|costs|price|prices|worth|paid|pay|pays|spend|spent|budget|revenue|revenues|profit|"
                r"profits|income|salary|salaries|fund|funds|funding|invest|invested|investment|investments|"
                r"credit|loan|loans|financing|dollars?|yuan|euros?|pounds?|gdp|valued|value|fee|fees|tax|"
                r"taxes|money|donat\w*|raised?|sold for|earn\w*|debt|deficit|balance|capital|endowment|"
                r"sales|turnover|grant|wage|wages|quota|prize|tuition|reserves|loss|losses|aid|award|wealth|assets|"
                r"spending|expenditure|compensation|bonus|rent|finance|financed|lend|lent|lending|deposits|"
                r"savings|subsidy|subsidies|dividends?|valuation|ebitda|ebit|cash flows?|cash|backlog|buybacks?|payouts?|costing|"
                r"borrowings?|earnings|eps|proceeds|premiums?|capex|opex|overheads|outlays?|takings|receipts|tariffs?|"
                r"fines|penalties|levy|levies|pensions?|legacies|bequests?|gifts?|grants|bookings|order intake|aisc|expenses?|payments?|"
                r"expenditures|surplus|surpluses|impairments?)")
# What is done with money: "How much did the trust receive from donors?" (with no noun after "how much").
_MONEY_VERBS = (r"(?:make|made|generate|generated|collect|collected|receive|received|charge|charged|book|booked|post|posted|"
                r"owe|owed|borrow|borrowed|give|gave|donate|donated|award|awarded|allocate|allocated|pledge|pledged|"
                r"bring in|brought in|take in|took in|set aside|bill|billed|"
                # what trade news counts in money: "How much did the city export to ASEAN?"
                r"export|exported|import|imported|buy from abroad|bought from abroad|sell abroad|sold abroad)")

# The verbs of what is paid, in the forms a question asks with: "pay", "paying", "has paid".
_PAID = r"(?:pay|cost|spend|earn|charge|owe|raise|receive|borrow|lend|invest|donate|bill)"
_PAYING = r"(?:paying|costing|spending|earning|charging|owing|raising|receiving|borrowing|lending|investing|donating|billing)"
_HAS_PAID = r"(?:paid|spent|earned|charged|owed|raised|received|borrowed|lent|invested|donated|billed)"
_POSSESSIVE = r"\w+(?:['’]s|s['’])"  # "the group's", "Acme Holdings'"
_COUNTED_NOUNS = (r"(?:deliveries|shipments|arrivals|departures|visits|visitors|admissions|attendances|passengers|"
                  r"subscribers|customers|users|members|employees|staff|headcount|workforce|patients|students|"
                  r"enrolments|enrollments|applications|registrations|completions|starts|households|cases|deaths|"
                  r"births|vessel calls|calls|units|vehicles|homes|dwellings|jobs|beneficiaries|volunteers|"
                  r"toll|fatalities|casualties|victims|injuries)")

# The words "how" asks the speed of a change with: "How fast did lending grow?" asks the rate.
_RATE_WORDS = r"(?:fast|quickly|rapidly|steeply|sharply)"
_CHANGE_VERBS = (r"(?:grow|grew|grown|rise|rose|risen|increase|increased|decrease|decreased|decline|declined|fall|"
                 r"fell|fallen|drop|dropped|change|changed|improve|improved|shrink|shrank|expand|expanded)")
_CHANGE_NOUNS = r"(?:growth|increase|decrease|decline|rise|drop|fall|change|reduction|improvement)"
_NAMES_A_CHANGE = re.compile(rf"\b(?:{_CHANGE_VERBS}|{_CHANGE_NOUNS}|rises|falls|drops|increases|decreases|declines|"
                             r"changes|grows|more|less|fewer|higher|lower|up|down|gain\w*|loss\w*|expan\w*|"
                             r"contract\w*|compared|since|than|save|saved|saving|reduce|reduced|reducing)\b")

_UNITS = (r"(?:tons?|tonnes?|gigatons?|megatons?|kilograms?|kg|grams?|pounds|lbs?|ounces?|miles?|mi|"
          r"kilometers?|kilometres?|km|km2|meters?|metres?|m|feet|foot|ft|inches|inch|yards?|acres?|hectares?|"
          r"ha|square|cubic|degrees?|gallons?|liters?|litres?|barrels?|watts?|megawatts?|gigawatts?|mw|gw|"
          r"kwh|volts?|calories|mph|knots?|light[- ]years?|bytes?|megabytes?|gigabytes?|bits?|centimeters?|"
          r"centimetres?|cm|millimeters?|millimetres?|mm)")

class _HowMuchMoney:
    """"how much" or "what amount" and a money word anywhere in the question; two scans, since one
    pattern with .* between them takes quadratic time on long input."""
    _how_much = re.compile(r"\bhow much\b|\bwhat (?:amount|sum)\b")
    _money = re.compile(rf"\b{_MONEY_WORDS}\b")
    _done_with_money = re.compile(rf"\bhow much (?:(?:did|does|do|will|would|could|can|may|might|should|has|have|had) "
                                  rf"(?:[\w'’-]+ ){{1,8}}?|(?:is|was|are|were|will be|has been|have been) (?:[\w'’-]+ ){{0,2}}?)"
                                  rf"{_MONEY_VERBS}\b")

    def search(self, text: str) -> bool:
        return bool(self._how_much.search(text) and self._money.search(text) or self._done_with_money.search(text))


_SUPERLATIVES = (r"(?:highest|lowest|largest|smallest|biggest|most|least|fastest|slowest|strongest|weakest|best|"
                 r"worst|greatest|fewest)")


# "Which deputy governor voted against the rate cut?" asks for a person by the role held, whatever
# figure words follow ("rate"): a role and then its verb, not "of" or "'s" ("Which director's pay ...").
_ROLE_ASKED_FOR = re.compile(r"^\W*(?:which|what)\s+(?:(?!of\b)[\w-]+\s+){0,2}?(?:"
                             + "|".join(sorted(ROLE_HOLDER_WORDS - {"chief"}, key=len, reverse=True))
                             + r")s?\s+(?:[a-z]+ed|is|was|are|were|has|have|had|will|would|did|does|holds?|leads?|heads?|chairs?|"
                               r"runs?|oversees|says|said|signs|signed|took|takes|gave|gives|won|made|makes)\b")

# Checked in order; the first that matches names the kind.
_KIND_RULES: list[tuple[str, re.Pattern | _HowMuchMoney]] = [
    ("other", _ROLE_ASKED_FOR),
    # "Which region had the lowest annual inflation?": the one picked out by a superlative is asked
    # for by its name, whatever the measure (not a year or a time: "Which year had the most rain?").
    ("name", re.compile(r"^\W*(?:which|what) (?!(?:[\w-]+ ){0,2}(?:years?|decades?|century|centuries|months?|days?|dates?|times?|"
                        r"periods?|quarters?|seasons?|ages?|percentage|percent|share|proportion|amount|number|level|"
                        r"figure|value|price|rate)\b)[\w-]+(?: [\w-]+){0,2} (?:had|has|have|was|were|is|are|recorded|"
                        r"saw|posted|reported|showed|grew|rose|fell|made|earned|won|received|attracted) (?:the )?"
                        rf"{_SUPERLATIVES}\b")),
    ("percent", re.compile(r"^(?!.*\bby (what (percentage|percent)|how (many|much))\b).*(\b(percent\w*|per cent|proportion|portion|fraction|"
                           r"share of|ratio|margins?)\b|%)")),
    ("change", re.compile(rf"\bby how (much|many(?! (\w+ )?{_TIME_UNITS}\b))\b|\bby what (percentage|percent|amount)\b|\bhow (much|{_RATE_WORDS}) ([\w'’-]+ ){{0,12}}?(?<!\bto ){_CHANGE_VERBS}\b"
                          rf"|\b(what|which) (is |was |were |are )?(the )?(\w+ ){{0,2}}{_CHANGE_NOUNS}\b"
                          # "What is Harrowgate and Finch online revenue growth FY2024": a change ends a long name
                          rf"|\b(what|which) (is |was |were |are )(the )?((?!(of|in|for|on|at|by|to|from)\b)\w+ ){{3,7}}"
                          rf"{_CHANGE_NOUNS}\b(?! (of|in|on|at|for|to)\b)"
                          rf"|\bhow (much|far) (higher|lower|more|less|larger|smaller|greater|bigger|cheaper|dearer|"
                          rf"costlier)\b")),
    # (Up to three words may say which date: "What is the FDA target action date ...?")
    ("date", re.compile(r"^(when|since when)\b|\b(what|which)( (is|was|were|are))?( the)?"
                        r"( (?!full\b|half\b|of\b|in\b|for\b|on\b|at\b|by\b|to\b|from\b|per\b|how\b|many\b|much\b)\w+){0,3} "
                        r"(year|years|dates?|days?|month|century|decade|era|time period|period|season)\b|\bwhen (did|was|were|is|are|"
                        r"does|do|will|had|has|have|can|could)\b|\bby when\b|\bdate of\b|\band when\b"
                        r"|\bwhen\s*\?\s*$|\b(during|at|by|from|in|until) what time\b"
                        # a long name that ends in its date: "severnmoor interim dividend record date"
                        r"|^what (is|was|are|were) ((?!(on|at|by|in|for|of|to|from|be|been|paid)\b)[\w'’&.-]+ ){3,10}"
                        r"(date|dates|day)\s*\??$")),
    ("duration", re.compile(rf"\bhow old\b|\bhow long\b(?!\s+(is|was|are|were)\s+(the|a|an)\b)|\bhow many (\w+ )?{_TIME_UNITS}\b"
                            rf"|\bfor how (long|many (\w+ )?{_TIME_UNITS})\b|\bwhat length of time\b"
                            # "the median waiting time", "the average journey time" (not "what time": a clock)
                            rf"|\bwhat (is|was|were|are) the (\w+ ){{1,3}}(time|times|duration)\b")),
    # A price called a rate: what is charged per thing ("the average freight rate per container", not
    # "per year"), or for a room, a day, a charter ("the average room rate").
    ("money", re.compile(r"\b(room|freight|charter|day|daily|nightly|hourly|spot|shipping|container|hire) rates?\b"
                         r"|\brates? per (?!(annum|year|month|week|day|quarter|cent|capita|head|person|people|inhabitants|"
                         r"thousand|hundred|million|100|1,?000)\b)\w+")),
    # A rate ("the unemployment rate", "the tax rate") or inflation is a percentage, unless "how
    # many"/"how much" asks for an amount per unit ("how many square miles per year").
    ("percent", re.compile(r"^(?!.*\bhow (many|much)\b).*\b(rates?|inflation)\b")),
    # Measures that reports give as percentages; a fund's return among them, however qualified ("the
    # pension fund's net-of-fee return", "its five-year return"), not what a company returns.
    ("percent", re.compile(r"^(?!.*\bhow (many|much)\b).*\b(load factors?|occupancy|utili[sz]ation|turnout|punctuality|"
                           r"on[- ]time performance|like[- ]for[- ]like|market share|"
                           # what share of the metal in the ore a mill gets out: "copper recovery was 87.9%"
                           r"(?:metallurgical|plant|mill|process(?:ing)?|gold|copper|silver|zinc|nickel|lead|lithium|"
                           r"uranium|cobalt|tin|molybdenum|platinum|palladium) recover(?:y|ies)|return on (equity|capital|assets|"
                           r"investment)|(?:investment|total|net|gross|annual|annuali[sz]ed|portfolio|fund|benchmark|"
                           r"policy|real|nominal|(?:one|three|five|ten)[- ]year|net[- ]of[- ]fees?|time[- ]weighted|"
                           r"money[- ]weighted) returns?|rates? of return)\b")),
    # Before the measures: "how large was the credit balance" asks for money, not a size.
    ("money", re.compile(rf"\bhow (great|large|big|high) (is|was|were|are) the (\w+ ){{0,2}}{_MONEY_WORDS}\b"
                         rf"|\bwhat (is|was|were|are) the (size|value|amount|level) of (the )?(\w+ ){{0,3}}{_MONEY_WORDS}\b"
                         rf"|^(the )?(total |annual |average )?(\w+ )?{_MONEY_WORDS} (of|in|for|at|on|by|to)\b")),
    ("quantity", re.compile(rf"\bhow {_MEASURES}\b|\b(what|which) (\w+ )?{_MEASURES}\b|\bwhat {_UNITS}\b|\bwhat (is|was|were|are) (the )?(\w+'s )?(the )?(\w+ ){{0,3}}{_MEASURES}\b"
                            rf"|\bhow (many|much) {_UNITS}\b"
                            # "How much grain planting area did the loans help secure?": what is measured,
                            # whatever money the rest of the question names
                            rf"|\bhow much ((?!(did|does|do|is|was|are|were|will|would|has|have|had|can|could|should|"
                            rf"the|a|an)\b)[\w-]+ ){{0,3}}{_MEASURED_NOUNS}\b(?! (of|per)\b)(?! {_MONEY_WORDS}\b)")),
    ("money", re.compile(rf"\bwhat (is|was|were|are) (?!(the )?(total )?number of\b)(([\w&.-]+ ){{0,4}}{_POSSESSIVE} )?(the )?({_POSSESSIVE} )?([\w&./-]+ ){{0,7}}{_MONEY_WORDS}\b"
                         rf"|\bwhat (level|amount|size|value|sum) of (\w+ ){{0,3}}{_MONEY_WORDS}\b"
                         rf"|\bhow much money\b|\bwhat amount of money\b"
                         rf"|^((for|at|in|by|to|with) )?(what|which) (\w+ ){{0,3}}{_MONEY_WORDS} (per \w+ |range |level |figure )?(was|were|is|are|did|does|do|has|have|had|"
                         rf"will|would|could|can|of|for|"
                         rf"in|at|on|by)\b")),
    ("money", _HowMuchMoney()),
    # What is paid: "What will a Band D household pay the council?", "What did the club spend on ...?",
    # "What did the railway end up costing?", "What has the council spent ...?", "What are households paying?"
    ("money", re.compile(rf"^what (?:(?:will|would|did|does|do|could|can|must|should) (?:[\w'’-]+ ){{1,8}}?(?:{_PAID}|{_PAYING})"
                         rf"|(?:has|have|had) (?:[\w'’-]+ ){{1,8}}?(?:{_PAID}|{_PAYING}|{_HAS_PAID})"
                         rf"|(?:is|are|was|were) (?:[\w'’-]+ ){{1,8}}?(?:{_PAYING}|paid))\b")),
    ("quantity", re.compile(r"\bhow much\b|\bwhat amount\b")),
    # What a mine, a field or a port puts out, asked by its name: "What was gold output at Coolgarra in
    # the quarter?", "Tarrawong's gold production guidance", "box throughput 2024", "total tonnage
    # through the port": tonnes, ounces, barrels, TEU, not a percentage beside them.
    ("quantity", re.compile(rf"\b(?:{_MEASURED_NOUNS}|steel|cement|iron|uranium|cobalt|platinum|palladium|bauxite|"
                            r"alumin(?:i)?um|power|concentrate)\s+(?:output|production)\b"
                            r"|\b(?:box|container|cargo|port|freight)\s+(?:throughput|volumes?)\b|\btonnage\b")),
    ("count", re.compile(rf"\bhow many\b|\b(what|which) age\b|\bwhat number\b|\bnumber of\b|\bwhat (is|was|were) (the (\w+ )?|(the )?{_POSSESSIVE} )population\b"
                         r"|\bwhat (is|was|were|are) the (average|mean|median|typical|total|annual|estimated|enrollment|attendance|"
                         r"approximate|maximum|minimum|highest|lowest|record)\b"
                         # what reports count: "What were Voltaris's European deliveries in October?"
                         rf"|\bwhat (is|was|were|are) ((\w+ ){{0,2}}{_POSSESSIVE} )?(the )?(\w+ ){{0,2}}{_COUNTED_NOUNS}\b")),
    ("code", re.compile(r"\b(which|what) (\w+ ){0,2}(article|section|chapter|clause|amendment|route|highway|"
                        r"interstate|flight|platform|version|model number|number)s?\b")),
    ("name", re.compile(r"^(who|whom|whose)\b|\b(who|whom|whose)\b|\bwhat is the name\b|\bname of\b")),
]

# (No head after a verb: "how much did revenue grow" names no counted thing.)
_HEAD_NOUN = re.compile(r"\bhow (?:many|much)\s+(?!(?:are|were|is|was|did|do|does|has|have|had|will|would|can|could)\b)"
                        r"((?:[\w-]+\s+){0,3}?[\w-]+?)(?=\s+(?:are|were|is|was|did|do|does|"
                        r"have|has|had|will|would|can|could|of|in|on|at|for|from|to|per|did)\b|[?,.]|$)")


_PLURAL_NOUN = re.compile(rf"{PLURAL_NOUN}$")
# "How many cruise passengers came ashore this summer?": when no verb or preposition from the list
# ends the counted thing within four words, it ends at the first plural noun.
_HEAD_PLURAL = re.compile(rf"\bhow many\s+(?!of\b)((?:[\w-]+\s+){{0,3}}?{PLURAL_NOUN})\b")
# "How many of the people helped were children?" counts the children: the part, named after the
# verb, not the whole ("of the people").
_PART_NAMED = re.compile(rf"\bhow many of (?:the|its|their|these|those|[\w-]+['’]s?)\b[^?,]*?\s(?:were|are|was|is)\s+"
                         rf"((?:[\w-]+\s+){{0,2}}?{PLURAL_NOUN})\s*(?:\?|$)")


def _counted_noun_phrase(head: str) -> str:
    """The counted thing of "how many X", without the verb that may follow it: "how many people
    lived", "how many German visitors stayed overnight", "how many patients took part" count
    people, German visitors and patients. What is counted is plural, so the phrase ends at its
    first plural noun."""
    words = head.split()
    for i, word in enumerate(words[:-1]):
        if _PLURAL_NOUN.match(word.lower()):
            return " ".join(words[:i + 1])
    return head


# A request that frames the question ("Tell me about X", "Can you describe X"): its words name no
# topic, and documents seldom use them, so they are left out of the question's terms.
_REQUEST = re.compile(r"^\W*(?:(?:can|could|would) you |please )*(?:tell me|describe|explain|summari[sz]e|"
                      r"give me|show me|what do you know|what can you tell me)(?: (?:more|something|anything|"
                      r"everything|details|information))?(?: (?:about|on|of|regarding))?\b", re.IGNORECASE)
# A figure asked for in other words than a question: "Can you tell me what the net debt was?",
# "Give me the revenue for Q3", "I'm looking for the load factor in September", or the words alone
# ("dividend per share 2023"). Its kind is the kind of the question it stands for (_as_asked), not
# "other": the kind rules read "What was ...?". A request about something ("Tell me about ...")
# asks for no figure and stays as it is.
_FIGURE_REQUEST = re.compile(
    r"^\W*(?:(?:can|could|would|will) you (?:please )?|please )*(?:tell me|give me|show me|get me|"
    r"find(?: out| me)?|look up|check|let me know|do you know|"
    r"(?:i|we)(?:'m|’m| am|'re|’re| are) (?:looking for|trying to find|searching for|interested in)|"
    r"(?:i|we)(?: want| would like|'d like|’d like| need)(?: to (?:know|see|find(?: out)?|get))?)"
    r"\s+(?!(?:about|on|regarding|more|something|anything|everything)\b)", re.IGNORECASE)
WH_WORD = re.compile(r"\b(?:what|which|who|whom|whose|when|where|why|how)\b", re.IGNORECASE)
_YES_NO = re.compile(r"^\W*(?:is|was|are|were|did|does|do|has|have|had|will|would|can|could|should)\b", re.IGNORECASE)
# "(Any idea) what the group's net borrowing was at the end of 2022?": a question asked inside a
# request puts its verb after what it asks about, before any phrase of time or place.
_EMBEDDED = re.compile(r"\b(what|which|how (?:many|much))\s+(.+?)\s+(is|was|are|were|will be|has been|have been|"
                       r"had been)((?:\s+(?:in|at|for|during|on|by|as of|over|last|this|a year|the year)\b[^?.!]*)?)"
                       r"\s*[?.!]*\s*$", re.IGNORECASE)


# "What did net debt amount to?", "What level did revenue reach?": a verb that gives a figure of its
# subject asks what "What was net debt?" asks, and it and the noun before it are no terms (as "was"
# is none). (Not "What did the group report for revenue?": the subject of "report" is who reports.)
_FIGURE_VERB = re.compile(r"(?:what|which)(?P<noun> (?:level|figure|value|amount|sum|total|number))? "
                          r"(?P<auxiliary>did|does|do|will|has|have|had)\s+(?P<subject>(?!be\b|been\b).+?)(?<!\bin)\s+"
                          r"(?P<verb>amount(?:ed)? to|come to|came to|come in at|total(?:led)?|reach(?:ed)?|stand at|"
                          r"stood at|hit|equal(?:led)?)\b(?P<after>.*)$", re.IGNORECASE)
# "How much was inflation in September?" asks what "What was inflation in September?" asks, when
# that names a kind ("How much was the bridge?" does not: the price is asked).
_HOW_MUCH_WAS = re.compile(r"^how much (is|was|are|were|will be) (.+)$", re.IGNORECASE)
# "What will capital expenditure be in 2025?", "What will be the total investment?": a forecast is
# asked as "What is ...?" is, when that names a kind (the outlook itself is read from "will").
_WILL_BE = re.compile(r"^(?:what|which) (?:will|would|could|might|may|should) (?:be (?P<first>.+)|(?P<subject>.+?) be"
                      r"(?P<after>(?:\s+(?:in|at|by|for|during|over|next|this|from|after)\b[^?.!]*)?)[?.!]*)$",
                      re.IGNORECASE)
_TENSE = {"did": "was", "had": "was", "does": "is", "do": "is", "has": "is", "have": "is", "will": "is"}


# Words that say how the question is asked, not what about: "please", "exactly", "according to the
# report", "the figure for" ("What was the figure for net debt?" asks what "What was net debt?"
# asks). Documents do not write them beside the answer, so they are no terms of the question.
_ASIDES = re.compile(r",?\s*\b(?:please|kindly|exactly|precisely|actually|according to (?:the |this |these |your )?"
                     r"(?:reports?|documents?|articles?|texts?|filings?|releases?|statements?|accounts|data|figures|"
                     r"records|sources?)|the (?:figures?|value|numbers?) (?:for|on))\b(?:\s*,)?", re.IGNORECASE)


_SPACE_BEFORE_STOP = re.compile(r"\s+([?.!,])")
# "How fast did lending grow?", "How quickly did exports rise?": the word after "how" asks for a
# change, which the answer is, and documents never write it beside the figure ("up 5.6%"). Like the
# asides, it is no term of the question: a word the corpus never writes weighs most, and every
# answer's window would lack it. ("What percentage/proportion of ...?" keeps its word: with it
# left out as well, 4 more report-set answers were right and 4 more unanswerable questions answered,
# 3 of them on SQuAD.)
_RATE_WORD = re.compile(rf"\bhow\s+({_RATE_WORDS})\b", re.IGNORECASE)


def _as_asked(text: str) -> tuple[str, int, list[tuple[int, int]]]:
    """The question a request or a bare phrase stands for, as the kind rules read questions; where
    in `text` what is asked begins (the request before it names nothing asked about); and the
    asides in it (_ASIDES)."""
    asides = [m.span() for m in _ASIDES.finditer(text)]
    for start, end in asides:  # blanked, so that offsets into `text` hold
        text = f"{text[:start]}{' ' * (end - start)}{text[end:]}"
    asked, begins, framing = _request_read(text)
    asked = _SPACE_BEFORE_STOP.sub(r"\1", " ".join(asked.split()))
    # A question typed without its question mark is embedded with it: MiniLM reads "how many huguenots
    # were killed" further from the sentence that answers it than the question.
    if asked and asked[-1] not in "?.!" and (WH_WORD.search(asked) or _YES_NO.match(asked)) \
            and not _REQUEST.match(asked):
        asked += "?"
    rate_words = [m.span(1) for m in _RATE_WORD.finditer(text, begins)]
    return asked, begins, asides + framing + rate_words


def _request_read(text: str) -> tuple[str, int, list[tuple[int, int]]]:
    """_as_asked's reading of `text` with its asides blanked: the question, where what is asked
    begins, and the words that frame it ("level" and "reach" in "What level did revenue reach?")."""
    figure_request = _FIGURE_REQUEST.match(text)
    request = figure_request or _REQUEST.match(text)
    begins = request.end() if request else 0
    if request and not figure_request:
        return text, begins, []  # "Tell me about the crossings in March", "Describe ..."
    embedded = _EMBEDDED.search(text, begins)
    if embedded and embedded.start() > 0 and not WH_WORD.search(text, begins, embedded.start()):
        wh, subject, verb, when = embedded.groups()
        return f"{wh} {verb} {subject}{when}?", embedded.start(), []
    rest = text[begins:].strip()
    given = _FIGURE_VERB.match(text, len(text) - len(text[begins:].lstrip()))
    if given:
        framing = [given.span(group) for group in ("noun", "verb") if given[group]]
        return f"what {_TENSE[given['auxiliary'].lower()]} {given['subject']}{given['after']}", begins, framing
    will_be = _WILL_BE.match(rest)
    if will_be:
        future = f"what is {will_be['first'] or will_be['subject'] + (will_be['after'] or '')}"
        if classify(future) != "other":
            return future, begins, []
    how_much = _HOW_MUCH_WAS.match(rest)
    if how_much and classify(f"what {how_much[1]} {how_much[2]}") != "other":
        return f"what {how_much[1]} {how_much[2]}", begins, []
    if WH_WORD.search(rest) or _YES_NO.match(rest):
        return rest, begins, []
    return f"What is {rest}", begins, []


_YEAR_ASKED = re.compile(r"\b(?:what|which)\s+year\b")
_DAY_ASKED = re.compile(r"\b(?:what|which)\s+(?:dates?|days?)\b")
# "What products ...", "Which treaty ...", "... a chapter of what treaty?": a thing is asked for by its
# name, not an amount, wherever in the question.
_ASKS_FOR_A_THING = re.compile(r"\b(?:what|which)\s+(?!(?:is|was|are|were|did|does|do|has|have|"
                               r"had|will|would|can|could|should|may|might|about|if|else)\b)[a-z]")


# The kind of thing asked for by its name: "Which *trade corridor* will ...", "What kind of *pay gap*",
# "the name of the *cluster system* ...": up to five words, until a verb or preposition follows.
_AUX = r"(?:is|was|are|were|be|did|does|do|has|have|had|will|would|can|could|should|may|might|must)"
_STOP = (rf"(?:{_AUX}|of|in|on|at|for|from|to|by|with|about|as|into|during|that|which|who|whom|whose|and|or|"
         r"the|a|an|this|these|its|their)")
_PHRASE = (rf"((?!{_STOP}\b)[\w-]+(?:\s+(?!{_STOP}\b)[\w-]+){{0,4}}?(?=\s+{_STOP}\b|\s*[?,.!;:]|\s*$)"
           rf"|(?!{_STOP}\b)[\w-]+)")  # no verb or preposition within five words: the first word alone
_THING_RULES = [
    re.compile(rf"\b(?:what|which)\s+(?:kinds?|types?|sorts?|forms?)\s+of\s+(?:(?:the|a|an)\s+)?{_PHRASE}"),
    re.compile(rf"\bnames?\s+of\s+(?:(?:the|a|an|this|that|his|her|its|their)\s+)?{_PHRASE}"),
    # "What completed the triad": a verb, not a kind of thing, follows.
    re.compile(rf"\b(?:what|which)\s+(?!{_AUX}\b|kinds?\b|types?\b|sorts?\b|forms?\b|names?\b|\w+ed\b){_PHRASE}"),
]
# "not only", "not counting" and "not including" restrict or add; they negate nothing asked.
_NEGATED = re.compile(r"\b(?:not(?!\s+(?:only|least|counting|including)\b)|never)\b|n['’]t\b", re.I)
_WHO = re.compile(r"\b(?:who|whom|whose)\b")
# The period asked about (see qa.answering.period_evidence).
EARLIER_YEAR = (r"(?:(?:the )?(?:previous|prior|preceding|last) (?:financial |fiscal )?(?:year|season)"
                r"|a (?:year|season) (?:earlier|before|ago)|the (?:year|season) before"
                r"|(?:the )?(?:prior|year)[- ](?:year|ago) (?:quarter|period)"
                r"|(?:twelve|12) months (?:earlier|before|ago)"
                r"|the same (?:quarter|period|month|half) (?:of |in )?(?:last|the previous|the prior|a) year)")
# A value before it was revised is asked for as an earlier one: "the guidance range before it was
# raised", "the previous forecast", "What was the target originally?"
_REVISED = r"(?:raised|lowered|cut|increased|reduced|revised|upgraded|downgraded|narrowed|widened|changed|updated)"
YEAR_BEFORE = re.compile(rf"\b{EARLIER_YEAR}\b", re.I)
_EARLIER_ASKED = re.compile(rf"\b(?:{EARLIER_YEAR}|previously|originally"
                            rf"|before (?:it|they|the [\w-]+) (?:was|were|had been) {_REVISED}"
                            rf"|(?:previous|prior|original|earlier|old) (?:[\w-]+ ){{0,2}}"
                            rf"(?:guidance|forecast|outlook|range|target|estimate|projection|plan))\b", re.I)
# "How much did the branch lend in the first nine months?" asks for what was lent in them, not the
# balance at their end ("As of the end of September, the balance of agriculture-related loans
# reached 4.87 billion yuan"); "How much had the branch lent by the end of June?" may be answered so.
# (Three searches, each linear in the question's length.)
_FLOW_VERB = re.compile(r"\b(?:lend|lent|issue|issued|extend|extended|grant|granted|disburse|disbursed)\b", re.I)
_IN_A_PERIOD = re.compile(r"\b(?:during|in the first|from \w+ to|over the|in the (?:first|second) half"
                          r"|in (?:19|20)\d\d)\b", re.I)
_AT_ITS_END = re.compile(r"\b(?:by|as of|as at|at) the end\b|\b(?:balances?|outstanding)\b", re.I)
_TIME_UNIT_WORDS = r"(?:year|month|week|day|annum|quarter)"
_PER_UNIT_ASKED = re.compile(rf"\bper[- ](?!cent\b|{_TIME_UNIT_WORDS}\b)[a-z]+|\b(?:each|every|a|an)\s+(?:share|head|"
                             r"tonne|ton|barrel|ounce|unit|person|household|passenger|visitor)\b", re.I)
# ... or over a time: "a year", "annually" (a year's amount is seldom written "per year": no sign either way)
_PER_TIME_ASKED = re.compile(rf"\b(?:per|each|every|a|an)\s+{_TIME_UNIT_WORDS}\b(?!\s+(?:earlier|ago|before|later|on)\b)"
                             r"|\b(?:annual(?:ly)?|yearly|monthly)\b", re.I)
# What is said as an amount per unit, asked for with no "per": "What was the group AISC?" ("$1,342/oz").
_PRICE_ASKED = re.compile(r"\b(?:prices?|costs?|aisc|tariffs?|fares?|wages?|salar(?:y|ies)|rents?|fees?|rates?|"
                          r"yields?|charges?)\b", re.I)
_SUPERLATIVE = re.compile(rf"\b(?:{_SUPERLATIVES}|busiest|top)\b")
_AVERAGE_ASKED = re.compile(r"\b(?:average|averaged?|mean|median|typical)\b", re.I)
_AGE_ASKED = re.compile(r"\bhow old\b|\bages?\b|\baged\b", re.I)
_TOTAL_ASKED = re.compile(r"\b(?:total|in all|altogether|combined|overall|cumulative(?:ly)?|aggregate)\b", re.I)
# The step of a dividend's timetable a date question asks for: "What is the interim dividend's
# record date?", "By what date must investors be on the register to qualify?", "When do the shares
# go ex-dividend?", "When will shareholders receive the final dividend?", "When is the AGM that
# approves the dividend?". A results announcement gives several of these dates in one sentence,
# each after the words that say which it is (qa.answering.date_role). The first that the question
# names is the one asked: "When must shareholders be registered to receive the dividend?" asks the
# record date.
_DATE_ROLES_ASKED = (
    ("ex-dividend", re.compile(r"\bex[- ]?(?:dividend|div|date)\b", re.I)),
    ("record", re.compile(r"\brecord date\b|\bof record\b|\bregist(?:er|ers|ered|ry)\b"
                          r"|\bqualif\w*|\beligib\w*|\bentitle\w*", re.I)),
    ("meeting", re.compile(r"\bgeneral meeting\b|\bannual meeting\b|\bAGM\b", re.I)),
    ("payment", re.compile(r"\b(?:pay|pays|paid|paying|payable|payment|receive|receives|received|hit)\b", re.I)),
)
_OF_A_DIVIDEND = re.compile(r"\b(?:dividends?|payouts?|distributions?|shareholders?|stockholders?|investors?|shares)\b",
                            re.I)


def date_role_asked(text: str, kind: str) -> str:
    """The step of a dividend's timetable a date question asks for ("record", "ex-dividend",
    "meeting", "payment"), or ""."""
    if kind != "date" or not _OF_A_DIVIDEND.search(text):
        return ""
    return next((role for role, asked in _DATE_ROLES_ASKED if asked.search(text)), "")


def asks_for_a_flow(text: str) -> bool:
    return bool(_FLOW_VERB.search(text) and _IN_A_PERIOD.search(text)) and not _AT_ITS_END.search(text)


OUTLOOK = re.compile(r"\b(?:will|expects?|expected|expecting|forecasts?|forecasted|forecasting|projected|projects|"
                     r"projecting|plans?|planned|planning|targets?|targeted|targeting|aims?|aiming|outlook|guidance|"
                     r"anticipates?|anticipated|anticipating|intends?|intending|guiding|next year)\b", re.I)

# Periods within a year, as reports name them: "in June 2024", "the third quarter", "Q3", "Quarter 3"
# (as statistics offices write it), "H1", "the first half", "the first nine months", "the six months
# ended 30 June", "the full year". A month is matched capitalised only: "may" is a verb. Each is read
# as the months it covers, first and last: June is (6, 6), the third quarter (7, 9), the first half
# and the six months to June (1, 6), so that periods named in different words compare
# (qa.answering.period_evidence).
_MONTHS = (("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"), ("May",), ("June", "Jun"),
           ("July", "Jul"), ("August", "Aug"), ("September", "Sept", "Sep"), ("October", "Oct"), ("November", "Nov"),
           ("December", "Dec"))  # each month's name, then its abbreviations
_MONTH_NUMBERS = {m: n for n, names in enumerate(_MONTHS, 1) for m in names}
MONTH_WORDS = frozenset(m.lower() for m in _MONTH_NUMBERS)
# The words of a period, stemmed: passed over when reading what a figure or a share is of ("Group
# revenue for the 52 weeks ended 30 December 2023 was ...", "What share of the quarter's toll income")
PERIOD_STEMS = frozenset(t.stem for t in terms(" ".join(MONTH_WORDS) + " week end month quarter year half period"))
_MONTH = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
# Counts of months, and of years counted back ("two years before 2021"), in words or digits.
_SMALL_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, **{str(n): n for n in range(2, 12)}}
_SMALL_COUNT = "|".join(_SMALL_COUNTS)
_PERIOD = re.compile(r"\b(?:(?i:(?P<months>" + _SMALL_COUNT + r")[\s-]+months?\s+(?:ended|ending|to|through)\s+"
                     r"(?:the\s+end\s+of\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?)(?P<until>" + _MONTH + r")\b"
                     r"|(?i:(?P<year_to>year)\s+(?:ended|ending|to|through)\s+(?:the\s+end\s+of\s+)?"
                     r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?)(?:" + _MONTH + r")\b"
                     r"|(?i:first\s+(?P<first>" + _SMALL_COUNT + r")\s+months)\b"
                     r"|(?i:first\s+(?P<quarters>two|three|2|3)\s+quarters)\b"
                     r"|(?i:(?P<span>quarter|half[\s-]year)\s+(?:ended|ending|to|through)\s+(?:the\s+end\s+of\s+)?"
                     r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?)(?P<span_until>" + _MONTH + r")\b"
                     r"|(?P<from_month>" + _MONTH + r")\.?\s*(?:-|–|(?i:to|through|until)\s)\s*(?P<to_month>" + _MONTH + r")\b\.?"
                     # "between January and June"
                     r"|(?<=(?i:between)\s)(?P<between_month>" + _MONTH + r")\.?\s+(?i:and)\s+(?P<and_month>" + _MONTH + r")\b\.?"
                     r"|(?P<month>" + _MONTH + r")\b\.?"
                     r"|(?i:(?P<qnth>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter)\b"
                     r"|(?i:(?P<hnth>first|second|1st|2nd)[\s-]+half)\b"
                     r"|(?i:(?P<year>full|whole)[\s-]+(?:financial\s+|fiscal\s+)?year)\b|(?i:(?P<year_of>the\s+whole|all)\s+of)(?=\s+(?:19|20)\d\d\b)"
                     r"|(?i:(?:previous|past|last|preceding)\s+(?P<twelve>twelve|12)\s+months)\b"
                     r"|(?i:Q(?:uarter\s+)?(?P<q>[1-4]))\b(?!\s*(?i:FY|fiscal\b))|(?i:H(?P<h>[12]))\b)")


# Questions typed in lower case ("what was inflation in september", "total dividends for fy23"):
# documents capitalise months and financial years, and periods_in and financial_years read them so
# ("may" and "march" are words too). In a question, a month's name in lower case is the month where
# nothing else can be meant: always for most, and for "may" and "march" next to a number or after a
# preposition of time ("in march", "31 march 2024").
_MONTHS_THAT_ARE_WORDS = ("may", "march")
_LOWER_CASE_CALENDAR = re.compile(
    r"\b(?:" + "|".join(names[0].lower() for names in _MONTHS if names[0].lower() not in _MONTHS_THAT_ARE_WORDS)
    + "|(?:" + "|".join([short.lower() for names in _MONTHS for short in names[1:]] + list(_MONTHS_THAT_ARE_WORDS))
    + r")(?=\s+\d)"
    r"|(?:(?<=\d\s)|(?<=\bin\s)|(?<=\bof\s)|(?<=\bto\s)|(?<=\bby\s)|(?<=\bfrom\s)|(?<=\bsince\s)|(?<=\buntil\s)"
    r"|(?<=\bthrough\s)|(?<=[a-z]-))"
    r"(?:" + "|".join(_MONTHS_THAT_ARE_WORDS) + r"))\b"
    r"|\bfy(?=\s?['’]?\d{2}(?![\w/]))")


def _calendar_capitalised(question: str) -> str:
    """The question with the months and financial years it writes in lower case capitalised, as
    documents write them ("in march 2024": "in March 2024", "fy23": "FY23")."""
    return _LOWER_CASE_CALENDAR.sub(lambda m: m[0].upper() if m[0] == "fy" else m[0].capitalize(), question)


def periods_in(text: str, start: int = 0, end: int | None = None) -> frozenset[tuple[int, int]]:
    """The periods within a year that text[start:end] names, as the months they cover, first and
    last: "June" (6, 6), "the third quarter" (7, 9), "H1" and "the first six months" (1, 6), "the
    first three quarters" (1, 9), "the full year" and "the year ended 30 June" (1, 12)."""
    found = set()
    for m in _PERIOD.finditer(text, start, len(text) if end is None else end):
        if m["until"]:  # "the six months ended 30 June": back from June
            last = _MONTH_NUMBERS[m["until"]]
            first = last - _SMALL_COUNTS[m["months"].lower()] + 1
            if first >= 1:
                found.add((first, last))
        elif m["first"]:
            found.add((1, _SMALL_COUNTS[m["first"].lower()]))
        elif m["quarters"]:  # "the first three quarters": January to September
            found.add((1, 3 * _SMALL_COUNTS[m["quarters"].lower()]))
        elif m["span_until"]:  # "the quarter ended 31 March", "the half-year to 30 June"
            last = _MONTH_NUMBERS[m["span_until"]]
            first = last - (2 if m["span"].lower() == "quarter" else 5)
            if first >= 1:
                found.add((first, last))
        elif m["from_month"] or m["between_month"]:  # "from January to April", "July-September"
            first = _MONTH_NUMBERS[m["from_month"] or m["between_month"]]
            last = _MONTH_NUMBERS[m["to_month"] or m["and_month"]]
            found |= {(first, last)} if first <= last else {(first, first), (last, last)}
        elif m["month"]:
            month = _MONTH_NUMBERS[m["month"]]
            found.add((month, month))
        elif m["qnth"] or m["q"]:
            quarter = int(m["q"]) if m["q"] else _ORDINALS[m["qnth"].lower()]
            found.add((3 * quarter - 2, 3 * quarter))
        elif m["year"] or m["year_of"] or m["year_to"] or m["twelve"]:  # "the full year", "the whole of 2024";
            # "the year ended 30 June": a financial year;
            # "over the past twelve months"
            found.add((1, 12))
        else:
            half = int(m["h"]) if m["h"] else _ORDINALS[m["hnth"].lower()]
            found.add((6 * half - 5, 6 * half))
    return frozenset(found)


# "the year ended 31 July 2025", "the year to March 2025": a financial year, which began in the year before
# unless it ends with December.
_YEAR_ENDED = re.compile(r"\b(?i:year\s+(?:ended|ending|to)\s+(?:the\s+end\s+of\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?)"
                         r"(?P<month>" + _MONTH + r")\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?,?)?\s+(?P<year>(?:1[0-9]|20)\d\d)\b")


def financial_years_begun(text: str, start: int = 0, end: int | None = None) -> set[int]:
    """The years in which the financial years that text[start:end] says end began: 2024 for "the year
    ended 31 July 2025" (the year 2024/25), none for "the year ended 31 December 2024"."""
    return {int(m["year"]) - 1 for m in _YEAR_ENDED.finditer(text, start, len(text) if end is None else end)
            if _MONTH_NUMBERS[m["month"]] != 12}


_SINCE_YEAR_START = re.compile(r"\b(?:(?:since|from|over|compared with|than at) the (?:start|beginning) of the year"
                               r"|between the (?:start|beginning) of the year and|year[- ]to[- ]date)\b", re.I)
_YEAR_ON_YEAR = re.compile(r"\b(?:year[- ](?:on|over)[- ]year|y-o-y|yoy|from a year (?:earlier|ago)"
                           r"|(?:on|than|compared with|over) (?:a year (?:earlier|ago)|the same (?:period|quarter|month|time)"
                           r"(?: (?:of|in))? (?:last|the previous) year"
                           r"|the (?:year|season) before|the (?:previous|prior|preceding) (?:financial |fiscal )?year))\b",
                           re.I)


def change_base(text: str) -> str:
    """What a change is measured from, where the text says: "year start" or "year before"."""
    since_start, on_year = bool(_SINCE_YEAR_START.search(text)), bool(_YEAR_ON_YEAR.search(text))
    return "" if since_start == on_year else "year start" if since_start else "year before"


ALONE = re.compile(r"\b(?:alone|on its own|by itself|in isolation|single[- ]month)\b", re.I)
_NOW = re.compile(r"\b(?:so far|to date|year[- ]to[- ]date|this year|currently|at present|now)\b", re.I)
_A_DAY = re.compile(rf"\b(?:(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH}))\b(?!\s*[-–]\s*\d)")


def names_a_day(text: str) -> bool:
    """"4 September 2024", "November 14, 2025": a day of a month, not a month, a year or a period."""
    return bool(_A_DAY.search(text))


# Words before a day that make it the end of what is covered ("ended 31 March", "as at 30 June").
_PERIOD_ENDS_AT = re.compile(r"\b(?:ended|ending|to|through|until|till|at|of|as\s+(?:at|of))\s+(?:the\s+)?$", re.I)


def days_written(text: str, start: int = 0, end: int | None = None) -> frozenset[tuple[int, int]]:
    """The months text[start:end] names only as a day that ends nothing ("Released 29 April 2025",
    "tabled on September 25, 2025", "London, 6 March 2024"): a day something was published on, not
    a period it covers or a balance's date ("ended 31 March", "as at 30 June")."""
    end = len(text) if end is None else end
    days = list(_A_DAY.finditer(text, start, end))
    as_days = {month for m in days if not _PERIOD_ENDS_AT.search(text, max(start, m.start() - 12), m.start())
               for month in periods_in(m.group())}
    other = {period for m in _PERIOD.finditer(text, start, end)
             if not any(d.start() <= m.start() < d.end() for d in days)
             for period in periods_in(m.group())}
    return frozenset(as_days - other)


_DAY_WITH_YEAR = re.compile(rf"(?:{_A_DAY.pattern})\.?,?\s+(?:19|20)\d\d\b|\b(?:19|20)\d\d-\d\d-\d\d\b")


def days_published(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The spans of the days with their years that text[start:end] names as days that end nothing
    ("Sunday 6 October 2024", "Published January 23, 2024", "2024-07-26"): as days_written."""
    end = len(text) if end is None else end
    return [m.span() for m in _DAY_WITH_YEAR.finditer(text, start, end)
            if not _PERIOD_ENDS_AT.search(text, max(start, m.start() - 12), m.start())]


def _on_a_day(text: str) -> bool:
    """Whether every month the question names is named as a day of it ("on May 16", "at 31 March
    2025"): an event's day, or a balance's, not a period that figures are summed over."""
    periods = periods_in(text)
    return bool(periods) and periods <= frozenset().union(*(periods_in(m.group()) for m in _A_DAY.finditer(text)))


def period_at(text: str, position: int, end: int | None = None) -> frozenset[tuple[int, int]]:
    """The period named right at `position` ("October", "Q3", "the first half"), as periods_in reads it."""
    span = period_span_at(text, position, end)
    return periods_in(text, *span) if span else frozenset()


def period_span_at(text: str, position: int, end: int | None = None) -> tuple[int, int] | None:
    """Where the period named right at `position` is written (None: none is)."""
    m = _PERIOD.match(text, position, len(text) if end is None else end)
    return m.span() if m else None


# A proper name: a capitalised word of three letters or more past the question's first word, not
# joined to another by a hyphen ("Harwick-Stonebridge" is read whole or not at all).
_CAPITALISED = re.compile(r"(?<=\s)[A-Z][a-z]{2,}\b(?!-)")
# Capitalised words a document may not write as asked: a people or a language ("British",
# "Filipino", "Norwegian": the document may write the country), points of the compass ("East
# German") and units ("degrees Celsius": °C); and months and days (qa.phrases.CALENDAR_WORDS: "since
# January" is "this year"). A people's word in "-ic" or "-i" is not among them: the document's word
# for the place begins it ("Islam", "Israel"), which qa.answering finds; "Mumbai" and "Atlantic" are
# names to look for.
_NOT_WRITTEN_AS_ASKED = re.compile(r"(?:ish|ese|ian|ean|ino)$|^(?:east|west|north|south)|^(?:celsius|fahrenheit|"
                                   r"kelvin)$")


_CALENDAR_AND_MONTH_WORDS = CALENDAR_WORDS | MONTH_WORDS  # no names: "31 Dec 2024" names a month


def proper_names(text: str) -> tuple[str, ...]:
    """The proper names a question writes, lowercased: "How many vehicles did Voltaris deliver in
    Japan?" names "voltaris" and "japan". A question in Title Case names nothing by its capitals."""
    capitalised = _CAPITALISED.findall(text)
    if 2 * len(capitalised) > len(text.split()):
        return ()
    return tuple(dict.fromkeys(word.lower() for word in capitalised
                               if not _NOT_WRITTEN_AS_ASKED.search(word.lower())
                               and word.lower() not in _CALENDAR_AND_MONTH_WORDS))


def _thing_asked_for(lowered: str) -> tuple[str, ...]:
    for rule in _THING_RULES:
        match = rule.search(lowered)
        if match:
            return tuple(t.stem for t in terms(match.group(1)) if not t.stem[0].isdigit())
    return ()


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    kind: str                  # money | percent | change | date | duration | quantity | count | code | name | other
    terms: tuple[Term, ...]    # content terms, spans into `text`
    head_stems: tuple[str, ...]  # the counted thing in "how many X", stemmed ("enterpris")
    head_text: str             # ... as written ("square kilometers")
    numbers: frozenset[str]    # figures written in the question: never the answer to it
    values: frozenset[float]   # ... by value, so that "the three richest" also names 3.0
    thing_stems: tuple[str, ...] = ()  # the kind of thing asked for by name ("trade corridor"), stemmed
    years: frozenset[int] = frozenset()  # the years it names ("in 2023")
    base_years: frozenset[int] = frozenset()  # ... as what a change is compared with ("compared with 2023")
    periods: frozenset[tuple[int, int]] = frozenset()  # the months, quarters, halves it names (first, last month)
    on_a_day: bool = False  # ... every one of them as a day of the month ("on May 16")
    asks_period_alone: bool = False  # ... as itself, not a longer period ending with it ("in September alone")
    asks_now: bool = False  # "so far", "to date", "this year", "now": the document's own time
    names_split_years: bool = False  # a financial year written as two years ("in 2024/25", "2023-24")
    # A change measured from the start of the year ("since the beginning of the year"), or against
    # the same time a year earlier ("year on year"): Chinese bank news gives both of one balance.
    change_base: str = ""  # "year start" | "year before" | ""
    asks_earlier: bool = False   # "in the previous year", "a year earlier", "originally"
    asks_year_before: bool = False  # "in the previous year", "a year earlier", "the same quarter last year"
    asks_outlook: bool = False   # "expect", "will", "guidance": a forecast is asked for
    asks_for_a_flow: bool = False  # what was lent or issued in a period, not a balance at its end
    asks_for_a_total: bool = False  # "total", "in all", "combined": not an amount per unit
    asks_per_unit: bool = False  # "What price per share ...?": an amount per unit, not a total
    asks_per_time: bool = False  # "How much will a household pay each year?"
    asks_a_price: bool = False  # a price, cost, rate or fee: said per unit though asked with no "per"
    asks_an_average: bool = False  # "What's the average size of the loans?", "On average, how many ...?"
    change_in: str = ""          # what a change is asked in: "percent" ("by what percentage"), "count"
    #                              ("by how many people"), "quantity" ("by how many kilometres"), or any
    names_a_change: bool = False  # any word of change ("grow", "increase"): a change may answer it
    asks_the_first: bool = False  # a superlative: "Which route carried the most riders?"
    amounts: frozenset[str] = frozenset()  # the amounts it names in digits ("366,233 people": "366233"), not under 20
    names: tuple[str, ...] = ()  # the proper names it writes, lowercased ("Japan": "japan"): see proper_names
    # The question a request or a bare phrase stands for ("Can you tell me what the net debt was?":
    # "what was the net debt?"), which says what is asked; `text` itself when it is a question.
    as_asked: str = ""
    # "How many of the ship's lifeboats got away?", "Of the strandings recorded, how many occurred
    # in Argentina?", "How much of the money did the Earl provide?": a part of a whole is asked for.
    asks_for_a_part: bool = False
    date_role: str = ""  # the step of a dividend's timetable asked for: "record", "payment", ... (date_role_asked)
    share_of_stems: tuple[str, ...] = ()  # the whole a share is asked of ("What share of toll income ...?")
    dimension: str = ""  # what a quantity asked for measures: "area", "length", "mass", ... (dimension_asked)

    @property
    def wants_figure(self) -> bool:
        return self.kind in FIGURE_KINDS

    @property
    def asks_an_age(self) -> bool:
        """"How old was he ...?", "At what age ...?": answered by "a 22-year-old", "aged 40"."""
        return bool(_AGE_ASKED.search(self.text))

    @property
    def asks_for_year(self) -> bool:
        """"In what year ...", "Which year ...": a decade or a century does not answer."""
        return self.kind == "date" and bool(_YEAR_ASKED.search(self.as_asked.lower()))

    @property
    def asks_for_a_day(self) -> bool:
        """"On what date ...", "Which day ...": a year alone does not say it."""
        return self.kind == "date" and bool(_DAY_ASKED.search(self.as_asked.lower()))

    @property
    def asks_for_a_thing(self) -> bool:
        """No kind of figure asked for, and the question names the kind of thing it wants."""
        return self.kind == "name" or (self.kind == "other" and bool(_ASKS_FOR_A_THING.search(self.as_asked.lower())))

    @property
    def asks_for_a_person(self) -> bool:
        """"Who ...", "Whom ...": a person or a body, by name."""
        return self.kind == "name" and bool(_WHO.search(self.as_asked.lower()))

    @property
    def negated(self) -> bool:
        """"When was the charter not adopted?": asks what did not happen."""
        return bool(_NEGATED.search(self.as_asked))

    @property
    def stems(self) -> list[str]:
        return [t.stem for t in self.terms]


_JOINED_WORDS = re.compile(r"(?<=[a-z])-(?=[a-z])")
_CONTRACTED_IS = re.compile(r"\b(what|who|when|where|how|which)['’]s\b")


# A word for a time joined to the next ("year-end", "day-ahead", "month-end") qualifies a noun that
# follows: "What was the year-end balance?" asks for money, not a year.
_DATE_WORD_AS_MODIFIER = re.compile(r"\b(year|day|month|week|quarter)-(?=[a-z])")
# "What was the dividend last year?", "What were sales the same month a year earlier?": a time
# the figure is of, written after what is asked about, asks for no date. ("What is the last day of
# trading?", where the time is what is asked about, does.)
_TIME_OF_THE_FIGURE = re.compile(r"\b(?P<before>\w+) (?P<the>the )?(?P<which>last|this|next|previous|prior|same|"
                                 r"each|every|a|that|current|coming|following|preceding) "
                                 r"(?P<unit>year|month|quarter|week|day|season)\b")
_ASKING_WORDS = frozenset("what which is was are were the of".split())
# "What was revenue the year before?" (not "What was the year before the war?")
_TIME_BEFORE_OR_AFTER = re.compile(r"\b(?P<before>\w+) the (?P<unit>year|month|quarter|week|day) (?P<which>before|earlier|"
                                   r"after|later)(?=\s*(?:[?.!,]|$))")
# "month-on-month", "quarter on quarter", "year-over-year": one word, a comparison, not a date asked
_PERIOD_ON_PERIOD = re.compile(r"\b(year|month|quarter|week|day)[- ](on|over)[- ]\1\b")


def _time_joined(match: re.Match, joined: str) -> str:
    """The time of the figure written as one word, so that no date rule reads it; left as it is
    where the time is what is asked about ("What was the year before the war?")."""
    return match[0] if match["before"] in _ASKING_WORDS else f"{match['before']} {joined}"


_ASIDE_IN_BRACKETS = re.compile(r"\((\w[\w\s-]*)\)")


def classify(text: str) -> str:
    lowered = _CONTRACTED_IS.sub(r"\1 is", " ".join(text.lower().split()))
    lowered = _PERIOD_ON_PERIOD.sub(r"\1_\2_\1", lowered)
    lowered = _TIME_OF_THE_FIGURE.sub(lambda m: _time_joined(m, f"{m['the'] or ''}{m['which']}_{m['unit']}"), lowered)
    lowered = _TIME_BEFORE_OR_AFTER.sub(lambda m: _time_joined(m, f"the {m['unit']}_{m['which']}"), lowered)
    lowered = _DATE_WORD_AS_MODIFIER.sub(r"\1_", lowered)  # "the year-end balance" asks for no year
    lowered = _JOINED_WORDS.sub(" ", lowered)  # "third-quarter revenue": two words before the money word
    lowered = lowered.replace(" & ", " and ")  # "Harrowgate & Finch": a name, as "Harrowgate and Finch"
    lowered = _ASIDE_IN_BRACKETS.sub(r"\1", lowered)  # "reported (statutory) pre-tax profit"
    for kind, pattern in _KIND_RULES:
        if pattern.search(lowered):
            return kind
    return "other"


def kind_asked_for(text: str) -> str:
    """The kind of answer a question, a request or a bare phrase asks for (classify of _as_asked)."""
    return classify(_as_asked(text)[0])


# "How fast did exports grow?" asks the rate, a percentage, not the amount added.
_CHANGE_IN_PERCENT = re.compile(r"\bby what (?:percentage|percent)\b|\bby how many (?:percent|percentage points|"
                                rf"basis points|points)\b|\bhow {_RATE_WORDS}\b")
_BY_HOW_MANY = re.compile(r"\bby how many\b")
_A_RATE = re.compile(r"\b(?:rates?|ratios?|margins?|yields?|shares?|percentages?|proportions?)\b")  # changed in points
_HOW_MUCH = re.compile(r"(?<!\bby )\bhow much\b")  # (not "By how much did the margin change?")


def _change_in(kind: str, lowered: str, head_text: str) -> str:
    """The kind of figure a change is asked in: "By how many people did the population rise?" wants
    the count (44,800), not the percentage (0.4%) beside it."""
    if kind != "change":
        return ""
    if _CHANGE_IN_PERCENT.search(lowered):
        return "percent"
    if _BY_HOW_MANY.search(lowered):
        return "quantity" if normalize_unit(head_text) in MEASURE_UNITS else "count"
    if _HOW_MUCH.search(lowered) and _HowMuchMoney._money.search(lowered) and not _A_RATE.search(lowered):
        return "change of money"
    return ""


_ASKS_FOR_A_PART = re.compile(r"\bhow (?:many|much) of (?:the|its|their|his|her|these|those|this|that|[\w-]+['’]s?)\b"
                              r"|^\W*(?:of|out of|among) (?:the|its|their|these|those|[\w-]+['’]s?)\b[^?]*,\s*how (?:many|much)\b")


_WHEN_OR_HOW_LONG = frozenset({"date", "duration", "ordinal"})  # "in 1973", "the first ten months", "3rd"


# What a change is measured against: "compared with H1 2024", "than in 2023/24", "on Q2 2024",
# "from FY23", "over the same period of 2023". The period written there is the base, not the one
# whose change is asked ("from January to June" and "over 2024" name the months and the year asked).
_COMPARED_WITH = re.compile(r"\b(?:compared?\s+(?:with|to)|than(?:\s+(?:in|at|for))?|versus|vs\.?|against|"
                            r"from|since|on|over(?=\s+(?:the\s+)?same\b))\s+(?:(?:the\s+)?same\s+"
                            r"(?:period|quarter|month|half|time)\s+(?:of|in|last)\s+|the\s+)?", re.I)
_BASE_YEAR = re.compile(r"(?:FY\s?['’]?)?\d{4}(?:[/–-]\d{2})?(?!\d)|FY\s?['’]?\d{2}(?!\d)")
_BEFORE_ITS_YEAR = re.compile(r"\s+(?:of\s+)?")  # "the same quarter | of | 2024"


def _compared_with(calendar: str) -> list[tuple[int, int]]:
    """The spans of the periods a change question names as its base ("compared with H1 2024")."""
    spans = []
    for m in _COMPARED_WITH.finditer(calendar):
        end = m.end()
        period = _PERIOD.match(calendar, end)
        if period and (period["from_month"] or period["between_month"]):  # "from January to June 2025": asked
            continue
        if period:
            gap = _BEFORE_ITS_YEAR.match(calendar, period.end())
            end = gap.end() if gap else period.end()
        year = _BASE_YEAR.match(calendar, end)
        end = year.end() if year else (period.end() if period else m.end())
        if end > m.end():
            spans.append((m.end(), end))
    return spans


# "as of a year before Q3 2025" asks for 2024: the year written is the one counted back from.
_COUNTED_BACK = re.compile(rf"\b(?:(?P<count>{_SMALL_COUNT})\s+years|(?:an?|one|1|the)\s+year)\s+"
                           r"(?:before|prior\s+to|earlier\s+than)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$", re.I)
COUNTED_BACK_REACH = 40  # characters before the year


def _years_before(text: str, year_start: int) -> int:
    m = _COUNTED_BACK.search(text, max(0, year_start - COUNTED_BACK_REACH), year_start)
    if m is None:
        return 0
    return _SMALL_COUNTS[m["count"].lower()] if m["count"] else 1  # "a year", "the year before 2020": one


# "What share of the quarter's toll income came from heavy vehicles?", "What percentage of
# respondents were Hindu?": the whole a share is asked of, up to the verb or preposition after it
_SHARE_OF = re.compile(r"\b(?:share|percentage|proportion|per\s?cent|fraction)\s+of\s+(?P<whole>[^?,;]{1,80}?)"
                       r"(?=\s+(?:came|comes?|went|goes|go|were|was|is|are|did|does|do|had|has|have|will|would|can|"
                       r"could|from|in|at|on|by|for|to|that|which|who|with|[a-z]+ed)\b|\s*[?,;]|\s*$)", re.I)


def share_of_stems(text: str) -> tuple[str, ...]:
    """The stems of the whole a share is asked of, past its periods and numbers ("the quarter's
    toll income": toll, income)."""
    match = _SHARE_OF.search(text)
    return tuple(t.stem for t in terms(match["whole"]) if t.stem[0].isalpha() and t.stem not in PERIOD_STEMS) \
        if match else ()


# The words that say what a quantity measures, as figures.DIMENSIONS names it. An area where
# something happens is no area asked for: "How much grain was harvested in the area?"
_DIMENSION_WORDS = (
    ("area", re.compile(r"(?<!\bin the )(?<!\bacross the )(?<!\bwithin the )(?<!\bof the )(?<!\bto the )"
                        r"(?<!\bfrom the )(?<!\bfor the )\b(?:area|acreage|floor\s+space)\b(?!['’]s)")),
    ("length", re.compile(r"\b(?:distance|length|height|depth|width|elevation|altitude|diameter|radius)\b"
                          r"|\bhow\s+(?:far|tall|deep|wide)\b")),
    ("mass", re.compile(r"\b(?:weight|weigh|weighs|weighed|mass)\b|\bhow\s+heavy\b")),
    ("temperature", re.compile(r"\btemperatures?\b|\bhow\s+(?:hot|cold|warm)\b")),
    ("speed", re.compile(r"\b(?:speed|velocity)\b|\bhow\s+fast\b")),
)


def dimension_asked(asked: str, kind: str) -> str:
    """What the quantity a question asks for measures ("Over how large an area were crops hit?":
    "area"); "" when it asks for no quantity, or names no dimension or more than one."""
    if kind != "quantity":
        return ""
    named = {dimension for dimension, words in _DIMENSION_WORDS if words.search(asked.lower())}
    return named.pop() if len(named) == 1 else ""


def analyse(text: str) -> Question:
    asked, begins, asides = _as_asked(text)
    kind = classify(asked)
    found = [t for t in with_abbreviations(text, terms(text), OFFICER_TITLES)
             if t.start >= begins and not any(a <= t.start < b for a, b in asides)]
    head: tuple[str, ...] = ()
    head_text = ""
    match = (_PART_NAMED.search(asked.lower()) or _HEAD_NOUN.search(asked.lower())
             or _HEAD_PLURAL.search(asked.lower()))
    if match:
        head_text = _counted_noun_phrase(match.group(1))
        head = tuple(t.stem for t in terms(head_text) if not t.stem[0].isdigit())
    numbers = frozenset(t.stem.rstrip("%") for t in found if t.stem[0].isdigit())
    figures = find_figures(text)
    values = frozenset(f.value for f in figures if f.value is not None)
    amounts = frozenset(number for f in figures if f.kind not in _WHEN_OR_HOW_LONG
                        for number in (t.stem.rstrip("%") for t in terms(f.text) if t.stem[0].isdigit())
                        if not (number.isdigit() and int(number) < 20))  # "2 parties": a writer's "two"
    lowered = " ".join(asked.lower().split())
    thing = _thing_asked_for(lowered)
    calendar = _calendar_capitalised(text)
    written = calendar
    of_the_year_asked = text
    if kind == "change":  # the year or period it is compared with is not the one asked about
        for start, end in _compared_with(calendar):
            calendar = calendar[:start] + " " * (end - start) + calendar[end:]
        # "By how much did the margin widen compared with a year earlier?" asks this year's change
        of_the_year_asked = _YEAR_ON_YEAR.sub(lambda m: " " * len(m[0]), text)
    year_terms = [t for t in found if t.stem.isdigit() and len(t.stem) == 4 and 1000 <= int(t.stem) <= 2100]
    year_of = {t.start: int(t.stem) - _years_before(text, t.start) for t in year_terms}
    years = {year_of[t.start] for t in year_terms if calendar[t.start:t.end].strip()} | financial_years(calendar)
    base_years = (set(year_of.values()) | financial_years(written)) - years
    return Question(text, kind, tuple(found), head, head_text, numbers, values, thing, years=frozenset(years),
                    base_years=frozenset(base_years),
                    periods=periods_in(calendar), on_a_day=_on_a_day(calendar), asks_now=bool(_NOW.search(text)),
                    names_split_years=bool(SPLIT_YEAR.search(text)),
                    asks_period_alone=bool(ALONE.search(text)),
                    change_base=change_base(text),
                    asks_earlier=bool(_EARLIER_ASKED.search(of_the_year_asked)),
                    asks_year_before=bool(YEAR_BEFORE.search(of_the_year_asked)),
                    asks_outlook=bool(OUTLOOK.search(text)),
                    asks_for_a_flow=asks_for_a_flow(text),
                    asks_for_a_total=bool(_TOTAL_ASKED.search(text)),
                    asks_per_unit=bool(_PER_UNIT_ASKED.search(text)), asks_per_time=bool(_PER_TIME_ASKED.search(text)),
                    asks_a_price=bool(_PRICE_ASKED.search(asked)), asks_an_average=bool(_AVERAGE_ASKED.search(asked)),
                    change_in=_change_in(kind, lowered, head_text),
                    names_a_change=bool(_NAMES_A_CHANGE.search(lowered)), amounts=amounts,
                    asks_the_first=bool(_SUPERLATIVE.search(lowered)),
                    names=proper_names(text), as_asked=asked, asks_for_a_part=bool(_ASKS_FOR_A_PART.search(lowered)),
                    date_role=date_role_asked(text, kind), share_of_stems=share_of_stems(asked),
                    dimension=dimension_asked(asked, kind))
