"""Evidence about what a figure is of, beyond its kind (qa.answering)."""
from dataclasses import replace
from pathlib import Path

import pytest

from qa.answering import _before_the_next_figures_words, _counts_the_subject, figure_candidates, pick_answer
from qa.figures import find_figures
from qa.question import analyse
from qa.terms import terms
from support import REPO, one_document

SUPPLY_CHAIN = ("More than 510 new supply chain finance businesses have been added, and the business "
                "occurrence is equivalent to nearly 4 billion yuan.")


@pytest.mark.parametrize("question, marked", [
    ("What was the business volume of the newly added supply chain finance businesses?", 1.0),
    ("How many new supply chain finance businesses were added?", 0.0),  # the count is asked for
])
def test_a_count_of_what_the_question_names_is_marked_unless_the_question_counts(question, marked):
    count = find_figures(SUPPLY_CHAIN)[0]
    assert (count.text, count.unit) == ("More than 510", "businesses")
    assert _counts_the_subject(count, analyse(question)) == marked


def test_an_amount_is_never_marked():
    amount = next(f for f in find_figures(SUPPLY_CHAIN) if f.kind == "money")
    question = analyse("What was the business volume of the newly added supply chain finance businesses?")
    assert _counts_the_subject(amount, question) == 0.0


def test_a_count_of_a_word_of_the_thing_asked_counts_in_part():
    from qa.answering import _unit_evidence
    from qa.terms import terms
    sentence = ("The university had 18,640 students, including 5,710 postgraduates from over 120 countries "
                "across its campuses, and a reserve of $159 million for postgraduate aid.")
    question = analyse("How many postgraduate students does the university have?")
    found = {f.text: f for f in find_figures(sentence)}
    every = terms(sentence)
    assert _unit_evidence(found["18,640"], every, question, sentence) == (1.0, 0.0)   # the thing itself
    assert _unit_evidence(found["5,710"], every, question, sentence) == (0.5, 0.0)    # a count of one of its words
    assert _unit_evidence(found["$159 million"], every, question, sentence) == (0.0, 0.0)  # money counts nothing


def test_the_earlier_years_value_in_brackets_is_of_what_the_figure_before_them_is_of():
    from qa.answering import _bracketed_comparison_of
    sentence = "Bakery revenue rose 6.7% to £684 million (2022: £641 million) and profit was £52.9 million (2022: £49.8 million)."
    found = {f.text: f for f in find_figures(sentence)}
    assert _bracketed_comparison_of(sentence, found["£49.8 million"], 0).text == "£52.9 million"
    assert _bracketed_comparison_of(sentence, found["£641 million"], 0).text == "£684 million"
    assert _bracketed_comparison_of(sentence, found["£52.9 million"], 0) is None
    # a reporting period's value: "(9M 2023: ...)", "(Q2 FY2025: ...)"
    sentence = "Output was 61,420 ounces (Q2 FY2025: 64,880 ounces) and sales were 3,120 (9M 2023: 2,990)."
    found = {f.text: f for f in find_figures(sentence)}
    assert _bracketed_comparison_of(sentence, found["64,880 ounces"], 0).text == "61,420 ounces"
    assert _bracketed_comparison_of(sentence, found["2,990"], 0).text == "3,120"


CUSTOMERS = ("The number of inclusive borrowing customers reached 41,700, an increase of 6,300 over the "
             "beginning of the year, and GAAP gross margin was 61.3%, an expansion of 180 basis points.")


@pytest.mark.parametrize("question, marked", [
    ("How many inclusive borrowing customers did the branch have?", {"6,300"}),  # a level is asked
    ("How many more borrowing customers did the branch have than in January?", set()),  # a change is
    ("By how many did the number of borrowing customers increase?", set()),
])
def test_a_change_answers_a_level_question_poorly(question, marked):
    from qa.answering import change_evidence
    parsed = analyse(question)
    found = [f for f in find_figures(CUSTOMERS) if f.kind != "percent"]
    assert {f.text for f in found if change_evidence(f, CUSTOMERS, 0, parsed).get("change_unasked")} == marked


def test_an_expansion_of_is_a_change_and_a_year_after_by_is_not():
    from qa.answering import change_evidence
    margin = analyse("By how many basis points did gross margin expand?")
    expansion = next(f for f in find_figures(CUSTOMERS) if "basis points" in f.text)
    assert change_evidence(expansion, CUSTOMERS, 0, margin)["change_written"] == 1.0
    sentence = "Early versions were in use by 1851."
    year = find_figures(sentence)[0]
    assert change_evidence(year, sentence, 0, analyse("What year was the indicator first used?"))["change_unasked"] == 0.0


@pytest.mark.parametrize("sentence, figure, written", [
    ("Compared with the same quarter a year ago (Quarter 2 2024), output was 2.9% higher.", "2.9%", True),
    ("New orders were 2.2% higher than in Quarter 2 2024.", "2.2%", True),
    ("Private commercial work was 3.0% lower, at EUR 1,983 million.", "3.0%", True),
    ("Prices were 5% higher than in Paris.", "5%", False),  # another place, not an earlier time
    ("The appeal had raised £2.45 million by 31 March 2025.", "£2.45 million", False),  # money raised
    ("The fee was raised by £20, to £150.", "£20", True),
])
def test_a_change_written_after_its_figure(sentence, figure, written):
    from qa.answering import change_evidence
    found = next(f for f in find_figures(sentence) if f.text == figure)
    question = analyse("How much higher was output than a year earlier?")
    assert change_evidence(found, sentence, 0, question)["change_written"] == float(written)


def test_a_company_named_only_in_its_reports_title_and_file_name_is_searched_there(tmp_path):
    """"Revenue rose 8% to £2.31 billion" does not repeat the company's name: the report's title and
    file name say whose revenue it is, against the other reports' sentences on sales and revenue
    (the six reports of bench/reports/a)."""
    import shutil

    from qa.api import QA, build
    docs = tmp_path / "docs"
    shutil.copytree(Path(__file__).resolve().parents[1] / "bench" / "reports" / "a" / "docs", docs)
    build(docs, tmp_path / "index", notify=lambda message: None)
    bot = QA(docs, tmp_path / "index", update=False)
    for question in ("What were Northwind's sales in the previous financial year?", "What was Northwind's revenue?"):
        assert bot.ask(question).answer.source == "northwind-annual-2023.txt"


@pytest.mark.parametrize("sentence, change, level", [
    ("In 2023, the average interest rate on new loans was 5.12%, down 0.46 percentage points year on year.",
     "0.46 percentage points", "5.12%"),
    ("The number of borrowing customers reached 41,700, an increase of 6,300 over the beginning of the year.",
     "6,300", "41,700"),
    ("Loans rose 12%, while deposits fell 3%.", "3%", None),  # a change with words of its own
])
def test_a_change_after_a_comma_is_of_what_the_figure_before_it_is_of(sentence, change, level):
    from qa.answering import _changed_level_of
    found = {f.text: f for f in find_figures(sentence)}
    described = _changed_level_of(sentence, found[change], 0)
    assert (described.text if described else None) == level


def test_the_change_after_a_comma_is_the_answer_to_how_much_the_rate_fell(tmp_path):
    bot = one_document(tmp_path, "credit.txt", "Rural credit\n\nFinancing costs have continued to fall. In 2023, the "
                       "average interest rate on newly issued agriculture-related loans was 5.12%, down 0.46 "
                       "percentage points year on year.\n")
    assert bot.ask("By how much did the average rate on newly issued agricultural loans decrease?").answer.text \
        == "0.46 percentage points"
    assert bot.ask("What was the average interest rate on agriculture-related loans in 2023?").answer.text == "5.12%"


def test_the_words_of_another_item_of_a_list_are_not_near_a_figure():
    from qa.answering import _list_item, _proximity
    from qa.terms import terms
    sentence = ("These include: the river corridor project, with a total investment of 3.2 billion yuan; the "
                "Hengfeng battery materials park, with a total investment of 5.6 billion yuan; and a logistics "
                "centre.")
    question = analyse("What is the total investment in the Hengfeng battery materials park?")
    weights = {s: 1.0 for s in question.stems}
    every = terms(sentence)
    found = {f.text: f for f in find_figures(sentence)}

    def near(figure):
        return _proximity(figure, every, set(), weights, _list_item(sentence, figure, 0, len(sentence)))
    assert near(found["5.6 billion yuan"]) > near(found["3.2 billion yuan"])
    assert _list_item("Revenue rose to $5 billion.", found["5.6 billion yuan"], 0, 27) is None


def test_a_name_is_given_when_the_reports_title_says_whose_it_is(tmp_path):
    """"Who is Nordhavn's chief executive?": the sentence with the name does not repeat the company's,
    the report's title does."""
    bot = one_document(
        tmp_path, "nordhavn-q3-2024-results.txt",
        "Nordhavn Container Lines ASA – Third Quarter 2024 Results\n\nOslo, 7 November 2024 – Nordhavn Container "
        "Lines ASA today reported its results for the third quarter of 2024. Revenue rose 44% to US$2.84 billion."
        "\n\n\"Our teams have done an outstanding job rerouting the network to keep cargo moving,\" said Ingrid "
        "Solberg-Haugen, Chief Executive Officer. \"But we should not mistake a disruption-driven quarter for the "
        "new normal.\"\n")
    result = bot.ask("Who is Nordhavn's chief executive?")
    assert result.answered and result.answer.text == "Ingrid Solberg-Haugen"


def test_the_title_is_shown_but_never_given_as_the_answer(tmp_path):
    bot = one_document(tmp_path, "annual-report-2023.txt",
                       "NORTHWIND FOODS PLC\nAnnual Report and Accounts 2023\n\nFinancial review\n\nRevenue rose 8% "
                       "to £2.31 billion, driven by pricing. The board recommends a final dividend of 8.6p.\n")
    result = bot.ask("Who is Northwind Foods' chief executive?")  # no sentence names one
    assert result.answer.text == "NORTHWIND FOODS PLC" and result.answer.evidence["title"] == 1.0
    assert not result.answered


def test_the_words_of_the_reports_title_count_as_said_by_each_of_its_sentences(tmp_path):
    from qa.answering import sentence_evidence
    bot = one_document(tmp_path, "annual-report-2023.txt",
                       "NORTHWIND FOODS PLC\nAnnual Report and Accounts 2023\n\nFinancial review\n\nRevenue rose 8% "
                       "to £2.31 billion, driven by pricing. Adjusted operating profit increased 11% to £196.4 million.\n")
    question, weights, passages = bot.read_passages("What was Northwind Foods' revenue?")
    revenue = next(p for p in passages if bot.index.texts[0][p.focus_start:p.focus_end].startswith("Revenue rose"))
    assert revenue.focus_coverage == 1.0  # "Northwind Foods" is not in the sentence but in the title
    assert sentence_evidence(bot.index, revenue, weights, question)["focus_coverage"] == 1.0


PRODUCTION_REPORT = ("KARROO RIDGE RESOURCES LIMITED\nQuarterly Production Report for the third quarter of 2025\n\n"
                     "Karroo Ridge Resources Limited today released its production report for the third quarter "
                     "of 2025. All figures are on a 100% basis unless otherwise stated.\n\n"
                     "Copper output was 58,400 tonnes, up 8% on the previous quarter. Gold output was 142,300 "
                     "ounces. Unit costs fell.\n")


def test_a_sentence_that_repeats_the_title_does_not_outrank_the_one_with_the_figure(tmp_path):
    """The opening sentence names the company and the period again; the title already says them for
    every sentence, so the one that says what is asked about leads."""
    bot = one_document(tmp_path, "q3-2025-production.txt", PRODUCTION_REPORT)
    parsed, _, passages = bot.read_passages("What was Karroo Ridge's copper output in the third quarter of 2025?")
    assert bot.index.texts[0][passages[0].focus_start:passages[0].focus_end].startswith("Copper output")
    assert bot.ask(parsed.text).answer.text == "58,400 tonnes"


def test_a_file_name_is_no_title_line_said_by_every_sentence(tmp_path):
    """Articles without a title line are named by their files ("Huguenot.txt"); their sentences do
    not all say what the name says."""
    bot = one_document(tmp_path, "Huguenot.txt", "The Huguenots were French Protestants. Many fled to England "
                       "after 1685. About 50,000 settled in London.\n")
    _, _, passages = bot.read_passages("How many Huguenots settled in London?")
    london = next(p for p in passages if bot.index.texts[0][p.focus_start:p.focus_end].startswith("About 50,000"))
    assert london.focus_coverage < 1.0


@pytest.mark.parametrize("sentence, back", [
    ("The balance of related credit financing exceeds 26 billion yuan.", True),
    ("These loans totalled 3.2 billion yuan.", True),
    ("Among them, 12 are listed companies.", True),
    ("Of this, retail sales in rural areas were 15.27 billion yuan, up 7.6%.", True),
    ("Of course, sales rose.", False),
    ("In addition, the figure rose to 41%.", True),
    ("Revenue rose 8% to £2.31 billion.", False),
    ("The number of visitors rose to 1.2 million.", False),
    ("Costs related to the merger were £12 million.", False),
    ("Related-party transactions came to $4 million.", False),
    ("It was founded in 1636.", False),  # a pronoun, most often the subject named in the same paragraph
    ("In this context, the branch built a cluster system.", False),  # a situation, not a subject
])
def test_a_sentence_that_points_back_is_told_apart(sentence, back):
    from qa.answering import refers_back
    assert refers_back(sentence) is back


CORRIDOR = ("By the end of 2023, the bank had backed the Western Land-Sea Corridor through its port highlands, "
            "logistics hubs and bonded zones. The balance of related credit financing exceeds 26 billion yuan. "
            "Separately, the bank opened 14 new outlets in rural districts.\n")


def test_the_words_of_the_sentence_pointed_back_to_count_as_the_figures_own(tmp_path):
    bot = one_document(tmp_path, "corridor.txt", CORRIDOR)
    result = bot.ask("What was the balance of credit financing for the Western Land-Sea Corridor?")
    assert result.answer.text == "26 billion yuan"
    assert result.answer.evidence["focus_coverage"] == 1.0  # every word of the question, told before
    assert result.answered


def test_the_words_after_a_figure_stop_at_the_next_figure():
    from qa.answering import _unit_evidence
    sentence = "Harvard's 2,400 professors instruct 7,200 undergraduates and 14,000 graduate students."
    question = analyse("How many graduate students does Harvard have?")
    sentence_terms = terms(sentence)
    counted = {f.text: _unit_evidence(f, sentence_terms, question, sentence)[0] for f in find_figures(sentence)}
    assert counted == {"2,400": 0.0, "7,200": 0.0, "14,000": 1.0}


@pytest.mark.parametrize("question, fits", [
    ("How many full-time staff did the asset manager have at the end of September?", False),
    ("How many did the asset manager employ?", True),  # nothing named is counted: a duration may say how many
])
def test_a_duration_counts_no_thing_but_time(question, fits):
    from qa.answering import _fit
    months = find_figures("in the three months to September")[0]
    assert (_fit(months, analyse(question)) >= 0.4) is fits


def test_money_fits_a_volume_question_better_than_a_count():
    from qa.answering import _fit
    question = analyse("What was the business volume of the newly added supply chain finance businesses?")
    count, money = find_figures(SUPPLY_CHAIN)[0], next(f for f in find_figures(SUPPLY_CHAIN) if f.kind == "money")
    assert question.kind == "quantity"
    assert _fit(money, question) > _fit(count, question) > 0


@pytest.mark.parametrize("question, figure, echo", [
    ("When did the 1973 oil crisis begin?", "1973", True),
    ("When did the 1973 oil crisis begin?", "October 1973", False),  # says more than the year named
    ("When in 2023 did the bank open its Hong Kong branch?", "the first quarter of 2023", False),
    ("How much oil was produced in 1973?", "October 1973", True),  # not asked when: context
])
def test_a_date_finer_than_the_year_the_question_names_is_no_echo(question, figure, echo):
    from qa.answering import _is_echo
    found = next(f for f in find_figures(f"It happened in {figure}.") if f.kind == "date")
    assert found.text.endswith(figure.removeprefix("the ")) and _is_echo(found, analyse(question)) is echo


BRIDGE = ("The harbour bridge was opened in 1932 by the state governor. Tolls were removed from it in 1988, "
          "after the tunnel was finished. The bridge was not repainted until 2014.\n")


@pytest.mark.parametrize("question, figure, unmet", [
    ("When was the harbour bridge opened?", "1932", 0.0),
    ("When was the harbour bridge not opened?", "1932", 1.0),  # the sentence says it was: no answer
    ("Until what year was the bridge not repainted?", "until 2014", 0.0),  # the sentence says so too
])
def test_a_question_about_what_did_not_happen_needs_a_sentence_that_negates(tmp_path, question, figure, unmet):
    bot = one_document(tmp_path, "bridge.txt", BRIDGE)
    result = bot.ask(question)
    assert result.answer.text == figure and result.answer.evidence["negation_unmet"] == unmet
    if unmet:
        assert not result.answered


CAPITAL = ("UK law only required £1 of capital to start a company, while Danish law required 200,000 krone "
           "to protect creditors if the company failed.\n")


@pytest.mark.parametrize("question, figure, unmet", [
    ("How much capital did UK law require to start a company?", "£1", 0.0),
    # "failed" negates another part of the sentence, not the £1 required
    ("How much capital did UK law not require to start a company?", "£1", 1.0),
])
def test_the_negation_a_question_asks_about_must_be_in_the_answers_part_of_the_sentence(tmp_path, question, figure,
                                                                                         unmet):
    result = one_document(tmp_path, "capital.txt", CAPITAL).ask(question)
    assert result.answer.text == figure and result.answer.evidence["negation_unmet"] == unmet
    assert result.answered is not unmet


NEWS = ("Financial \"Living Water\" Nourishes the Real Economy: Hengtong Bank Yunhe Branch Lends to Manufacturers\n\n"
        "Yunhe, November 4 (Reporter Zhao Lifen, Correspondent Wu Jiaqi) -- In recent years, the Yunhe Branch of "
        "Hengtong Bank has put serving the real economy first. \"Serving manufacturing is our responsibility,\" said "
        "Gao Wenjie, president of the branch. The branch lent 14 billion yuan to manufacturers this year.\n")


def test_who_holds_a_role_is_sought_past_sentences_that_name_no_one_in_it(tmp_path):
    bot = one_document(tmp_path, "yunhe-branch.txt", NEWS)
    result = bot.ask("Who is the president of the Yunhe branch of Hengtong Bank?")
    assert result.answer.text == "Gao Wenjie"


DEPUTIES = ("Qinghe Finance Bureau Reviews the Year\n\n"
            "\"Revenue held up well,\" said Sun Meiling, director of the Qinghe Finance Bureau. "
            "Tax revenue reached 4.2 billion yuan, said Kong Jie, deputy director of the bureau.\n")


@pytest.mark.parametrize("question, name", [
    ("Who is the director of the Qinghe Finance Bureau?", "Sun Meiling"),
    ("Who is the deputy director of the Qinghe Finance Bureau?", "Kong Jie"),
])
def test_a_deputy_asked_for_is_sought_among_the_deputies(tmp_path, question, name):
    assert one_document(tmp_path, "qinghe.txt", DEPUTIES).ask(question).answer.text == name


def test_the_deputy_is_no_answer_for_the_director_and_the_cfo_none_for_the_ceo(tmp_path):
    text = ("Qinghe Customs Reports Growth\n\n\"Trade held up well,\" said Kong Jie, deputy director of Qinghe "
            "Customs. Imports rose 4.2%, said Lin Rui, Chief Financial Officer of the port group.\n")
    bot = one_document(tmp_path, "qinghe-customs.txt", text)
    for question in ("Who is the director of Qinghe Customs?", "Who is the port group's chief executive?"):
        result = bot.ask(question)
        assert not result.answered and result.answer.text not in ("Kong Jie", "Lin Rui")


def test_a_rank_one_word_before_the_role_makes_it_another_role(tmp_path):
    text = ("Pingshan County Backs Rural Lending\n\nLiu Ying, deputy county magistrate in charge of agriculture, said "
            "the county set up a risk fund of 50 million yuan. \"Rural credit grew,\" said Tang Minghui, deputy "
            "director and spokesperson of the Pingshan Bureau of Statistics.\n")
    bot = one_document(tmp_path, "pingshan.txt", text)
    magistrate = bot.ask("Who is the county magistrate of Pingshan County?")
    assert not magistrate.answered and magistrate.answer.text != "Liu Ying"
    assert bot.ask("Who is the deputy county magistrate?").answer.text == "Liu Ying"
    # the rank before "director and" is the director's, not the spokesperson's
    assert bot.ask("Who is the spokesperson of the Pingshan Bureau of Statistics?").answer.text == "Tang Minghui"


@pytest.mark.parametrize("signature, question, name", [
    ("Margaret Okonkwo-Hale, Chair", "Who chairs Severn Hospitals?", "Margaret Okonkwo-Hale"),
    ("Elena Vasquez-Holt, Chief Investment Officer", "Who is Severn Hospitals' chief investment officer?",
     "Elena Vasquez-Holt"),
])
def test_a_name_signed_before_its_role_on_one_line_answers_who_holds_the_role(tmp_path, signature, question, name):
    text = ("Severn Hospitals NHS Foundation Trust\nAnnual Report 2024/25\n\nThe Trust treated more patients "
            f"than ever.\n\n{signature}\n")
    assert one_document(tmp_path, "severn.txt", text).ask(question).answer.text == name


def test_the_minister_is_no_answer_for_the_deputy_minister(tmp_path):
    text = ("Public Accounts 2024-25\n\nThe accounts were tabled by Danielle Fortier, Minister of Finance, "
            "on 25 September 2025.\n")
    result = one_document(tmp_path, "accounts.txt", text).ask("Who is the deputy minister of finance?")
    assert "Danielle Fortier" != result.answer.text


def test_a_year_or_a_month_alone_fits_a_question_asking_on_what_date_less_than_a_day():
    from qa.answering import _fit
    year, month, day = find_figures("The budget for 2025 was drafted in January 2025 and approved on 27 February 2025.")
    assert (year.unit, month.unit, day.unit) == ("year", "month", "day")
    on_what_date = analyse("On what date did councillors approve the budget?")
    when = analyse("When did councillors approve the budget?")
    assert on_what_date.asks_for_a_day and not when.asks_for_a_day
    assert _fit(day, on_what_date) > _fit(year, on_what_date)
    assert _fit(day, on_what_date) > _fit(month, on_what_date)
    assert _fit(day, when) == _fit(year, when) == _fit(month, when)


def test_which_day_is_answered_by_the_day_not_the_month_beside_it(tmp_path):
    text = ("Traffic statistics, third quarter 2024\n\nThe Coastal Link benefited from summer traffic: August 2024 "
            "was its busiest month on record, with a peak single-day count of 68,335 vehicles on Saturday 3 August "
            "2024.\n")
    result = one_document(tmp_path, "traffic.txt", text).ask("On which day did the Coastal Link record its highest traffic?")
    assert result.answer.text == "3 August 2024"


PROGRAMMES = ("The college opened a school of music in 1925. It has degree programs in art history, and, more "
              "recently, Cinema & Media studies (1996) and theater & performance studies (2002).")


def test_a_date_alone_in_brackets_dates_the_words_before_them(tmp_path):
    bot = one_document(tmp_path, "programmes.txt", PROGRAMMES)
    result = bot.ask("When did the college start a degree program in theater & performance studies?")
    assert result.answer.text == "2002"


CENTRES = ("The university's overseas centers are a center in Paris, which opened in 2003, a center in New Delhi, "
           "India, which opened in 2014, and a center in Hong Kong which opened in 2015.")


def test_a_relative_clause_belongs_to_the_words_it_follows(tmp_path):
    bot = one_document(tmp_path, "centres.txt", CENTRES)
    assert bot.ask("What year did the university open a center in Hong Kong?").answer.text == "2015"


@pytest.mark.parametrize("question, sentence, opposite", [
    ("How many subscribers were lost?", "The service gained 400,000 new subscribers.", True),
    ("How many subscribers were gained?", "The service gained 400,000 new subscribers.", False),
    ("When was the service unofficially launched?", "The service was officially launched in 1998.", True),
    ("After the reform, how many networks were there?", "Before the reform there were about twenty networks.", True),
    ("What was the highest rate?", "The highest rate was 9%, the lowest 2%.", False),  # the word itself is said
    ("What was the lowest rate?", "The rate fell to 2%.", False),
    ("What percentage of whites are Hispanic?", "Non-Hispanic Whites were 30.0% of the population.", True),
    ("What was non-GAAP EPS?", "GAAP EPS was $1.12.", True),
    ("What was non-GAAP EPS?", "GAAP EPS was $1.12 and non-GAAP EPS $1.33.", False),
    ("What is the non-performing loan ratio?", "The non-performing loan ratio was 1.37%.", False),
    ("When could claims be brought against non state parties?", "Non-state parties were liable from 1986.", False),
    ("What final dividend was paid for 2024/25?", "The interim dividend is 17.94p (H1 2024/25: 17.23p).", True),
    ("What share of arriving flights landed on time?", "Some 76.4% of departing flights left on time.", True),
    ("How many arrivals were there?", "Departures and arrivals totalled 91,200.", False),
    ("What was per capita consumption expenditure of rural residents?",
     "The per capita disposable income of rural residents was 15,872 yuan.", True),
    ("How much did Anxin pay in claims nationwide?", "The branch paid 2.36 billion yuan in claims.", True),
    ("How many overseas tourists visited?", "The city received 6.42 million domestic tourist visits.", True),
    # "last" as a verb is no opposite of "first"
    ("Until when will its cash last?", "The cash will fund operations into the first quarter of 2028.", False),
    ("What was revenue in the last quarter?", "Revenue in the first quarter was $1.2 billion.", True),
    ("What was the city's tourism revenue?", "The province as a whole earned 49.3 billion yuan.", True),
    ("What was the city's tourism revenue?", "The city earned 5.18 billion yuan, a tenth of the province's.", False),
    # the bases a report gives one measure on
    ("What was underlying net profit after tax in FY24?",
     "The Group reported a statutory net loss of A$112 million, against a statutory profit of A$187 million in FY24.",
     True),
    ("What was underlying profit?", "Underlying profit was £52m (statutory profit £41m).", False),
    ("What was basic EPS?", "Diluted earnings per share were 41.2p.", True),
])
def test_a_sentence_that_says_the_opposite_of_the_question_is_marked(question, sentence, opposite):
    from qa.answering import says_the_opposite
    assert says_the_opposite(question, sentence) is opposite


@pytest.mark.parametrize("question, sentence, another", [
    ("What is the investment of Phase I of the park?", "The park (Phase II): total investment 2.3 billion yuan.", True),
    ("What is the investment of Phase 2 of the park?", "The park (Phase II): total investment 2.3 billion yuan.", False),
    ("By how much will Band C bills rise?", "For a Band D property, the bill will rise by £102.15.", True),
    ("By how much will Band C bills rise?", "Bills in Band C and Band D will rise by 4.99%.", False),  # both said
    ("How many died in World War I?", "About 40 died in the war.", False),  # no member said
    ("How much was paid in June 2023?", "In June 2024, 5 million yuan was paid.", False),  # a month is no series
    ("How many were worth 3 points?", "Each goal was worth 5 points.", False),  # nor a word with a number
    # an ordinal before a name
    ("How much did the 5th Earl of Lune donate?", "£25,000 was given by a single benefactor, the 4th Earl of Lune.",
     True),
    ("When was Rhode's Second Symphony first played?", "Her First Symphony was premiered on 14 February 1911.", True),
    ("When did the Fourth Earl die?", "The 4th Earl died in 1881.", False),  # the same member, in other writing
    ("What happened in the first half?", "In the second half, sales rose 5%.", False),  # no name after the ordinal
])
def test_a_sentence_that_names_another_member_of_a_series_the_question_names_is_marked(question, sentence, another):
    from qa.answering import names_another_of_the_series
    assert names_another_of_the_series(question, sentence) is another


@pytest.mark.parametrize("text, asked, contradicted, evidence", [
    ("Within two months of the launch, the broadcaster gained 400,000 new subscribers, which helped it reach "
     "3.5 million households by mid-1994.",
     "How many subscribers did the broadcaster gain within two months of the launch?",
     "How many subscribers did the broadcaster lose within two months of the launch?", "opposite"),
    ("The Boyuan biomedicine industrial park (Phase II) has a total investment of 2.3 billion yuan, and 36 "
     "enterprises have signed agreements to move in.",
     "What is the total investment of Phase II of the Boyuan biomedicine industrial park?",
     "What is the total investment of Phase I of the Boyuan biomedicine industrial park?", "another_member"),
])
def test_a_question_its_only_sentence_contradicts_is_not_answered(tmp_path, text, asked, contradicted, evidence):
    bot = one_document(tmp_path, "report.txt", text)
    assert bot.ask(asked).answered
    result = bot.ask(contradicted)
    assert not result.answered and result.answer.evidence[evidence] == 1.0


@pytest.mark.parametrize("question, amounts", [
    ("In what year were there 366,233 people in Jacksonville?", {"366233"}),
    ("What share of the 60% was cut?", {"60"}),
    ("How much did the 2 parties agree in 1973?", set()),  # a small number is as often written "two"; a year
    ("How many companies did it serve in the first ten months?", set()),
])
def test_the_amounts_a_question_names(question, amounts):
    assert analyse(question).amounts == amounts


@pytest.mark.parametrize("question, said", [
    ("In what year were there 735,617 people in the city?", True),
    ("In what year were there 366,233 people in the city?", False),  # an amount the document never writes
    ("How many households were there in the city in 2010?", True),
    ("How many households were there in the city in 2012?", False),  # a year it never writes
])
def test_a_question_naming_what_the_document_never_writes_is_not_answered(tmp_path, question, said):
    bot = one_document(tmp_path, "census.txt", "As of 2010, there were 821,784 people and 366,273 households in the "
                                                "city. The city had 735,617 people in 2000.")
    result = bot.ask(question)
    assert result.answered is said and result.answer.evidence["unsaid"] == (0.0 if said else 1.0)


@pytest.mark.parametrize("question, names", [
    ("How many vehicles did Voltaris deliver in Japan in October 2024?", ("voltaris", "japan")),
    ("What was Nordhavn's revenue?", ("nordhavn",)),
    ("How long is the new Harwick-Stonebridge railway?", ()),  # joined names are not read in halves
    ("What percentage of British pupils attend private schools?", ()),  # the document may write "the UK"
    ("How many people lived in the East in March?", ()),  # a point of the compass, a month
    ("What Was The Revenue Of The Group In Japan?", ()),  # Title Case: capitals name nothing
    ("Revenue in Japan?", ("japan",)),  # the first word is capitalised anyway
    # names that end like a people's word are names all the same; a people's word in "-ic" or "-i"
    # is found written by its country's name ("Islamic" by "Islam", "Israeli" by "Israel")
    ("How many people live in Mumbai?", ("mumbai",)),
    ("How deep is the Atlantic off Brazil?", ("atlantic", "brazil")),
])
def test_the_names_a_question_writes(question, names):
    assert analyse(question).names == names


DELIVERIES = ("Voltaris delivered 38,412 vehicles in October 2024, most of them in Europe. The Premier League "
              "side Zeira United sold 12,000 season tickets.")


@pytest.mark.parametrize("question, said", [
    ("How many vehicles did Voltaris deliver in October 2024?", True),
    ("How many vehicles did Voltaris deliver in Japan in October 2024?", False),  # a place it never names
    ("How many vehicles did Voltaris deliver in October 2024 to European buyers?", True),  # "European": demonym
    ("How many vehicles did Voltaris deliver in October 2024, mostly in Europe?", True),
    ("How many season tickets did Zeria United sell?", True),  # a name misspelt: two letters swapped
    ("How many season tickets did the Primier League side sell?", True),  # a name misspelt: one letter
    ("How many season tickets did Dortmund United sell?", False),
    ("How many vehicles did Voltaris deliver in Mumbai in October 2024?", False),
])
def test_a_question_naming_someone_or_somewhere_the_document_never_names_is_not_answered(tmp_path, question, said):
    bot = one_document(tmp_path, "deliveries.txt", DELIVERIES)
    result = bot.ask(question)
    assert result.answered is said and result.answer.evidence["unsaid"] == (0.0 if said else 1.0)


def test_a_thing_asked_for_late_in_the_question_is_answered_with_its_name_not_a_number(tmp_path):
    bot = one_document(tmp_path, "eu.txt", "The Social Chapter, a list of 30 social rights, was added to the 1997 "
                                           "Treaty of Amsterdam after the election of a new government.")
    result = bot.ask("The Social Chapter is a chapter of what treaty?")
    assert result.answer.text == "1997 Treaty of Amsterdam"


ZONE = ("Qingshui Economic Development Zone news\n\nThe zone's economy kept growing this year. From January to "
        "October, the industrial output value of enterprises above designated size in the zone reached 96.42 "
        "billion yuan, a year-on-year increase of 11.3%, and the zone opened a new logistics hub with seven "
        "warehouses in August.")


@pytest.mark.parametrize("question, answer", [
    # a measure, asked for by its name: the amount
    ("What industrial output did above-designated-size firms in the zone achieve from January to October?",
     "96.42 billion yuan"),
    # a thing that is no measure: its sentence, with no figure cut out of it
    ("What facility did the zone open in August?", None),
])
def test_a_measure_asked_for_by_its_name_is_answered_with_its_amount(tmp_path, question, answer):
    result = one_document(tmp_path, "qingshui.txt", ZONE).ask(question)
    sentence = ZONE[ZONE.index("From January"):]
    assert result.answer.text == (answer or sentence)


@pytest.mark.parametrize("question, answer", [
    ("How much of the money for the restoration did the 4th Earl of Lune provide?", "£25,000"),
    ("How much did the restoration cost?", "£68,000"),  # the whole, when no part is asked for
])
def test_a_part_asked_for_is_not_answered_by_the_whole(tmp_path, question, answer):
    bot = one_document(tmp_path, "wexcombe.txt", "Wexcombe Cathedral\n\nBetween 1862 and 1879 the architect "
                       "Edmund Carrow carried out a restoration of the cathedral costing £68,000, of which £25,000 "
                       "was given by a single benefactor, the 4th Earl of Lune.")
    assert bot.ask(question).answer.text == answer


def test_a_part_written_before_its_whole_is_the_part_asked_for(tmp_path):
    bot = one_document(tmp_path, "jinzhou.txt", "Aging-friendly services\n\nThe branch has also upgraded 58 of its "
                       "73 outlets to elderly-friendly outlets with reading glasses and priority windows.")
    assert bot.ask("How many of the branch's outlets have been made elderly-friendly?").answer.text == "58"


def test_the_and_of_a_range_breaks_no_clause(tmp_path):
    bot = one_document(tmp_path, "marrowby.txt", "After long disputes with the company's shareholders, who were "
                       "eventually paid £58,000 for their undertaking, the corporation built the Kelsey reservoir "
                       "between 1858 and 1862 at a total cost of £212,000.")
    assert bot.ask("How much was spent building the Kelsey reservoir?").answer.text == "£212,000"


def test_a_question_for_a_part_says_so():
    assert analyse("Of the strandings recorded by 2020, how many occurred in Argentina?").asks_for_a_part
    assert analyse("How many of the ship's lifeboats got away safely?").asks_for_a_part
    assert not analyse("How many lifeboats did the ship carry?").asks_for_a_part


def test_the_level_a_figure_went_to_is_of_what_the_level_it_went_from_is_of(tmp_path):
    bot = one_document(tmp_path, "waits.txt", "Waiting times improved over the year. The number of patients waiting "
                                              "more than 65 weeks fell from 1,142 in April 2023 to 87 at the end of "
                                              "March 2024.")
    assert bot.ask("How many patients were waiting more than 65 weeks at the end of the year?").answer.text == "87"
    assert bot.ask("How many patients were waiting more than 65 weeks in April 2023?").answer.text == "1,142"


FERRIES = """Harbour Lines annual review

The company operates ferries between the three islands and the mainland. Its fleet of eleven vessels carried \
passengers and freight throughout the year.

The gender pay gap at the company narrowed during the year, as more women joined the engineering teams. Pay for \
deck officers was reviewed in the spring.

Fares were frozen for island residents. The board approved a new timetable for the winter season, with fewer \
crossings on Sundays.

The harbour master at Westport retired after thirty years. A new passenger terminal opened at the northern pier, \
built by a local contractor."""


@pytest.mark.parametrize("question, sentence", [
    ("What happened to the gender pay gap?", "The gender pay gap at the company narrowed during the year"),
    ("Which pier got a new terminal?", "A new passenger terminal opened at the northern pier"),
])
def test_a_sentence_that_holds_most_of_the_question_answers_it(tmp_path, question, sentence):
    # The sentence's confidence is calibrated like a figure's: it answers 90% of the answerable
    # questions of SQuAD's fitting half that a sentence answers (bench/halves.py prints it).
    result = one_document(tmp_path, "review.txt", FERRIES).ask(question)
    assert result.answered and result.answer.text.startswith(sentence)


FERRY_UPDATE = ("Harbour Lines monthly update\n\nThe ferry operator ran 4,210 crossings in February 2024. Its "
                "punctuality in February 2024 was 91.2%, against a target of 95%. Two vessels were out of service "
                "for repairs.\n")


@pytest.mark.parametrize("month, answered", [("February", True), ("March", False)])
def test_an_open_question_is_not_answered_with_a_figure_of_another_period(tmp_path, month, answered):
    result = one_document(tmp_path, "update.txt", FERRY_UPDATE).ask(
        f"Tell me about the crossings the ferry operator ran in {month} 2024.")
    assert result.answer.text == "4,210" and result.answered is answered
    assert result.answer.evidence["period_clash"] == (0.0 if answered else 1.0)


TERMINALS = ("Harbour Lines annual review\n\nWestport\n\nThe terminal handled 2.4 million passengers in 2023, more than "
             "in any year before.\n\nKirkby\n\nThe pier was closed for repairs for most of the year. The company "
             "hopes to reopen it in the spring.\n")


def test_a_name_the_answers_passage_and_section_heading_do_not_write_lowers_confidence(tmp_path):
    bot = one_document(tmp_path, "review.txt", TERMINALS)
    westport = bot.ask("How many passengers did the Westport terminal handle in 2023?")  # the section's heading
    kirkby = bot.ask("How many passengers did the Kirkby terminal handle in 2023?")  # named in another section
    assert westport.answer.text == kirkby.answer.text == "2.4 million"
    assert westport.answer.evidence["name_elsewhere"] == 0.0 and kirkby.answer.evidence["name_elsewhere"] == 1.0
    assert kirkby.answer.evidence["unsaid"] == 0.0 and kirkby.confidence < westport.confidence


def test_a_quantity_that_measures_something_else_than_asked_is_no_answer(tmp_path):
    bot = one_document(tmp_path, "hail.txt", "On 12 June a hailstorm swept across four townships of Lüshan County, "
                       "with hailstones measuring 2 to 4 centimetres in diameter. According to the county's bureau, "
                       "crops on 86,000 mu of land were affected, of which wheat accounted for 52,000 mu.\n")
    question = "Over how large an area were crops hit by the hailstorm?"
    parsed, weights, passages = bot.read_passages(question)
    fit = {figure.text: features["fit"] for figure, _, features in figure_candidates(bot.index, parsed, passages, weights)}
    assert fit["2 to 4 centimetres"] < fit["86,000 mu"] == 1.0
    assert bot.ask(question).answer.text == "86,000 mu"


@pytest.mark.parametrize("sentence, figure, counted", [
    ("At the end of June the Group employed 41,380 people worldwide, of whom 17,900 were based in Germany.",
     "17,900", "people"),
    ("The authority operated a fleet of 1,140 buses at year end, of which 212 were battery-electric.", "212", "buses"),
    # past the change written after the whole
    ("The city sold 41,600 new cars, an increase of 8.4% year-on-year, of which 19,300 were new energy vehicles.",
     "19,300", "cars"),
    ("Sales rose 12% to 4,200, of which 300 in March.", "300", None),  # the whole is no count
    ("The number of small and micro enterprise borrowers exceeded 12,000, an increase of more than 1,700 "
     "households.", "12,000", "borrowers"),
    ("The number of unemployed persons rose to 68,000.", "68,000", "persons"),
    # "has risen to"; what is counted ends before where it is counted
    ("The number of looked-after children in the city has risen to 1,128.", "1,128", "children"),
    # a long description of what is counted
    ("The number of households with a registered smart water meter in the northern supply zone reached 86,400.",
     "86,400", "households"),
    ("The bank has built credit villages in 312 of the county's 398 administrative villages.", "312", "villages"),
    ("Sales rose in 12 of the 15 months.", "12", None),  # no count after it: "15 months" is a duration
    # a word for a number of people
    ("The hiring of 140 additional dock workers took the Group's workforce to 2,310.", "2,310", "workforce"),
    ("Membership stood at 41,200 at the end of the year.", "41,200", "membership"),
    # the things that reach it, written before it
    ("The tourist board projects that visits will reach 9.8 million in 2024.", "9.8 million", "visits"),
    ("Container arrivals totalled 412,000 in the year.", "412,000", "arrivals"),
    ("Weekday boardings are projected at 1.9 million next year.", "1.9 million", "boardings"),
    ("Ridership was estimated at 41,000 a day.", "41,000", "ridership"),
    # the part of a whole that is yet to come
    ("The hospital has vaccinated 1,240 of a planned 2,000 health workers.", "1,240", "workers"),
    ("Crews have replaced 86 of the planned 140 lamp posts.", "86", "posts"),
    # a part of "the number of" a thing
    ("The number of foreign trade enterprises served by the branch reached 3,426, of which 2,870 were small "
     "and micro enterprises.", "2,870", "enterprises"),
    # past the earlier year's value in brackets, and its period
    ("The depot logged 318 breakdowns (H1 2024: 290), of which 41 were serious.", "41", "breakdowns"),
])
def test_a_bare_number_counts_the_whole_it_is_a_part_of_or_the_number_of_what_it_is(sentence, figure, counted):
    from qa.answering import _counted_as
    number = next(f for f in find_figures(sentence) if f.text == figure)
    part = _counted_as(sentence, number, 0, len(sentence))
    assert (part.kind, part.unit) == ("count", counted) if counted else part is None


@pytest.mark.parametrize("name, text, question, answer", [
    ("brennecke-h1-2025.txt", "BRENNECKE INDUSTRIE AG\nInterim report for the six months ended 30 June 2025\n\n"
     "Group revenue rose 4.8% to €3.46 billion. At the end of June the Group employed 41,380 people worldwide, of "
     "whom 17,900 were based in Germany.\n",
     "How many of Brennecke Industrie's staff were based in Germany at 30 June 2025?", "17,900"),
    # a part written before its whole counts what the whole counts. (The whole is then weaker: "How
    # many administrative villages does the county have?" is also answered 312, the part's words
    # being beside it too.)
    ("heshan.txt", "Relying on the county's credit evaluation project, the bank has built \"credit villages\" in "
     "312 of the county's 398 administrative villages and rated more than 141,000 \"credit households\".",
     "In how many administrative villages has the bank built credit villages?", "312"),
])
def test_the_part_asked_for_is_answered_not_the_whole(tmp_path, name, text, question, answer):
    assert one_document(tmp_path, name, text).ask(question).answer.text == answer


@pytest.mark.parametrize("text, question, whole, part", [
    # a part counts what the whole counts
    ("HARBORVIEW TRANSIT AUTHORITY\n2023 ridership report\n\nCustomers took 148.6 million trips in the year. The "
     "authority operated a fleet of 1,140 buses at year end, of which 212 were battery-electric.\n",
     "How many battery-electric buses did the fleet include?", "1,140", "212"),
    # and so does a change of the level
    ("As of the end of October, the number of personal pension accounts opened with the branch reached 214,600, an "
     "increase of 58,300 since the beginning of the year.\n",
     "How many personal pension accounts have been opened?", "214,600", "58,300"),
])
def test_a_bare_number_counts_what_the_figure_it_is_written_with_counts(tmp_path, text, question, whole, part):
    bot = one_document(tmp_path, "report.txt", text)
    parsed, weights, passages = bot.read_passages(question)
    counted = {figure.text: features["counted"]
               for figure, _, features in figure_candidates(bot.index, parsed, passages, weights)}
    assert counted[whole] == counted[part] == 1.0


def test_a_headline_figure_gives_way_to_the_figure_its_body_states_in_full(tmp_path):
    """A news headline rounds what the article then states beside what it is of, often in other
    words ("GDP", "gross domestic product")."""
    bot = one_document(tmp_path, "lishan.txt",
                       "Lishan's Economy in the First Three Quarters: GDP Exceeds 305 Billion Yuan\n\n"
                       "On October 21, the Lishan Municipal Bureau of Statistics held a press conference on the "
                       "city's economy in the first three quarters. The city's economy kept recovering, with "
                       "production and demand improving.\n\nAccording to the provincial statistics department, the "
                       "city's gross domestic product in the first three quarters was 305.72 billion yuan, a "
                       "year-on-year increase of 5.2% at constant prices, ranking third in the province. Among them, "
                       "the added value of the primary industry was 18.4 billion yuan, an increase of 3.1%.\n\n"
                       "Consumption recovered. Retail sales of consumer goods were 131.9 billion yuan, up 6.3%.\n")
    assert bot.ask("What was Lishan's GDP in the first three quarters?").answer.text == "305.72 billion yuan"


def test_a_question_for_an_officer_by_another_title_finds_them(tmp_path):
    """"Finance director", "CFO" and "Chief Financial Officer" are one officer."""
    from qa.question import analyse
    assert "cfo" in analyse("Who is the finance director of Severnmoor?").stems
    assert "cfo" in analyse("who is the cfo?").stems
    bot = one_document(tmp_path, "severnmoor-h1.txt",
                       "SEVERNMOOR UTILITIES PLC\nHalf-year results\n\nMedia: Tom Ashworth, Director of Corporate "
                       "Affairs\n\nRevenue rose 6.8% to £1,284.7m.\n\nDeclan Moorcroft, Chief Financial Officer, "
                       "commented on the financial position: net debt was £7.86bn.\n")
    assert bot.ask("Who is the finance director of Severnmoor Utilities?").answer.text == "Declan Moorcroft"


def test_a_role_of_something_is_no_name_and_the_name_signed_above_it_answers(tmp_path):
    bot = one_document(tmp_path, "ashmere-accounts.txt",
                       "PROVINCE OF ASHMERE\nPublic Accounts 2024-25\n\nMESSAGE FROM THE MINISTER\n\nThe Province "
                       "ended the fiscal year with a deficit of $1.43 billion, better than budgeted.\n\n"
                       "Hon. Danielle Fortier-Mackay\nMinister of Finance\n\nFISCAL HIGHLIGHTS\n\nTotal revenue was "
                       "$71.84 billion.\n")
    assert bot.ask("Who is Ashmere's finance minister?").answer.text.endswith("Danielle Fortier-Mackay")


LABOUR = ("Labour Market Statistics: May 2025\n\n"
          "The seasonally adjusted unemployment rate was 6.1% in May 2025, down 0.2 percentage points from April "
          "(6.3%) and 0.7 percentage points lower than in May 2024 (6.8%).\n")


@pytest.mark.parametrize("question, answer", [
    ("What was the unemployment rate in May 2024?", "6.8%"),
    ("What was the unemployment rate a year earlier, in May 2024?", "6.8%"),
    ("By how many percentage points did the unemployment rate fall from May 2024?", "0.7 percentage points"),
])
def test_a_change_in_percentage_points_answers_only_a_question_about_a_change(tmp_path, question, answer):
    assert one_document(tmp_path, "labour-may-2025.txt", LABOUR).ask(question).answer.text == answer


BULLETIN = ("Fenxi First-Quarter Economic Bulletin\n\n"
            "According to Fenxi Customs, the total value of imports and exports through the port in the first quarter "
            "was 62.8 billion yuan, up 21.4% year-on-year, of which exports were 27.5 billion yuan, up 30.2%. "
            "General public budget revenue was 8.65 billion yuan, up 4.2%, of which tax revenue was 6.71 billion yuan.\n")


def test_a_part_given_after_of_which_is_of_what_the_whole_is_of(tmp_path):
    """"... through the port in the first quarter was 62.8 billion yuan, up 21.4%, of which exports
    were 27.5 billion yuan": the exports are the port's, of the first quarter."""
    bot = one_document(tmp_path, "fenxi-q1.txt", BULLETIN)
    question, weights, passages = bot.read_passages("How much did Fenxi export through the port?")
    clause = {figure.text: features["clause"] for figure, _, features in figure_candidates(bot.index, question,
                                                                                          passages, weights)}
    assert clause["27.5 billion yuan"] == clause["62.8 billion yuan"] > 0


@pytest.mark.parametrize("question, answer", [
    # "tax revenue" asked: the revenue the sentence names "tax revenue"
    ("How much tax revenue did Fenxi collect in the first quarter?", "6.71 billion yuan"),
    ("How much general public budget revenue did Fenxi collect in the first quarter?", "8.65 billion yuan"),
])
def test_an_amount_asked_for_by_several_words_is_the_one_said_with_all_of_them(tmp_path, question, answer):
    assert one_document(tmp_path, "fenxi-q1.txt", BULLETIN).ask(question).answer.text == answer


def test_the_value_compared_with_measures_what_the_level_before_the_change_measures(tmp_path):
    text = ("Cedar Fork Bancorp Third Quarter 2025 Results\n\n"
            "- Net interest income of $287.4 million, up 7.2% from $268.1 million a year ago\n"
            "- Noninterest income of $61.0 million\n")
    result = one_document(tmp_path, "cedar-fork-q3-2025.txt", text).ask(
        "How much net interest income did Cedar Fork Bancorp earn in Q3 2024?")
    assert result.answer.text == "$268.1 million" and result.answer.evidence["counted"] == 1.0


def test_a_year_counted_back_from_is_not_the_year_asked(tmp_path):
    text = ("Cedar Fork Bancorp Third Quarter 2025 Results\n\n"
            "- Common Equity Tier 1 ratio of 11.2%, up from 10.6% a year ago\n"
            "- Total deposits of $29.3 billion\n")
    result = one_document(tmp_path, "cedar-fork-q3-2025.txt", text).ask(
        "What was Cedar Fork Bancorp's CET1 ratio a year before Q3 2025?")
    evidence = result.answer.evidence
    assert result.answer.text == "10.6%" and evidence["period_match"] == 1.0 and evidence["period_clash"] == 0.0


def test_a_datelines_date_is_the_day_the_story_was_filed_not_the_day_asked_about(tmp_path):
    text = ("Port Figures Show Rapid Growth\n\n"
            "Haiyan, May 16 -- Figures released by Haiyan Customs on May 15 show that container throughput "
            "reached 1.2 million TEUs from January to April.\n")
    bot = one_document(tmp_path, "haiyan-port.txt", text)
    question, weights, passages = bot.read_passages("On what date were the Haiyan customs figures released?")
    in_dateline = {figure.text: features["in_dateline"]
                   for figure, _, features in figure_candidates(bot.index, question, passages, weights)}
    assert in_dateline["May 16"] == 1.0 and in_dateline["May 15"] == 0.0
    assert bot.ask("On what date were the Haiyan customs figures released?").answer.text == "May 15"


def test_a_count_of_another_thing_the_question_names_is_no_count_of_the_thing_asked(tmp_path):
    text = ("Nanhai Port Grows\n\nFrom January to April, the three offshore duty-free shops in the free trade port "
            "recorded sales of 11.2 billion yuan, serving 2.37 million shoppers, with an average spend per shopper of "
            "about 4,700 yuan.\n")
    result = one_document(tmp_path, "nanhai-port.txt", text).ask(
        "How many shoppers did Nanhai's offshore duty-free shops serve from January to April?")
    assert result.answer.text == "2.37 million"


def test_an_amount_of_another_period_answers_no_question_of_no_kind(tmp_path):
    text = ("Qinzhou Port Grows in the First Quarter\n\nQinzhou, May 16 -- The port's trade kept growing this spring.\n\n"
            "From January to April, the port's cargo throughput reached 52.3 million tonnes, up 10.3% year-on-year, of "
            "which foreign trade cargo throughput was 19.6 million tonnes.\n\nImports of crude oil rose 8%, and the "
            "customs cleared goods in 2.1 hours on average.\n\nDuty-free shops served 2.37 million shoppers.\n")
    bot = one_document(tmp_path, "qinzhou-port.txt", text)
    asked_for_april = bot.ask("What was the port's cargo throughput from January to April?")
    asked_for_march = bot.ask("What was the port's cargo throughput in the first quarter?")
    assert asked_for_april.answered and asked_for_april.answer.text == "52.3 million tonnes"
    assert not asked_for_march.answered


def test_an_amount_of_money_counts_no_jobs(tmp_path):
    text = ("Jiangan Park Signs Projects\n\nOther major projects include an electric drive project by Weiling Motor with "
            "an investment of 4.6 billion yuan, which will start construction in August.\n\n"
            "The park expects its output to exceed 150 billion yuan this year.\n")
    bot = one_document(tmp_path, "jiangan-park.txt", text)
    result = bot.ask("How many jobs will Weiling Motor's electric drive project create?")
    assert not result.answered
    assert bot.ask("How many yuan will Weiling Motor invest in its electric drive project?").answer.text == \
        "4.6 billion yuan"


def test_of_two_parallel_amounts_the_one_whose_clause_names_what_is_asked(tmp_path):
    text = ("Yunlin's Economy in the First Quarter\n\nThe per capita disposable income of urban residents was 14,260 "
            "yuan, up 5.1%, while that of rural residents was 6,930 yuan, up 7.2%.\n")
    bot = one_document(tmp_path, "yunlin-q1.txt", text)
    assert bot.ask("What was the per capita disposable income of rural residents in Yunlin?").answer.text == "6,930 yuan"
    assert bot.ask("What was the per capita disposable income of urban residents in Yunlin?").answer.text == \
        "14,260 yuan"


def test_what_was_saved_is_the_amount_a_cost_was_reduced_by(tmp_path):
    text = ("Nanhai Port Grows\n\nFrom January to April, the customs supervised zero-tariff imports worth 3.6 billion "
            "yuan, reducing taxes for enterprises by 540 million yuan, up 38% year-on-year.\n")
    bot = one_document(tmp_path, "nanhai-port.txt", text)
    question, weights, passages = bot.read_passages("How much tax did enterprises save at Nanhai?")
    unasked = {figure.text: features["change_unasked"]
               for figure, _, features in figure_candidates(bot.index, question, passages, weights)}
    # "reducing taxes ... by 540 million yuan" is written as a change, and a saving is one
    assert question.names_a_change and unasked["540 million yuan"] == 0.0
    assert not analyse("How much tax did enterprises pay at Nanhai?").names_a_change


def test_a_part_named_after_the_verb_is_counted_not_the_whole(tmp_path):
    text = ("Moorside Community Food Trust - Annual Review 2024\n\nThe trust distributed 214,600 emergency food parcels "
            "during 2024. In all, it helped 61,200 people, including 22,800 children.\n")
    bot = one_document(tmp_path, "moorside.txt", text)
    assert bot.ask("How many of the people helped were children?").answer.text == "22,800"
    assert bot.ask("How many people did the trust help?").answer.text == "61,200"


def test_the_remaining_number_counts_what_the_count_before_it_counts(tmp_path):
    text = ("Orbis Transit Ridership Report 2024/25\n\nPassengers made 214.6 million journeys in the year. Buses "
            "accounted for 158.3 million journeys, with the remaining 56.3 million made on the Merrivale Light Rail.\n")
    bot = one_document(tmp_path, "orbis.txt", text)
    assert bot.ask("How many journeys were made on the light rail system?").answer.text == "56.3 million"


def test_the_holder_of_a_role_is_sought_past_the_companys_news(tmp_path):
    # Over the seven documents of report set u, the press release's sentences about Tarrow Energy's
    # financial close outrank the line naming its Chief Financial Officer, the fifth it offers.
    from qa.api import QA, build
    build(REPO / "bench" / "reports" / "u" / "docs", tmp_path / "index", notify=lambda message: None)
    bot = QA(REPO / "bench" / "reports" / "u" / "docs", tmp_path / "index", update=False, notify=lambda message: None)
    result = bot.ask("Who is Tarrow Energy's finance chief?")
    assert result.answered and result.answer.text == "Tomasz Wieczorek"


@pytest.mark.parametrize("question, roles", [
    ("Who at the statistics office commented on the figures?", set()),  # an office is no officer
    ("Which councillor holds the housing portfolio?", {"councillor"}),
    ("Who chairs the board?", {"chair", "chairman", "chairwoman", "chairperson"}),  # whoever chairs it, by any title
    ("Who are the bank's directors?", {"director"}),
])
def test_the_roles_a_question_names_are_read_from_its_words(question, roles):
    from qa.answering import _roles_asked
    assert _roles_asked(analyse(question)) == roles


def test_a_measure_in_volts_or_metres_is_no_amount_of_money(tmp_path):
    text = ("The Summit Railway\n\nIn 1929 the line was electrified at 1,500 volts, and the journey time fell to "
            "forty minutes. A return ticket to the summit cost 12 francs in 1925.\n")
    result = one_document(tmp_path, "summit.txt", text).ask(
        "How much did a return ticket to the summit cost after the line was electrified in 1929?")
    assert result.answer is None or result.answer.text != "1,500 volts"


def test_an_amounts_subject_is_read_past_the_period_written_between():
    from qa.answering import _unit_evidence
    sentence = "Group revenue for the 52 weeks ended 30 December 2023 was £2.31 billion, an increase of 8%."
    figure = next(f for f in find_figures(sentence) if f.text == "£2.31 billion")
    question = analyse("How much revenue did Northwind generate in 2023?")
    counted, clash = _unit_evidence(figure, terms(sentence), question, sentence)
    assert (counted, clash) == (1.0, 0.0)


def test_each_part_of_a_whole_is_an_amount_of_what_the_whole_is(tmp_path):
    text = ("Wyndle Valley Water - Annual Report 2024/25\n\nCapital investment rose 22% to £214.7 million, of which "
            "£121.5 million was in the water service and £93.2 million in wastewater. Operating costs were "
            "£301.4 million.\n")
    bot = one_document(tmp_path, "wyndle.txt", text)
    assert bot.ask("How much capital was spent on the wastewater side of the business?").answer.text == "£93.2 million"
    assert bot.ask("How much capital was spent on the water service?").answer.text == "£121.5 million"


@pytest.mark.parametrize("sentence, whole", [
    # the part's own words between "of which" and its figure
    ("The branch issued 142.7 billion yuan of loans in 2024, of which medium and long-term loans were 61.2 "
     "billion yuan.", "142.7 billion yuan"),
    # a change of the whole between it and the part
    ("Enterprises with import and export performance reached 3,412, an increase of 286 over the same period "
     "last year, of which 198 recorded foreign trade for the first time.", "3,412"),
    # the earlier year's value in brackets between the whole and the part
    ("The depot logged 318 breakdowns (H1 2024: 290), of which 41 were serious.", "318"),
])
def test_a_whole_is_read_past_its_parts_words_and_its_change(sentence, whole):
    from qa.answering import _is_a_whole
    found = {f.text: f for f in find_figures(sentence)}
    assert _is_a_whole(sentence, found[whole], 0, len(sentence))
    part = list(found.values())[-1]
    assert not _is_a_whole(sentence, part, 0, len(sentence))


def test_a_count_after_an_amount_is_no_part_of_it():
    from qa.answering import _is_a_whole
    sentence = ("Insurers had paid 18.36 million yuan in compensation, of which the PICC branch paid 11.27 million "
                "yuan and the remaining four insurance companies paid 7.09 million yuan.")
    found = {f.text: f for f in find_figures(sentence)}
    assert not _is_a_whole(sentence, found["11.27 million yuan"], 0, len(sentence))
    whole = "Insurers paid 18.36 million yuan, of which 11.27 million yuan was paid by the PICC branch."
    assert _is_a_whole(whole, find_figures(whole)[0], 0, len(whole))
    # the part is the whole's kind, past an amount between
    signed = ("A total of 46 projects were signed, with a total investment of 38.6 billion yuan, of which 9 "
              "projects each had an investment of more than 1 billion yuan.")
    assert _is_a_whole(signed, find_figures(signed)[0], 0, len(signed))


def test_who_heads_asks_for_the_top_role_and_who_chairs_for_the_chairman(tmp_path):
    text = ("Jinhe Bank Signs Agreement\n\nOn May 20, the branch signed an agreement with the Management Committee "
            "of the Jinhe High-tech Industrial Development Zone. Wang Lixin, Deputy Director of the Management "
            "Committee of the Jinhe High-tech Zone, and Zhao Min, Director of the Jinhe Municipal Science and "
            "Technology Bureau, attended the signing ceremony. Li Hua, Chairman of Jinhe Bank, spoke.\n")
    bot = one_document(tmp_path, "jinhe.txt", text)
    assert bot.ask("Who heads Jinhe's municipal science and technology bureau?").answer.text == "Zhao Min"
    assert bot.ask("Who chairs Jinhe Bank?").answer.text == "Li Hua"


def test_an_amount_per_unit_answers_no_question_for_a_total():
    from qa.answering import _fit
    sentence = "The insured amount was raised to 1,050 yuan per mu, and insurers have paid 18.36 million yuan."
    rate, total = find_figures(sentence)
    assert rate.text == "1,050 yuan per mu"
    assert _fit(rate, analyse("What is the total amount insurers have paid out?")) < _fit(
        total, analyse("What is the total amount insurers have paid out?"))
    # ... and a question for an amount per unit is answered poorly by a total
    asked = analyse("How much compensation is paid per mu?")
    assert asked.kind == "money" and _fit(rate, asked) > _fit(total, asked)


def test_an_amount_per_share_answers_a_question_for_a_price_per_share():
    from qa.answering import _fit
    sentence = "Veyholm will also purchase $40 million of Aldrenna common stock at $14.20 per diluted share."
    total, price = find_figures(sentence)
    assert price.text == "$14.20 per diluted share"
    asked = analyse("What price per share is Veyholm paying for its stake in Aldrenna?")
    assert asked.asks_per_unit and not analyse("By how many per cent did revenue grow?").asks_per_unit
    assert _fit(price, asked) > _fit(total, asked)
    # ... while a question for an amount with no "per" is answered poorly by one per share, unless it
    # asks for what is priced per unit ("What was the group AISC?" of "$1,342/oz")
    earnings = analyse("What were Sterling Harbor's diluted earnings in Q2 2025?")
    assert not earnings.asks_per_unit and _fit(price, earnings) < _fit(total, earnings)
    assert _fit(price, analyse("What price did Veyholm pay?")) == _fit(total, analyse("What price did Veyholm pay?"))
    # (an amount over a time is no price per unit, and seldom written "per year": no sign either way)
    bill = analyse("What will a Band D household pay each year?")
    assert bill.asks_per_time and not bill.asks_per_unit
    output = analyse("How much output value a year is the battery base expected to produce?")
    assert _fit(total, output) == _fit(price, output) == 1.0


@pytest.mark.parametrize("sentence, figure, governed", [
    ("Qiaonan aims to push settlement above 45 billion yuan this year and raise the number of enterprises to 2,000.",
     "2,000", True),
    ("The city plans to issue vouchers worth 20 million yuan and hold 100 events.", "100", True),
    ("Settlement reached 38.7 billion yuan and the number of enterprises rose to 1,870.", "1,870", False),
    ("The bank aims to lend more, and 326 firms borrowed for the first time.", "326", False),  # ", and": new clause
])
def test_an_aim_governs_the_clause_joined_to_it_by_and(sentence, figure, governed):
    from qa.answering import _aim_governing, _clause_span
    found = next(f for f in find_figures(sentence) if f.text == figure)
    clause_start, _ = _clause_span(sentence, found, 0, len(sentence))
    assert bool(_aim_governing(sentence, clause_start, 0)) == governed


def test_a_percentage_answers_how_many_poorly():
    # "How many customers used the branch?" is not answered by the 26.4% its settlement grew, even
    # beside the question's words, where a bare count two sentences away is: it fits less than half
    # as well as a bare number.
    from qa.answering import _fit
    sentence = "The branch serves 265 firms; settlement rose 26.4% year-on-year."
    number, percentage = find_figures(sentence)
    question = analyse("How many customers used the branch for cross-border RMB settlement?")
    assert (number.kind, percentage.kind) == ("count", "percent")
    assert _fit(percentage, question) < 0.5 * _fit(replace(number, kind="number"), question)


def test_what_was_lent_in_a_period_is_not_the_balance_at_its_end():
    assert analyse("How much did the branch lend for rural revitalisation in the first nine months?").asks_for_a_flow
    assert analyse("How much infrastructure lending did the branch issue from January to August?").asks_for_a_flow
    assert not analyse("How much had the branch lent to the tea industry as of the end of June?").asks_for_a_flow
    assert not analyse("What was the loan balance the branch had lent in the first half?").asks_for_a_flow
    assert not analyse("How much has the branch lent under the carbon reduction tool?").asks_for_a_flow



def test_a_figures_words_stop_at_a_semicolon_before_another_figures_part():
    from qa.answering import _list_item_between_semicolons
    text = ("By sector, eight are high-end equipment projects, with an investment of 9.7 billion yuan; seven are "
            "biomedicine projects, with 6.9 billion yuan; and the rest are service projects.")
    equipment, biomedicine = [f for f in find_figures(text) if f.kind == "money"]
    start, end = _list_item_between_semicolons(text, equipment, 0, len(text))
    assert "biomedicine" not in text[start:end] and "high-end equipment" in text[start:end]
    start, end = _list_item_between_semicolons(text, biomedicine, 0, len(text))
    assert text[start:end].strip().startswith("seven are biomedicine") and "service" in text[start:end]
    # ... but run on into a part with no figure of its own, which may say more of it
    text = "Quite a few arrived as late as 1700; thereafter, the numbers declined."
    [year] = find_figures(text)
    assert _list_item_between_semicolons(text, year, 0, len(text)) == (0, len(text))


def feature_marks(bot, question: str, feature: str) -> dict[str, float]:
    """Each figure candidate's value of one feature, by its text."""
    parsed, weights, passages = bot.read_passages(question)
    return {figure.text: features[feature] for figure, _, features in figure_candidates(bot.index, parsed, passages,
                                                                                          weights)}


def test_a_question_for_a_total_is_answered_by_the_whole_not_its_parts(tmp_path):
    # a sentence over 400 characters, cut into pieces before "of which": the part's piece reads its
    # whole in the piece before
    text = ("Lanhe Foreign Trade in the First Three Quarters\n\n"
            "According to data released by Lanhe Customs, in the first three quarters of 2025 the total value of "
            "imports and exports of Lanhe City reached 108.63 billion yuan, a year-on-year increase of 7.2%, 2.1 "
            "percentage points higher than the provincial average and the highest growth rate among the cities "
            "of the western region since the customs district was reorganised three years ago; of which exports "
            "amounted to 74.15 billion yuan, up 9.8%, and imports amounted to 34.48 billion yuan, up 2.0%, giving "
            "a trade surplus of 39.67 billion yuan.\n")
    bot = one_document(tmp_path, "lanhe.txt", text)
    question = "What was the combined value of Lanhe's imports and exports in the first three quarters?"
    assert bot.ask(question).answer.text == "108.63 billion yuan"
    marked = feature_marks(bot, question, "part_of_total_asked")
    assert marked["74.15 billion yuan"] == marked["34.48 billion yuan"] == 1.0
    assert marked["108.63 billion yuan"] == 0.0


HARLOW = ("Harlow Stone plc\nResults for the year ended 31 December 2024\n\n"
          "The Board proposes a final dividend of 9.8p per share, giving a full-year dividend of 14.5p (2023: 13.6p).\n")
HANXI = ("Hanxi Foreign Trade in the First Half\n\n"
         "In the first half, Hanxi's exports were 41.35 billion yuan, up 11.3%, and imports were 18.20 billion yuan, "
         "up 3.2%. In June alone, the city's imports and exports reached 9.44 billion yuan, up 12.5%, the highest "
         "monthly figure in history.\n")


@pytest.mark.parametrize("text, question, answer, feature, marked", [
    # an instalment of a year's payment is a part of the year's total asked for
    (HARLOW, "What was the total dividend per share for the year?", "14.5p", "part_of_total_asked",
     {"9.8p": 1.0, "14.5p": 0.0}),
    (HARLOW, "What final dividend per share is proposed?", "9.8p", "part_of_total_asked", {"9.8p": 0.0, "14.5p": 0.0}),
    # ... and the year's total is no answer for one instalment of it, nor last year's in brackets
    (HARLOW, "What final dividend per share is proposed?", "9.8p", "whole_of_part_asked",
     {"9.8p": 0.0, "14.5p": 1.0, "13.6p": 1.0}),
    (HARLOW, "What was the total dividend per share for the year?", "14.5p", "whole_of_part_asked",
     {"9.8p": 0.0, "14.5p": 0.0}),
    # a figure of a pair of opposites named together is of both, not of the one asked about
    (HANXI, "How much did Hanxi import in the first half?", "18.20 billion yuan", "both_of_a_pair",
     {"9.44 billion yuan": 1.0, "18.20 billion yuan": 0.0}),
    (HANXI, "What was the value of Hanxi's imports and exports in June?", "9.44 billion yuan", "both_of_a_pair",
     {"9.44 billion yuan": 0.0, "18.20 billion yuan": 0.0}),
])
def test_a_part_or_a_pair_is_not_the_figure_asked_for(tmp_path, text, question, answer, feature, marked):
    bot = one_document(tmp_path, "report.txt", text)
    assert bot.ask(question).answer.text == answer
    found = feature_marks(bot, question, feature)
    assert {figure: found[figure] for figure in marked} == marked


@pytest.mark.parametrize("question, answer", [
    ("When is the Ravel Creek water plant now due to start up?", "May 2026"),
    ("When was the Ravel Creek water plant originally due to start up?", "January 2026"),
])
def test_what_was_rescheduled_from_is_the_earlier_plan(tmp_path, question, answer):
    text = ("Ravel Creek Mining: Quarterly Report\n\n"
            "Start-up of the 400 litres per second water treatment plant at Ravel Creek has been rescheduled from "
            "January 2026 to May 2026 after late delivery of the membrane units.\n")
    bot = one_document(tmp_path, "ravel.txt", text)
    assert bot.ask(question).answer.text == answer


@pytest.mark.parametrize("text, question, whole, marked", [
    ("The authority operated a fleet of 980 trams at year end, of which 164 were low-floor.",
     "How many low-floor trams did the fleet include?", "980", True),
    ("The authority operated a fleet of 980 trams at year end, of which 164 were low-floor.",
     "How many trams did the fleet include?", "980", False),
    # the words of the part are the whole's too: "homes"
    ("- Home completions of 3,918 (2024: 4,112), of which 1,046 were affordable homes",
     "How many homes were completed in 2024?", "4,112", False),
])
def test_a_whole_is_no_answer_to_a_question_that_describes_its_part(text, question, whole, marked):
    from qa.answering import _the_part_is_asked
    figure = next(f for f in find_figures(text) if f.text == whole)
    assert _the_part_is_asked(text, figure, 0, len(text), analyse(question)) is marked


def test_the_part_a_question_describes_is_its_answer_not_the_whole(tmp_path):
    text = ("Harborview Transit Authority: 2023 Ridership Report\n\n"
            "The authority operated a fleet of 1,140 buses at year end, of which 212 were battery-electric. "
            "A further 95 electric buses have been ordered for delivery in 2025.\n")
    bot = one_document(tmp_path, "harborview.txt", text)
    assert bot.ask("How many battery-electric buses did the fleet include at the end of 2023?").answer.text == "212"


def test_a_balance_is_no_answer_to_what_was_lent_in_a_year(tmp_path):
    text = ("Dayuan Bank Supports Private Firms\n\n"
            "Nationwide, China Dayuan Bank's balance of loans to private enterprises reached 3.1 trillion yuan at "
            "the end of 2024, up 14.2% from a year earlier. The Beiyue branch issued 142.7 billion yuan of loans "
            "to private enterprises in 2024.\n")
    bot = one_document(tmp_path, "dayuan.txt", text)
    lent = bot.ask("How much did China Dayuan Bank lend to private enterprises nationwide during 2024?")
    assert lent.answer.text == "3.1 trillion yuan" and not lent.answered  # shown, not given
    assert bot.ask("What was China Dayuan Bank's balance of loans to private enterprises at the end of 2024?").answered


def test_the_comma_inside_a_date_breaks_no_clause():
    from qa.answering import _clause_span
    sentence = "$46 million came from Pellworth, which Tressaline acquired on March 3, 2025 for $275 million."
    price = next(f for f in find_figures(sentence) if f.text == "$275 million")
    start, end = _clause_span(sentence, price, 0, len(sentence))
    assert "acquired on March 3, 2025 for $275 million" in sentence[start:end]


@pytest.mark.parametrize("sentence, figure, said", [
    # a clause that goes on to state the figure exactly is the clause before's
    ("By the end of June, the balance of green loans exceeded 31 billion yuan, reaching 31.42 billion yuan.",
     "31.42 billion yuan", "the balance of green loans exceeded 31 billion yuan, reaching 31.42 billion yuan"),
    ("Core inflation eased for a third month, at 3.1% in May.", "3.1%", "Core inflation eased for a third month"),
    ("They represented $1.1 billion, or 4.5% of total loans.", "4.5%", "They represented $1.1 billion"),
    ("The trust bought back 2.1 million units, at an average price of £4.12.", "£4.12",
     "The trust bought back 2.1 million units"),
    # not a place
    ("The dust crosses the ocean each year, at 15 degrees west longitude.", "15 degrees", None),
])
def test_a_clause_that_states_the_figure_exactly_says_what_the_clause_before_says(sentence, figure, said):
    from qa.answering import _clause_span
    found = next(f for f in find_figures(sentence) if f.text == figure)
    start, end = _clause_span(sentence, found, 0, len(sentence))
    assert (said in sentence[start:end]) if said else sentence[start:end].strip().startswith("at")


def test_a_clause_that_states_the_figure_exactly_is_of_the_period_of_the_clause_before(tmp_path):
    bot = one_document(tmp_path, "lending.txt",
                       "On 14 March, the credit union said that, as of the end of February this year, the balance "
                       "of its farm loans exceeded 48 billion yuan, reaching 48.36 billion yuan.\n")
    parsed, weights, passages = bot.read_passages("What was the balance of farm loans at the end of February?")
    matched = {figure.text: features["period_match"]
               for figure, _, features in figure_candidates(bot.index, parsed, passages, weights)}
    assert matched["48 billion yuan"] == matched["48.36 billion yuan"] == 1.0


ORCHARD_LOANS = ("Jianghe Rural Bank Lends to Orchards\n\nBy the end of October, the bank had issued 147 million "
                 "yuan of orchard loans to 1,086 households, with an average loan size of 135,000 yuan.\n")
TRAFFIC = ("Harbour Traffic Review\n\nThe Coastal Link carried 15.0 million vehicles in 2024, an average of 41,092 "
           "vehicles a day. Tolls raised 98 million dollars.\n")
TRAFFIC = ("Harbour Traffic Review\n\nThe Coastal Link carried 15.0 million vehicles in 2024, an average of 41,092 "
           "vehicles a day. Tolls raised 98 million dollars.\n")
CRUISES = ("Saltmarsh Bay Summer Bulletin\n\nEleven cruise ships called at the port between June and August, "
           "landing 23,870 passengers, compared with 7 calls and 14,620 passengers in summer 2023.\n")
GOALS = ("Regional Cooperation Agreement\n\nBy 2027, regional GDP will strive to reach 5.2 trillion yuan, the "
         "three cities will share one commuting circle, and the number of high-tech enterprises will reach 15,000.\n")
GOALS = ("Regional Cooperation Agreement\n\nBy 2027, regional GDP will strive to reach 5.2 trillion yuan, the "
         "three cities will share one commuting circle, and the number of high-tech enterprises will reach 15,000.\n")
INVESTMENT = ("Provincial Economy in the First Half\n\nManufacturing investment grew 15.2%, of which high-tech "
              "manufacturing investment jumped 24.8%, and infrastructure investment increased 6.3%.\n")
SIGNING = ("Jiangling Daily, April 26 -- On the afternoon of April 25, the Investment Promotion Conference of Baihe "
           "District was held at the Baihe International Conference Center. A total of 46 projects were signed at "
           "the conference, with a total investment of 38.6 billion yuan, of which 9 projects each had an investment "
           "of more than 1 billion yuan, and 11 were foreign-funded projects with a total investment of 1.27 billion "
           "US dollars.\n")
SIGNING = ("Jiangling Daily, April 26 -- On the afternoon of April 25, the Investment Promotion Conference of Baihe "
           "District was held at the Baihe International Conference Center. A total of 46 projects were signed at "
           "the conference, with a total investment of 38.6 billion yuan, of which 9 projects each had an investment "
           "of more than 1 billion yuan, and 11 were foreign-funded projects with a total investment of 1.27 billion "
           "US dollars.\n")
PROJECT = ("Quarterly Activities Report\n\nThe feasibility study for the Brannock Flats expansion was completed during "
           "the quarter. A final investment decision is expected in the second half of 2025, with first production "
           "in 2027.\n")
MARIGOLD = ("The Loss of the Marigold\n\n"
            "The Marigold sank 40 miles off Land's End in 1893. Among the crew was Frederick Marsh, a "
            "22-year-old stoker from Penzance. The ship took 40 minutes to sink, and divers later raised its "
            "bell, cast from a 600-year-old church bell.\n")
DONGYUAN = ("Dongyuan Bank Supports Small Firms\n\n"
            "By the end of June, the balance of inclusive small and micro loans reached 48.6 billion yuan, up "
            "18.4% year-on-year, 6.2 percentage points higher than the growth rate of all loans.\n")


@pytest.mark.parametrize("text, question, figure", [
    # an average asked for is the figure written as an average, not the total beside it
    (ORCHARD_LOANS, "How large is the typical orchard loan?", "135,000 yuan"),
    (ORCHARD_LOANS, "How much has the bank issued in orchard loans?", "147 million yuan"),
    (TRAFFIC, "What was the average traffic on the Coastal Link?", "41,092"),
    (TRAFFIC, "How much traffic did the Coastal Link carry in 2024?", "15.0 million"),
    # each figure of a list compared with is an earlier value, not only the first
    (CRUISES, "How many cruise passengers came ashore this summer?", "23,870"),
    # "the number of X" before a count says what it counts
    (GOALS, "How many high-tech enterprises will the region have by 2027?", "15,000"),
    # the words after "of which" are the part's, not the whole's before it
    (INVESTMENT, "How much did investment in high-tech manufacturing rise?", "24.8%"),
    (INVESTMENT, "How much did manufacturing investment grow?", "15.2%"),
    # a part in another currency is still a part of the whole asked for
    (SIGNING, "What is the combined investment of all the projects signed at the Baihe conference?", "38.6 billion yuan"),
    # the words past the comma after a figure are the next figure's when that stretch holds one
    (PROJECT, "When is first production from Brannock Flats expected?", "2027"),
    (PROJECT, "When is the final investment decision expected?", "the second half of 2025"),
    # an age answers "how old", not "how long"
    (MARIGOLD, "How old was Frederick Marsh when the ship went down?", "22-year-old"),
    (MARIGOLD, "How long did the ship take to sink?", "40 minutes"),
    # a difference of two rates is no rate, unless points are asked
    (DONGYUAN, "At what year-on-year rate did inclusive small and micro loans grow?", "18.4%"),
    (DONGYUAN, "By how many percentage points did their growth beat that of all loans?", "6.2 percentage points"),
])
def test_the_figure_asked_for_is_told_from_the_figures_beside_it(tmp_path, text, question, figure):
    assert one_document(tmp_path, "report.txt", text).ask(question).answer.text == figure


@pytest.mark.parametrize("sentence, words_end", [
    ("A decision is expected in the second half of 2025, with first production in 2027.", "2025"),
    # an ordinal has no words of its own
    ("With a population of 612,000, Harbourton is the second most populous city.", "city."),
])
def test_the_words_that_may_describe_a_figure_end_before_the_next_figures(sentence, words_end):
    first = find_figures(sentence)[0]
    assert sentence[:_before_the_next_figures_words(sentence, first, len(sentence))].endswith(words_end)


BUS_ROUTES = ("City Transit Annual Review\n\nIn 2024 Route 12 (Harbourside) remained the busiest bus route, carrying "
              "4.2 million boardings, followed by Route 31 (Hillcrest) with 3.1 million.\n")


@pytest.mark.parametrize("question, runner_up", [
    ("Which bus route carried the most riders in 2024?", 1.0),
    ("Which route carried 3.1 million boardings in 2024?", 0.0),  # no ranking asked
])
def test_the_runner_up_a_ranking_names_does_not_answer_for_the_first(tmp_path, question, runner_up):
    bot = one_document(tmp_path, "transit.txt", BUS_ROUTES)
    parsed, weights, passages = bot.read_passages(question)
    marked = {figure.text: features["runner_up"]
              for figure, _, features in figure_candidates(bot.index, parsed, passages, weights)}
    assert (marked["Route 12"], marked["Route 31"]) == (0.0, runner_up)
    if runner_up:
        assert bot.ask(question).answer.text == "Route 12"


TIMETABLE = ("Calder Vale Housing plc\nInterim results for the six months ended 30 September 2024\n\n"
             "The Board has declared an interim dividend of 6.1p per share. It will be paid on 14 March 2025 to "
             "shareholders on the register at the close of business on 7 February 2025. The ex-dividend date is "
             "6 February 2025. The last date for elections under the scrip dividend plan is 21 February 2025. "
             "Subject to approval at the Annual General Meeting on 22 July 2025, the final dividend will be paid "
             "on 1 August 2025.\n")


@pytest.mark.parametrize("date, role", [
    ("14 March 2025", "payment"), ("7 February 2025", "record"), ("6 February 2025", "ex-dividend"),
    ("21 February 2025", "election"), ("22 July 2025", "meeting"), ("1 August 2025", "payment"),
    ("30 September 2024", ""),
])
def test_each_date_of_a_dividend_timetable_is_read_as_its_step(date, role):
    from qa.answering import date_role
    figure = next(f for f in find_figures(TIMETABLE) if f.text == date)
    sentence_start = max(TIMETABLE.rfind(". ", 0, figure.start) + 2, TIMETABLE.rfind("\n", 0, figure.start) + 1)
    assert date_role(TIMETABLE, figure, sentence_start) == role


@pytest.mark.parametrize("text, question, marked", [
    # joining words only: "paid in March brings total FY24 dividends" does not date a payment FY24
    ("The interim dividend of 17 cents paid in March brings total FY24 dividends to 38 cents. The record date "
     "for the final dividend is 4 September 2024 and the payment date is 26 September 2024.",
     "When will the final dividend be paid?", {"FY24": 1.0, "4 September 2024": 1.0, "26 September 2024": 0.0}),
    ("The dividend is payable on November 14, 2025 to shareholders of record as of the close of business on "
     "October 31, 2025.", "What is the record date for the dividend?",
     {"November 14, 2025": 1.0, "October 31, 2025": 0.0}),
    # no step asked: nothing clashes
    ("The dividend is payable on November 14, 2025 to shareholders of record as of the close of business on "
     "October 31, 2025.", "When did the company report its results?",
     {"November 14, 2025": 0.0, "October 31, 2025": 0.0}),
])
def test_a_date_of_another_step_of_the_timetable_clashes(tmp_path, text, question, marked):
    bot = one_document(tmp_path, "dividend.txt", text)
    found = feature_marks(bot, question, "date_role_clash")
    assert {figure: found[figure] for figure in marked} == marked


@pytest.mark.parametrize("question, answer", [
    ("What is the record date for the interim dividend?", "7 February 2025"),
    ("By what date must investors be on the register to qualify for the interim payout?", "7 February 2025"),
    ("When will shareholders receive the interim dividend?", "14 March 2025"),
    ("When do the shares go ex-dividend?", "6 February 2025"),
])
def test_the_date_of_the_step_of_a_dividend_timetable_asked_is_the_answer(tmp_path, question, answer):
    bot = one_document(tmp_path, "calder-vale.txt", TIMETABLE)
    assert bot.ask(question).answer.text == answer


def test_an_amounts_words_after_and_or_a_comma_name_the_next_item_not_it(tmp_path):
    text = ("Quillon Semiconductor, Inc.\n\n"
            "Quillon Semiconductor, Inc. today reported financial results for its second\n"
            "quarter of fiscal 2026, which ended September 27, 2025. All figures are in U.S.\n"
            "dollars; comparisons are with the second quarter of fiscal 2025 unless otherwise\n"
            "noted.\n\n"
            "• Revenue of $1.284 billion, up 18% year over year and 7% sequentially\n"
            "• Cash flow from operations of $402.7 million and free cash flow(1) of\n  $311.5 million\n"
            "• Returned $250.0 million to stockholders through share repurchases of $180.0\n"
            "  million and dividends of $70.0 million\n")
    bot = one_document(tmp_path, "quillon.txt", text)
    question = "How much free cash flow did Quillon generate in its second quarter?"
    marked = feature_marks(bot, question, "counted")
    assert marked["$311.5 million"] == 1.0
    assert marked["$402.7 million"] < 1.0  # "free" is not said of it: "and free cash flow" opens the next item
    assert bot.ask(question).answer.text == "$311.5 million"


@pytest.mark.parametrize("text, question, evidence, right, wrong", [
    # a share is of the whole written after it
    ("Tolls in 2024\n\nHeavy goods vehicles made up 12.5% of traffic but paid 31.4% of toll revenue in the year.\n",
     "What share of toll revenue came from heavy goods vehicles?", "share_of_named", "31.4%", "12.5%"),
    # an amount's words after its closing bracket and a comma name the next item, not it
    ("Fresh, our largest division, grew revenue by 9.5% to £1.27 billion (2022: £1.16 billion), with adjusted "
     "operating profit of £118.2 million (2022: £104.5 million).\n",
     "How much adjusted operating profit did the Fresh division make in 2022?", "counted", "£104.5 million",
     "£1.16 billion"),
])
def test_the_words_that_say_what_a_figure_is_are_its_own(tmp_path, text, question, evidence, right, wrong):
    bot = one_document(tmp_path, "report.txt", text)
    marked = feature_marks(bot, question, evidence)
    assert marked[right] == 1.0 and marked[wrong] < 1.0
    assert bot.ask(question).answer.text == right


def test_a_defined_short_form_is_one_word_beside_a_figure(tmp_path):
    # "(MCR)" is read as "Minimum Capital Requirement" at its place: the words beside 476% are
    # "MCR coverage ratio", not the long form's terms alone
    text = ("Aldercrest Assurance: Solvency and Financial Condition Report\n\n"
            "At 31 December 2024 the Solvency Capital Requirement (SCR) coverage ratio was 189% (2023: 174%), "
            "comfortably above the Board's risk appetite minimum of 140%, and the Minimum Capital Requirement "
            "(MCR) coverage ratio was 476%.\n")
    bot = one_document(tmp_path, "sfcr.txt", text)
    question = "Aldercrest MCR coverage ratio 31 Dec 2024"
    marked = feature_marks(bot, question, "adjacent")
    assert marked["476%"] > marked["189%"]
    assert bot.ask(question).answer.text == "476%"


def test_a_list_item_that_leaves_out_its_verb_says_the_verb_of_the_item_before(tmp_path):
    # "12.9 million yuan for apples" is what "was paid" for apples: the words the first item said
    text = ("Hailstorm Insurance Claims in Lixian County\n\n"
            "As of June 20, the branch had paid compensation totalling 31.46 million yuan to 3,958 households, "
            "of which 14.2 million yuan was paid for wheat, 12.9 million yuan for apples and 4.36 million yuan "
            "for vegetables.\n")
    bot = one_document(tmp_path, "hail.txt", text)
    question = "How much was paid for apples?"
    marked = feature_marks(bot, question, "clause")
    assert marked["12.9 million yuan"] > marked["4.36 million yuan"]
    assert marked["4.36 million yuan"] > 0.0  # the third item, gapped too, says it through the second
    assert bot.ask(question).answer.text == "12.9 million yuan"


@pytest.mark.parametrize("question, answer", [
    ("How many concrete plants did the ready-mix business shut down during the year?", "14"),
    ("How many concrete plants does the ready-mix business operate?", "187"),
])
def test_the_part_done_answers_what_was_done_and_the_whole_what_is_had(tmp_path, question, answer):
    text = ("Brackenfield Materials plc: annual results\n\n"
            "In ready-mixed concrete, volumes fell by 6.1% to 3.9 million cubic metres, and the business "
            "closed 14 of its 187 concrete plants during the year.\n")
    bot = one_document(tmp_path, "results.txt", text)
    parsed, weights, passages = bot.read_passages(question)
    assert pick_answer(bot.index, parsed, passages, weights).text == answer


def test_an_item_that_names_only_its_measure_shares_who_did_it_with_the_item_before(tmp_path):
    # "and container throughput of 9.27 million TEUs" is of "the group's ports" too
    text = ("Donghai Port Group Sets Records in the First Half\n\n"
            "In the first half of this year, Donghai Port Group's ports completed cargo throughput of 186.4 "
            "million tons, a year-on-year increase of 6.8%, and container throughput of 9.27 million TEUs, a "
            "year-on-year increase of 11.3%, both records for the period.\n")
    from qa.answering import _clause_span, _gapped_words

    (teus,) = [f for f in find_figures(text) if f.text == "9.27 million TEUs"]
    lo = text.index("In the first half")
    start, _ = _clause_span(text, teus, lo, len(text))
    shared = _gapped_words(text, teus, start, lo)
    assert shared is not None and text[shared[0]:shared[1]].strip() == "Donghai Port Group's ports completed"
    bot = one_document(tmp_path, "port.txt", text)
    assert bot.ask("How much did Donghai Port Group's container volume grow in the first half?").answer.text == "11.3%"


@pytest.mark.parametrize("question, answer", [
    ("What was median progression-free survival with the control regimen?", "11.2 months"),
    ("What was median progression-free survival with velnatamab?", "19.6 months"),
])
def test_figures_set_against_each_other_share_the_words_before_the_first(tmp_path, question, answer):
    # "X was A with P versus B with Q": X is what both are; P is A's and Q is B's
    text = ("Castellan Biotherapeutics: phase 3 results\n\n"
            "The overall response rate was 71.4% in the velnatamab arm. Median progression-free survival "
            "(PFS), the primary endpoint, was 19.6 months with velnatamab versus 11.2 months with the control "
            "regimen (hazard ratio 0.54).\n")
    bot = one_document(tmp_path, "trial.txt", text)
    marked = feature_marks(bot, question, "adjacent")
    other = "19.6 months" if answer == "11.2 months" else "11.2 months"
    assert marked[answer] > marked[other]
    assert bot.ask(question).answer.text == answer


def test_a_trailing_share_is_of_what_the_level_before_it_is_of(tmp_path):
    # "..., an increase of 11.0%, accounting for 49.2% of the total": the share is of the trade with
    # the Belt and Road countries, past the change between them
    text = ("Lanxi Province's Foreign Trade in the First Three Quarters\n\n"
            "From January to September, the total import and export value of Lanxi Province reached 612.47 "
            "billion yuan, up 7.6%. The province's trade with countries along the \"Belt and Road\" reached "
            "301.4 billion yuan, an increase of 11.0%, accounting for 49.2% of the total.\n")
    bot = one_document(tmp_path, "trade.txt", text)
    question = "What proportion of Lanxi's foreign trade was with Belt and Road countries?"
    marked = feature_marks(bot, question, "clause")
    assert marked["49.2%"] == marked["11.0%"] > 0.0
    assert bot.ask(question).answer.text == "49.2%"


CASCADE = ("CASCADE RIDGE SYSTEMS\nThird Quarter 2024 Results\n\n"
           "Total revenue was $1.42 billion, an increase of 14% compared with $1.25 billion a year earlier. "
           "Operating margin was 24.1%.\n\n"
           "Business Outlook\n\n"
           "For the fourth quarter of 2024, Cascade Ridge expects:\n"
           "- Revenue of $1.47 billion to $1.49 billion.\n- Operating margin of approximately 25%.\n\n"
           "For the full year 2024, Cascade Ridge now expects:\n"
           "- Revenue of $5.56 billion to $5.58 billion, raised from $5.48 billion to $5.52 billion.\n"
           "- Free cash flow of approximately $1.3 billion.\n\n"
           "Conference Call\n\nCascade Ridge will host a call today at 2:00 p.m.\n")


@pytest.mark.parametrize("question, answer", [
    ("What full-year revenue does Cascade Ridge now forecast?", "$5.56 billion to $5.58 billion"),
    ("What revenue does Cascade Ridge expect in the fourth quarter?", "$1.47 billion to $1.49 billion"),
    ("What free cash flow does the company forecast for 2024?", "approximately $1.3 billion"),
    # a forecast in a list is no result: the sentence that opens the list says the figures are expected
    ("What was Cascade Ridge's revenue in the third quarter?", "$1.42 billion"),
])
def test_the_items_of_a_list_are_found_read_and_dated_with_the_sentence_that_introduces_them(tmp_path, question,
                                                                                              answer):
    bot = one_document(tmp_path, "cascade-ridge-q3-2024.txt", CASCADE)
    assert bot.ask(question).answer.text == answer


BANCORP = ("Cedar Vale Bancorp today reported its results. Its chief executive thanked its staff.\n\n"
           "Third Quarter 2025 Highlights\n"
           "- Net interest income of $287.4 million, up 7.2% from $268.1 million a year ago\n"
           "- Total deposits of $29.3 billion\n\n"
           "2026 guidance\n"
           "- Net interest income of $1.19 billion to $1.21 billion\n")


@pytest.mark.parametrize("question, answer", [
    ("How much net interest income did Cedar Vale Bancorp earn in the third quarter of 2025?", "$287.4 million"),
    # the heading dates the item, and the value it is compared with is a year earlier
    ("How much net interest income did Cedar Vale Bancorp earn in the third quarter of 2024?", "$268.1 million"),
    ("What net interest income does Cedar Vale Bancorp expect for 2026?", "$1.19 billion to $1.21 billion"),
])
def test_the_items_of_a_list_are_dated_by_the_heading_above_them(tmp_path, question, answer):
    bot = one_document(tmp_path, "cedar-vale-q3-2025.txt", BANCORP)
    assert bot.ask(question).answer.text == answer
