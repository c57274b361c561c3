"""Cutting the name a question asks for out of its answer sentence (qa.phrases, qa.question)."""
import pytest

from qa.answering import _roles_asked
from qa.phrases import named_thing, person_or_body
from qa.question import analyse


def _named(sentence: str, question: str) -> str | None:
    asked = analyse(question)
    span = named_thing(sentence, 0, len(sentence), asked.thing_stems, set(asked.stems))
    return None if span is None else sentence[span[0]:span[1]]


def _person(sentence: str, question: str) -> str | None:
    asked = analyse(question)
    span = person_or_body(sentence, 0, len(sentence), set(asked.stems))
    return None if span is None else sentence[span[0]:span[1]]


@pytest.mark.parametrize("question, kind", [
    ("Which trade corridor will the bank promote?", ("trade", "corridor")),
    ("Which conference do the teams in southern California play in?", ("confer",)),
    ("In many countries, what kind of pay gap is there?", ("pay", "gap")),
    ("What was the name of the first nuclear reactor?", ("first", "nuclear", "reactor")),
    ("What completed the triad?", ()),  # a verb follows "what": no kind of thing is named
    ("What is the capital of France?", ()),
])
def test_the_kind_of_thing_asked_for_is_read_from_the_question(question, kind):
    assert analyse(question).thing_stems == kind


@pytest.mark.parametrize("sentence, question, name", [
    ("The UCLA Bruins and the USC Trojans both field teams in NCAA Division I in the Pac-12 Conference.",
     "Which conference do the teams in southern California play in?", "Pac-12 Conference"),
    ("BOC will actively promote the development of the New International Land-Sea Trade Corridor.",
     "Which trade corridor will BOC promote?", "New International Land-Sea Trade Corridor"),
    ("Therefore, the Charter of Fundamental Rights of the European Union has become an important part of law.",
     "What charter has become important?", "Charter of Fundamental Rights of the European Union"),
    ("In many countries, there is a Gender pay gap in favor of males.",
     "In many countries, what kind of pay gap is there?", "Gender pay gap"),
    ('The bank builds a "33618" modern manufacturing cluster system.',
     "What is the name of the modern manufacturing cluster system the bank builds?",
     '"33618" modern manufacturing cluster system'),
    ('The bank launched special products such as "Science and Technology Growth Loan" and "Points Loan".',
     "What special loan products has the bank launched?", '"Science and Technology Growth Loan"'),
    ("The university was the site of Chicago Pile-1 (the first self-sustained nuclear reaction).",
     "What was the name of the first self-sustained nuclear reaction?", "Chicago Pile-1"),
    # a figure's thousands separator is inside the name, not where it starts
    ("The zone will build a 120,000-square-metre Cross-Border Logistics Park next year.",
     "Which logistics park will the zone build?", "120,000-square-metre Cross-Border Logistics Park"),
])
def test_the_name_written_against_the_kind_word_is_cut_out(sentence, question, name):
    assert _named(sentence, question) == name


@pytest.mark.parametrize("sentence, question", [
    ("The teams play in a regional conference every autumn.", "Which conference do the teams play in?"),
    ("Late outbreaks in central Europe followed the war.", "Which outbreaks followed the war?"),
    ("The Pac-12 Conference was founded long ago.", "Which league do the teams play in?"),
    ("Chongqing Government and Bank of China Signs Agreement on Economic Circle", "Which bank signed the agreement?"),
    ("The teams play in the Pac-12 Conference.", "Which Pac-12 conference do the teams play in?"),  # nothing new
])
def test_no_name_against_the_kind_word_leaves_no_phrase(sentence, question):
    assert _named(sentence, question) is None


def test_who_wants_the_name_the_question_does_not_hold_nearest_the_words_it_does():
    sentence = '"Chongqing has a bright future," said Liu Liange, Chairman of BOC, at the meeting in Beijing.'
    assert _person(sentence, "Who is the Chairman of Bank of China?") == "Liu Liange"


def test_a_name_that_repeats_another_in_parentheses_is_not_the_answer():
    sentence = "Chongqing Municipal People's Government and Bank of China (BOC) signed an agreement."
    assert _person(sentence, "Who signed an agreement with Bank of China?") == "Chongqing Municipal People's Government"


def test_who_with_no_new_name_in_the_sentence_has_no_phrase():
    assert _person("Bank of China signed an agreement.", "Who signed an agreement with Bank of China?") is None


def test_a_code_is_not_taken_for_a_person():
    assert _person("Datanet 1 used the X.121 DNIC 2041 for its users.", "Who used Datanet 1?") is None


def test_a_title_of_the_questions_words_before_a_name_is_left_out():
    sentence = "Chief Executive Officer Maria Lindqvist said the results reflected strong demand."
    assert _person(sentence, "Who is the chief executive officer?") == "Maria Lindqvist"


@pytest.mark.parametrize("sentence, question, name", [
    # a title after the name is a role, not another name
    ('"It was our strongest quarter," said Dana Whitfield, Chair and Chief Executive Officer of Cascade Ridge.',
     "Who is the chief executive of Cascade Ridge?", "Dana Whitfield"),
    ("said Zhang Wei, Party Committee Secretary and President of the Sichuan Branch.",
     "Who is the president of the Sichuan Branch?", "Zhang Wei"),
    # every word capitalised, but a sentence (it ends in a full stop), not a heading
    ("Enquiries: Dr Priya Raman, Government Statistician, State Statistics Office.",
     "Who is the Government Statistician?", "Dr Priya Raman"),
    # a role of something is a title too: "Minister of Finance", "Director of Corporate Affairs"
    ("The release was issued by Tom Ashworth, Director of Corporate Affairs.",
     "Who is the director of corporate affairs?", "Tom Ashworth"),
])
def test_a_person_is_told_from_the_role_written_beside_the_name(sentence, question, name):
    assert _person(sentence, question) == name


def test_a_heading_in_title_case_names_no_one():
    assert _person("Bank of China Signs Agreement With Chongqing Municipal Government",
                   "Who signed the agreement with Bank of China?") is None


@pytest.mark.parametrize("heading, question", [
    ("CHAIRMAN'S STATEMENT", "Who is the club's chairman?"),
    ("BANK OF NORLAND", "Who is the governor of the Bank of Norland?"),
])
def test_a_heading_in_capitals_names_no_one(heading, question):
    assert _person(heading, question) is None


def test_small_words_after_a_dash_are_no_name():
    sentence = "Yunhe, November 4 -- In recent years, the branch has lent more to manufacturers."
    assert _person(sentence, "Who runs the branch?") is None


@pytest.mark.parametrize("text, role_line, name", [
    ("We thank our supporters.\n\nGeoffrey Halloway\nChairman\n", "Chairman", "Geoffrey Halloway"),
    ("Yours faithfully,\nDana Whitfield\nChief Executive Officer\n", "Chief Executive Officer", "Dana Whitfield"),
    ("The board met twice.\nChairman\n", "Chairman", None),  # the line before is a sentence
    ("Geoffrey Halloway\n\nChairman\n", "Chairman", None),  # not directly above: no signature
    ("Colin Whitworth FCA\nHonorary Treasurer\n", "Honorary Treasurer", "Colin Whitworth FCA"),
    # the heading of a role's part of a report, its writer after the dash
    ("Results\n\nCHIEF EXECUTIVE'S REVIEW - Marcus Oyelaran\n", "CHIEF EXECUTIVE'S REVIEW - Marcus Oyelaran",
     "Marcus Oyelaran"),
    ("Chair's statement: Jane Doe\n", "Chair's statement: Jane Doe", "Jane Doe"),
    ("OPERATING REVIEW - North Region\n", "OPERATING REVIEW - North Region", None),  # no role: a region
])
def test_the_name_signed_above_a_role_line(text, role_line, name):
    from qa.phrases import signed_name
    start = text.index(role_line)
    span = signed_name(text, start, start + len(role_line))
    assert (text[span[0]:span[1]] if span else None) == name


@pytest.mark.parametrize("sentence, question, name", [
    ("The largest gift, $25 million from Harold and Mei Lin Okafor, will endow a centre.",
     "Who made the largest gift?", "Harold and Mei Lin Okafor"),
    ("The company was founded by Bill Hewlett and David Packard in 1939.", "Who founded the company?",
     "Bill Hewlett and David Packard"),
    ("Shares were bought by Alice Smith and 40 others.", "Who bought shares?", "Alice Smith"),  # no second name
])
def test_two_names_joined_by_and_are_one_answer(sentence, question, name):
    assert _person(sentence, question) == name


@pytest.mark.parametrize("sentence, question, role_holder, name", [
    # the word after an opening quote opens the sentence: "Our" is no one
    ('"Our teams have done an outstanding job," said Ingrid Solberg-Haugen, Chief Executive Officer.',
     "Who is Nordhavn's chief executive?", True, "Ingrid Solberg-Haugen"),
    # a dateline names a place and a day, not a person
    ("LONDON, 25 July 2024 – Harbourgate Property Trust plc today announces its results.",
     "Who is Harbourgate's finance chief?", True, None),
    # the title before a name is not part of it
    ('Councillor Aisha Rahman, Cabinet Member for Culture and Tourism, said: "The figures show recovery."',
     "Which councillor is responsible for culture and tourism?", True, "Aisha Rahman"),
    # "Cllr" is a councillor's title, and the question's "councillor"
    ("Cabinet member for finance Cllr Derek Paulson warned that reserves would fall to £27.9 million.",
     "Which councillor holds the finance portfolio?", True, "Derek Paulson"),
    # who holds a role is a person, not the body beside it
    ("Presented to Parliament by the Chancellor of the Exchequer, Daniel Okafor, on 4 November 2026.",
     "Which chancellor presented the Spending Review?", True, "Daniel Okafor"),
    ("Presented to Parliament by the Chancellor of the Exchequer, Daniel Okafor, on 4 November 2026.",
     "Who was the Spending Review presented to?", False, "Parliament"),
])
def test_who_holds_a_role_is_a_person_named_in_the_sentence(sentence, question, role_holder, name):
    asked = analyse(question)
    roles = frozenset(_roles_asked(asked))
    assert bool(roles) == role_holder
    span = person_or_body(sentence, 0, len(sentence), set(asked.stems), roles)
    assert (sentence[span[0]:span[1]] if span else None) == name


_LEADERS = ("He Jianguo, Secretary of the Baihe District Committee of the CPC, delivered a speech; Qian Lu, "
            "Deputy Secretary of the District Committee and District Mayor, presided over the conference; and "
            "Shen Yu, Deputy Director of the Jiangling Municipal Bureau of Commerce, attended and spoke.")


@pytest.mark.parametrize("question, name", [
    # the holder of a role is the name whose title, after its comma, holds the role, not the nearest
    ("Who is the mayor of Baihe District?", "Qian Lu"),
    # ... and under the rank asked: "Deputy Secretary ... and District Mayor" is no deputy director
    ("Who is the deputy director of the Jiangling Municipal Bureau of Commerce?", "Shen Yu"),
    # "He" before a given name opens the sentence as a surname, not as the pronoun
    ("Who is the secretary of the Baihe District Committee?", "He Jianguo"),
])
def test_a_role_is_held_by_the_name_its_title_follows(question, name):
    asked = analyse(question)
    span = person_or_body(_LEADERS, 0, len(_LEADERS), set(asked.stems), frozenset(_roles_asked(asked)))
    assert (_LEADERS[span[0]:span[1]] if span else None) == name


@pytest.mark.parametrize("sentence, question, name", [
    # a title before the name, set off by a comma, names the holder after it
    ("The Leader of the Council, Councillor Marcus Odunsi, and the Chief Executive, Fiona Lachlan-Grey, "
     "have begun talks with neighbouring authorities.", "Who is the council's chief executive?", "Fiona Lachlan-Grey"),
    # ... but the words of a title after a comma are no name titled by the words before them
    ('"Visitors are staying longer," said Huang Shuyi, director of the Qinglan Municipal Bureau of Culture, Radio, '
     "Television and Tourism.", "Who heads Qinglan's culture and tourism bureau?", "Huang Shuyi"),
])
def test_a_role_is_held_by_the_name_its_title_precedes(sentence, question, name):
    asked = analyse(question)
    span = person_or_body(sentence, 0, len(sentence), set(asked.stems), frozenset(_roles_asked(asked)))
    assert (sentence[span[0]:span[1]] if span else None) == name


def test_he_before_a_verb_is_the_pronoun():
    sentence = "He said that Xu Lan, deputy governor of the province, attended."
    asked = analyse("Who is the deputy governor of the province?")
    span = person_or_body(sentence, 0, len(sentence), set(asked.stems), frozenset(_roles_asked(asked)))
    assert sentence[span[0]:span[1]] == "Xu Lan"


def test_finance_and_financial_are_one_term():
    from qa.terms import terms
    assert {t.stem for t in terms("the finance chief")} & {t.stem for t in terms("Chief Financial Officer")} \
        == {t.stem for t in terms("finance chief")}


def test_a_day_of_the_week_names_no_one():
    sentence = "The board approved a new timetable for the winter season, with fewer crossings on Sundays."
    assert person_or_body(sentence, 0, len(sentence), set(analyse("Who approved the timetable?").stems)) is None


def test_the_currency_of_an_amount_names_no_one():
    sentence = "German company Kessler Precision Technology will invest 45 million US dollars to build a gear line."
    assert _person(sentence, "Who signed the agreement for Kessler Precision Technology?") is None


@pytest.mark.parametrize("sentence, name", [
    ("Hengtai Biomedicine Co., Ltd. signed an agreement to build a drug base.", "Hengtai Biomedicine Co., Ltd"),
    ("The deal was signed by Orrin Tools, Inc. on Monday.", "Orrin Tools, Inc"),
])
def test_a_legal_form_after_a_comma_ends_the_company_name(sentence, name):
    assert _person(sentence, "Who signed the agreement?") == name


@pytest.mark.parametrize("sentence, question, name", [
    ("The Scheme Actuary, Fiona MacLeod FIA of Larchmont Actuarial LLP, measures the funding level.",
     "Who is the Scheme Actuary?", "Fiona MacLeod"),
    ("The hospital is chaired by Alan Brede CBE, who joined the board in 2019.",
     "Who chairs the hospital?", "Alan Brede"),
])
def test_honours_and_qualifications_after_a_name_end_it(sentence, question, name):
    assert _person(sentence, question) == name
