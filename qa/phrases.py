"""Names in a sentence: the phrase that answers "which treaty", "what kind of gap" or "who".

A question that asks for a thing by its kind names that kind ("Which *conference* do the teams
play in?"), and a sentence that answers it usually writes the thing's name against that word: "in
the Pac-12 Conference", "the Works Council Directive", "a Gender pay gap", "a "33618" modern
manufacturing cluster system", "special products such as "Science and Technology Growth Loan"".
A "who" question wants a name that the question does not already hold, written near the words it
does hold ("said Liu Liange, Chairman of BOC").

Names are found by their writing, not by a model: capitalised words, words with digits ("Pac-12",
"X.25") and quoted runs, joined by "of" ("Colony of Victoria Act"). Where no such name stands
against the kind word, there is no phrase and the whole sentence remains the answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .figures import find_figures
from .terms import STOPWORDS, terms

# A quoted run is one token; otherwise words with inner hyphens, dots, apostrophes ("Land-Sea",
# "X.25", "People's"), plus signs ("Sky+") and thousands separators ("120,000-square-metre", not
# "120" and "000-square-metre").
_TOKEN = re.compile(r"[\"“][^\"“”\n]{1,80}[\"”]|[^\W_](?:[\w'’+]|[.\-–](?=[^\W_])|(?<=\d),(?=\d{3}(?!\d)))*\+?")
_JOINERS = frozenset({"of", "of the", "de", "du", "la", "von", "van", "der"})  # inside a name: "Bank of China"
_INTRODUCERS = ("such as", "including", "called", "named", "known as", "entitled", "dubbed")
MAX_NAME_TOKENS = 10
# Honours and qualifications written after a person's name end it: "Fiona MacLeod FIA of Larchmont
# Actuarial LLP" names Fiona MacLeod, not a body "... of Larchmont Actuarial LLP".
_POST_NOMINALS = frozenset("""CBE OBE MBE KBE DBE GBE CB CMG KCMG CVO LVO BEM QC KC JP MP MSP MLA MEP FRS FREng FRSE
    FBA FMedSci FIA FFA FCA ACA FCCA ACCA CPA CFA FCIS FCMA CIMA FRCP FRCS PhD DPhil MBA""".split())
# The roles people hold: "Which transport secretary ..." asks for a person, as "who" does.
_PERSON_ROLES = frozenset("""chair chairman chairwoman chairperson president director secretary minister governor
    deputy manager executive officer ceo cfo coo cto founder co-founder partner treasurer commissioner mayor
    councillor spokesperson spokesman spokeswoman statistician professor dean principal provost chancellor
    trustee premier leader editor ambassador judge attorney counsel registrar auditor controller
    superintendent inspector commander captain coach owner magistrate cllr""".split())
PERSON_ROLE_STEMS = frozenset(t.stem for w in _PERSON_ROLES for t in terms(w))
# A question with one of these asks who holds a role, so a person answers it, not a body: "Which
# chancellor ...?", "Who is the finance chief?" ("chief" alone is no role: "the chief export").
ROLE_HOLDER_STEMS = PERSON_ROLE_STEMS | {"chief"}
ROLE_HOLDER_WORDS = _PERSON_ROLES | {"chief"}  # (as written: "office" and "officer" are one stem)
# Words that make a role another one: the deputy minister is not the minister, nor the acting chief
# executive the chief executive. A question that writes one asks for the holder of that role.
RANK_STEMS = frozenset(t.stem for w in ("deputy", "vice", "assistant", "associate", "acting", "interim")
                       for t in terms(w))
# Words of a role, not of a person's name: "said Dana Whitfield, Chair and Chief Executive Officer";
# "Zhang Weiming, Party Committee Secretary and President of ...".
_ROLE_WORDS = _PERSON_ROLES | frozenset("""vice chief managing general head party committee member senior independent
    non-executive board financial operating prime chairs presidents directors dr mr mrs ms prof sir dame lord
    lady the and of cabinet shadow acting interim lead assistant associate portfolio honorary joint""".split())
# Words of a body, not of a person: "Which chancellor ..." is not answered by "Parliament".
_BODY_WORDS = frozenset("""parliament council government ministry department office authority agency commission
    committee board bank group company corporation plc ltd inc limited trust university college institute
    association federation union court assembly senate congress bureau administration service services""".split())
# Words of a place, not of a person: "Who heads the bureau?" is not answered by the "Zone" of "the
# Jinhe High-tech Zone". (Not "state" or "park": "Secretary of State", "Park Geun-hye".)
_PLACE_WORDS = frozenset("zone area district county province city town township village port region".split())
_NO_PERSON_WORDS = _BODY_WORDS | _PLACE_WORDS
# A dateline opens a news release: "LONDON, 25 July 2024 –", "Oslo, 7 November 2024 —".
_DATELINE = re.compile(r"[A-Z][\w .'-]{1,40},\s+(?:\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\.?\s+\d{1,2})\b")


_ROLES_OF = _PERSON_ROLES | {"head"}  # "Minister of Finance", "Head of Investor Relations"


def _is_role(tokens: list["_Token"]) -> bool:
    """Every word a role word ("Chair", "Party Committee Secretary"), or a role of something
    ("Minister of Finance", "Director of Corporate Affairs"): a title, not a name."""
    return all(t.text.lower() in _ROLE_WORDS for t in tokens) or (
        len(tokens) > 2 and tokens[0].text.lower() in _ROLES_OF and tokens[1].text.lower() == "of")


_WORD_OF_A_NAME = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int
    end: int
    stems: tuple[str, ...]  # its terms' stems ("Chengdu-Chongqing": two; a stopword: none)
    quoted: bool

    def held_by(self, stems: set[str]) -> bool:
        return bool(self.stems) and all(s in stems for s in self.stems)

    def is_kind(self, kind_stems: tuple[str, ...]) -> bool:
        return bool(self.stems) and self.stems[-1] in kind_stems

    @property
    def worded(self) -> bool:
        """Letters only, perhaps joined by a hyphen or an apostrophe: "Solberg-Haugen", "O'Neill"."""
        return bool(_WORD_OF_A_NAME.fullmatch(self.text))

    @property
    def namey(self) -> bool:
        """Written as a name: capitalised, with a digit, or quoted."""
        return self.quoted or self.text[0].isupper() or any(c.isdigit() for c in self.text)


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    found = []
    for m in _TOKEN.finditer(text, start, end):
        word = m.group()
        quoted = word[0] in "\"“"
        stems = () if quoted else tuple(t.stem for t in terms(word))
        found.append(_Token(word, m.start(), m.end(), stems, quoted))
    return found


def _gap(text: str, left: _Token, right: _Token) -> str:
    return text[left.end:right.start]


def _joined(text: str, left: _Token, right: _Token) -> bool:
    """Nothing but spaces between two tokens: no comma, bracket or other break."""
    return _gap(text, left, right).strip() == ""


_LEGAL_FORMS = frozenset("ltd inc llc limited plc corp gmbh ag sa bv nv".split())


def _legal_form_after(text: str, left: _Token, right: _Token) -> bool:
    """A company's legal form after a comma ends its name: "Hengtai Biomedicine Co., Ltd.", "Acme, Inc."."""
    return right.text.lower() in _LEGAL_FORMS and _gap(text, left, right).strip() in {",", ".,"}


def _name_leftwards(text: str, tokens: list[_Token], i: int, sentence_start: int, attached: bool = True) -> int:
    """The first token of the name that ends at tokens[i-1] (i when there is none); `attached`: the
    name must run up to tokens[i] with nothing between."""
    first = i
    j = i - 1
    while j >= 0 and (_joined(text, tokens[j], tokens[j + 1]) or (j == i - 1 and not attached)) \
            and i - j <= MAX_NAME_TOKENS:
        token = tokens[j]
        if token.namey and not _opens_sentence(token, sentence_start, tokens[j + 1]):
            first = j
            j -= 1
            continue
        joiner = " ".join(t.text.lower() for t in tokens[max(j - 1, 0):j + 1])
        if first < i and tokens[j].text.lower() in _JOINERS and j > 0 and tokens[j - 1].namey:
            j -= 1  # "Colony of | Victoria Act"
            continue
        if first < i and joiner in _JOINERS and j > 1 and tokens[j - 2].namey:
            j -= 2  # "Charter of the | ..."
            continue
        break
    return first  # always a name word: a joiner is passed over only on the way to one


def _name_rightwards(text: str, tokens: list[_Token], i: int) -> int:
    """One past the last token of the name that starts at tokens[i] (i when there is none)."""
    last = i
    j = i
    while j < len(tokens) and j - i < MAX_NAME_TOKENS and (j == i or _joined(text, tokens[j - 1], tokens[j])
                                                            or _legal_form_after(text, tokens[j - 1], tokens[j])):
        if last > i and tokens[j].text in _POST_NOMINALS:
            break
        if tokens[j].namey:
            last = j + 1
            j += 1
            if tokens[j - 1].quoted:
                break  # one quoted name, not a list of them
            continue
        if last > i and tokens[j].text.lower() in _JOINERS and j + 1 < len(tokens) and tokens[j + 1].namey:
            j += 1
            continue
        if last > i and j + 2 < len(tokens) and f"{tokens[j].text} {tokens[j + 1].text}".lower() in _JOINERS \
                and tokens[j + 2].namey:
            j += 2
            continue
        break
    return last


# Chinese surnames written as English words, read as the word when they open a sentence.
_SURNAMES_THAT_ARE_WORDS = frozenset({"He", "You"})
_OPENING_WORDS = STOPWORDS | {"following", "during", "after", "before", "since", "although", "however", "today"}
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
# Capitalised words that date rather than name: "on Sundays", "in March".
CALENDAR_WORDS = frozenset("january february march april may june july august september october november december"
                           .split() + _WEEKDAYS + [day + "s" for day in _WEEKDAYS])


def _opens_sentence(token: _Token, sentence_start: int, next_token: _Token | None = None) -> bool:
    """The sentence's first word, capitalised only because it opens the sentence: a common opening
    word, or a plain capitalised word that no other name word follows ("Late outbreaks ...")."""
    if token.start != sentence_start:
        return False
    if token.text in _SURNAMES_THAT_ARE_WORDS and next_token is not None and next_token.namey \
            and next_token.worded and next_token.text.lower() not in _OPENING_WORDS | CALENDAR_WORDS:
        return False  # "He Jianguo, Secretary of ...": a Chinese surname, not the pronoun
    plain = token.text[1:].islower() and not token.quoted
    return token.text.lower() in _OPENING_WORDS or (plain and (next_token is None or not next_token.namey))


def _heading(text: str, start: int, end: int, tokens: list[_Token]) -> bool:
    """A heading written in title case ("Bank of China Signs Agreement on Economic Circle"): every
    word but the small ones is capitalised, so names cannot be told from the rest; or in capitals
    ("CHAIRMAN'S STATEMENT", "BANK OF NORLAND"). A line that ends
    in a full stop is a sentence, however capitalised ("Enquiries: Dr Priya Ramanathan, Government
    Statistician.")."""
    words = [t for t in tokens if not t.quoted and t.text[0].isalpha() and t.stems]
    if not words or text[start:end].rstrip().endswith("."):
        return False
    shouted = all(t.text.isupper() for t in words) and sum(len(t.text) for t in words) > 3  # "CHAIRMAN'S STATEMENT"
    return shouted or (len(words) >= 3 and all(t.text[0].isupper() for t in words))


def _new(tokens: list[_Token], question_stems: set[str]) -> int:
    """How many of the name's words the question does not already hold."""
    return sum(1 for t in tokens if t.namey and not t.held_by(question_stems))


def named_thing(text: str, start: int, end: int, kind_stems: tuple[str, ...],
                question_stems: set[str]) -> tuple[int, int] | None:
    """The span of the name written against the question's kind word in text[start:end]: before it
    ("the Pac-12 Conference"), after it joined by "of" ("the Charter of Fundamental Rights") or
    introduced ("products such as "Growth Loan""), or just before its parenthesis ("Chicago Pile-1
    (the first ... reaction)"). None when the sentence writes no such name."""
    if not kind_stems:
        return None
    tokens = _tokens(text, start, end)
    if _heading(text, start, end, tokens):
        return None
    best: tuple[int, int, int] | None = None  # (kind words covered, new name words, -position)
    best_span = None
    i = 0
    while i < len(tokens):
        if not tokens[i].is_kind(kind_stems):
            i += 1
            continue
        j = i
        while j < len(tokens) and tokens[j].is_kind(kind_stems) and (j == i or _joined(text, tokens[j - 1], tokens[j])):
            j += 1
        # The kind's first word must be there: "which outbreaks followed ..." may end on a verb.
        span = _around(text, tokens, i, j, start) if any(kind_stems[0] in t.stems for t in tokens[i:j]) else None
        if span is not None:
            first, last = span
            covered = len({t.stems[-1] for t in tokens[i:j]})  # the fuller the kind, the surer the anchor
            key = (covered, _new(tokens[first:last], question_stems), -i)
            if key[1] > 0 and (best is None or key > best):  # a name the question does not already hold
                best, best_span = key, (tokens[first].start, tokens[last - 1].end)
        i = j
    return best_span


def _around(text: str, tokens: list[_Token], i: int, j: int, sentence_start: int) -> tuple[int, int] | None:
    """Token range [first, last) of the name around the kind words tokens[i:j]."""
    first = _name_leftwards(text, tokens, i, sentence_start)
    anchor_is_name = all(t.namey for t in tokens[i:j])
    last = j
    if j < len(tokens) and _joined(text, tokens[j - 1], tokens[j]):
        if anchor_is_name and tokens[j].text.lower() == "of":
            after = _name_rightwards(text, tokens, j + 1)
            if after > j + 1:
                last = after  # "Charter of Fundamental Rights of the European Union"
        elif first == i:
            last = _name_rightwards(text, tokens, j)  # "the satellite Eurobird 1"
    if first == i and last == j:
        introduced = _introduced(text, tokens, j)
        if introduced is not None:
            return introduced
        return _before_parenthesis(text, tokens, i, sentence_start)
    return first, last


def _introduced(text: str, tokens: list[_Token], j: int) -> tuple[int, int] | None:
    """The name after "such as", "called", "including", ... right after the kind words."""
    for words in (phrase.split() for phrase in _INTRODUCERS):
        k = j + len(words)
        if k < len(tokens) and [t.text.lower() for t in tokens[j:k]] == words:
            last = _name_rightwards(text, tokens, k)
            return (k, last) if last > k else None
    return None


def _before_parenthesis(text: str, tokens: list[_Token], i: int, sentence_start: int) -> tuple[int, int] | None:
    """"Chicago Pile-1 (the first self-sustained man-made nuclear reaction)": the kind words open a
    parenthesis (after an article at most) that follows a name."""
    k = i
    while k > 0 and not tokens[k - 1].stems and not tokens[k - 1].namey and _joined(text, tokens[k - 1], tokens[k]):
        k -= 1  # "the", "a"
    if k == 0 or _gap(text, tokens[k - 1], tokens[k]).strip() != "(":
        return None
    first = _name_leftwards(text, tokens, k, sentence_start, attached=False)
    return (first, k) if first < k else None


def dateline_end(text: str, start: int) -> int:
    """Where the dateline that opens the line at `start` ends ("Langhai, May 16"), or `start` when
    the line opens with none."""
    dateline = _DATELINE.match(text, start)
    return dateline.end() if dateline else start


def _opening(text: str, start: int, tokens: list[_Token]) -> int:
    """Where the sentence's first word starts: after an opening quote or bracket ('"Our teams ...'),
    and after a dateline ("LONDON, 25 July 2024 – Harbourgate ...")."""
    after_dateline = dateline_end(text, start)
    if after_dateline > start:
        after = next((t for t in tokens if t.start >= after_dateline and t.text[0].isalpha()), None)
        return after.start if after else start
    if tokens and not text[start:tokens[0].start].strip(" \"'“‘([—–-"):
        return tokens[0].start
    return start


def person_or_body(text: str, start: int, end: int, question_stems: set[str],
                   roles: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """For "who": the name in text[start:end] that the question does not hold, nearest the words it
    does hold. A name in parentheses just after another ("Bank of China (BOC)") only repeats it.
    `roles`: the stems of the roles the question asks the holder of ("Which chancellor ...?"): a
    person, not a body, and best the one whose title after the name holds the role ("Qian Lu, Deputy
    Secretary of the District Committee and District Mayor, presided ...", for the mayor).
    A dateline ("LONDON, 25 July 2024") names no one, and the titles before a name are not part of it
    ("Councillor Aisha Rahman")."""
    tokens = _tokens(text, start, end)
    if _heading(text, start, end, tokens):
        return None
    opening = _opening(text, start, tokens)
    tokens = [t for t in tokens if t.start >= opening]
    start = opening
    held = [k for k, t in enumerate(tokens) if t.held_by(question_stems)]
    if not held:
        return None
    amounts = [(f.start, f.end) for f in find_figures(text, start, end)]
    best = None
    k = 0
    while k < len(tokens):
        following = tokens[k + 1] if k + 1 < len(tokens) else None
        if not tokens[k].namey or tokens[k].quoted or _opens_sentence(tokens[k], start, following):
            k += 1
            continue
        last = _name_rightwards(text, tokens, k)
        k = _after_title(tokens, k, last, question_stems)
        while k + 1 < last and tokens[k].text.lower() in _PERSON_ROLES and tokens[k + 1].text.lower() not in _ROLE_WORDS:
            k += 1  # "Councillor | Aisha Rahman", "President | Xi Jinping"
        run = tokens[k:last]
        if (roles and any(t.text.lower() in _NO_PERSON_WORDS for t in run)) or _in_a_figure(run, amounts):
            k = max(last, k + 1)
            continue
        names = sum(t.namey for t in run)
        new = _new(run, question_stems)
        worded = 2 * sum(t.worded for t in run) > len(run)  # "X.121 DNIC 2041" names no one
        small = all(t.text.lower() in _OPENING_WORDS | CALENDAR_WORDS for t in run)  # "-- In recent years", "Sundays"
        if new and 2 * new >= names and worded and not small and not _is_role(run) and run[0].namey \
                and not _in_parenthesis(text, tokens, k, last):
            distance = min(min(abs(h - k), abs(h - (last - 1))) for h in held)
            titled = not roles or _titled_as(text, tokens, k, last, roles, question_stems)
            key = (names - new, not titled, distance)  # a run with the question's words is its description
            if best is None or key < best[0]:
                best = (key, run[0].start, _joint_name_end(text, tokens, last, question_stems) or run[-1].end)
        k = max(last, k + 1)
    return (best[1], best[2]) if best else None


_TITLE_BESIDE_A_NAME = 12  # tokens
_IN_A_TITLE = _ROLE_WORDS | {"of", "the", "and", "for"}


def _titled_as(text: str, tokens: list[_Token], first: int, last: int, roles: frozenset[str],
               question_stems: set[str]) -> bool:
    """Whether the title written beside the name tokens[first:last] holds a role asked, not under a
    rank the question does not name ("Zhang Hong, deputy director of ..." is no director): after
    it, set off by a comma, up to the next break ("Qian Lu, Deputy Secretary ... and District
    Mayor,"); or before it, up to the break before ("the Chief Executive, Fiona Lachlan-Grey",
    "Chief Executive Fiona Lachlan-Grey")."""
    other_ranks = RANK_STEMS - question_stems
    roles = roles - RANK_STEMS  # "Deputy Secretary ..." is no deputy director

    def holds_a_role(title: list[_Token]) -> bool:
        return any(set(t.stems) & roles and not (i > 0 and set(title[i - 1].stems) & other_ranks)
                   for i, t in enumerate(title))

    if last < len(tokens) and _gap(text, tokens[last - 1], tokens[last]).strip() == ",":
        k = last + 1
        while k < len(tokens) and k - last < _TITLE_BESIDE_A_NAME and _joined(text, tokens[k - 1], tokens[k]):
            k += 1
        if holds_a_role(tokens[last:k]):
            return True
    if first == 0:
        return False
    k = first - 1 if _gap(text, tokens[first - 1], tokens[first]).strip() == "," else first
    j = k
    while j > 0 and k - j < _TITLE_BESIDE_A_NAME and _joined(text, tokens[j - 1], tokens[j]) \
            and (tokens[j - 1].namey or tokens[j - 1].text.lower() in _IN_A_TITLE):
        j -= 1  # (a title's words: not "the president said on Monday that | Wang Hui")
    title = tokens[j:k + 1] if k < first else tokens[j:first]
    # (ending in a role word: "Bureau of Culture, | Radio, Television ..." names no one after a title)
    return bool(title) and title[-1].text.lower() in _ROLE_WORDS and holds_a_role(title)


def _in_a_figure(run: list[_Token], amounts: list[tuple[int, int]]) -> bool:
    """Whether the run is written inside a figure: the currency of "45 million US dollars" names no one."""
    return any(a <= run[0].start and run[-1].end <= b for a, b in amounts)


def _is_signed_role(tokens: list[_Token]) -> bool:
    """A role as written under or after a name: role words ("Chair"), or a capitalised title of at
    most six words holding one ("Chief Investment Officer", "Head of Group Treasury")."""
    return bool(tokens) and (_is_role(tokens) or (
        len(tokens) <= 6 and any(t.text.lower() in _PERSON_ROLES | {"chief", "head"} for t in tokens)
        and all(t.text[:1].isupper() or t.text.lower() in _JOINERS | {"and", "for"} for t in tokens)))


# "CHIEF EXECUTIVE'S REVIEW - Marcus Oyelaran", "Chair's statement: Jane Doe": a heading of a
# role's part of a report, its writer after the dash.
_HEADING_BY = re.compile(r"\s+[-–—]\s+|:\s+")


def _heading_by(text: str, start: int, end: int, tokens: list[_Token]) -> tuple[int, int] | None:
    """The name after the dash of a one-line heading whose words before it hold a role."""
    line = text[start:end].rstrip()
    dash = _HEADING_BY.search(line)
    if dash is None or "\n" in line or line.endswith("."):
        return None
    role = [t for t in tokens if t.end <= start + dash.start()]
    name = [t for t in tokens if t.start >= start + dash.end()]
    if not any(t.text.lower().removesuffix("'s").removesuffix("’s") in _PERSON_ROLES for t in role):
        return None
    return (name[0].start, name[-1].end) if _a_signed_name(name) else None


def _a_signed_name(tokens: list[_Token]) -> bool:
    """Two to four capitalised words that are no role: a name as signed or as a heading's writer."""
    return 2 <= len(tokens) <= 4 and all(t.namey for t in tokens) and not _is_role(tokens)


def signed_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The name signed above a line that holds only a role ("Geoffrey Halloway" over "Chairman" at
    the foot of a statement): the line just before, when it is two to four capitalised words; or
    before the role on its line ("Margaret Okonkwo-Hale, Chair"); or after the dash of the heading
    of the role's part of a report ("CHIEF EXECUTIVE'S REVIEW - Marcus Oyelaran")."""
    tokens = _tokens(text, start, end)
    by = _heading_by(text, start, end, tokens)
    if by is not None:
        return by
    comma = text.find(",", start, end)
    if comma > 0 and "\n" not in text[start:end].strip():
        name = [t for t in tokens if t.end <= comma]
        role = [t for t in tokens if t.start > comma]
        if _a_signed_name(name) and _is_signed_role(role) and not text[start:end].rstrip().endswith("."):
            return name[0].start, name[-1].end
    if not tokens or not _is_role(tokens) or start == 0 or text[start - 1] != "\n":
        return None
    line_end = start - 1
    line_start = text.rfind("\n", 0, line_end) + 1
    above = _tokens(text, line_start, line_end)
    if _a_signed_name(above) and not text[line_start:line_end].rstrip().endswith("."):
        return above[0].start, above[-1].end
    return None


def _joint_name_end(text: str, tokens: list[_Token], last: int, question_stems: set[str]) -> int | None:
    """The end of a second name joined to the one ending before tokens[last] by "and": "a gift
    from Harold and Mei Lin Okafor", "founded by Bill Hewlett and David Packard"."""
    if last + 1 >= len(tokens) or tokens[last].text != "and" or not _joined(text, tokens[last - 1], tokens[last]):
        return None
    k = last + 1
    if not tokens[k].namey or tokens[k].quoted or not _joined(text, tokens[last], tokens[k]):
        return None
    end = _name_rightwards(text, tokens, k)
    run = tokens[k:end]
    if _new(run, question_stems) < len(run) or _is_role(run) or not all(t.worded for t in run):
        return None
    return run[-1].end


def _after_title(tokens: list[_Token], first: int, last: int, question_stems: set[str]) -> int:
    """Where the name starts after a title of the question's own words: "Chief Executive Officer |
    Maria Lindqvist". One held word stays ("Chongqing Municipal People's Government")."""
    k = first
    while k < last and tokens[k].held_by(question_stems):
        k += 1
    return k if k - first >= 2 and k < last else first


def _in_parenthesis(text: str, tokens: list[_Token], first: int, last: int) -> bool:
    before = text[tokens[first - 1].end:tokens[first].start] if first > 0 else ""
    after = text[tokens[last - 1].end:tokens[last].start] if last < len(tokens) else text[tokens[last - 1].end:]
    return before.strip().endswith("(") and after.strip().startswith(")")
