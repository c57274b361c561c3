"""Which period a figure belongs to (qa.answering.period_evidence): reports set this year's figure
beside last year's and beside the outlook, and a question names the one it wants."""
import pytest

from qa.answering import period_evidence
from qa.figures import find_figures
from qa.question import analyse
from support import one_document

RESULTS = ("Revenue for the year ended 31 December 2023 rose 12.4% to $4.52 billion, compared with "
           "$4.02 billion in 2022.")
UK_STYLE = "Group turnover increased by 7.9% to £1.84 billion (2023: £1.71 billion)."
PROFIT = "Operating profit fell to £142 million, down from £158 million in the previous year."
OUTLOOK = "Management expects revenue growth of between 6% and 8% in 2024."
STUDY = "A study in 1999 found one square kilometer (247 acres) of rainforest can contain about 90,790 tonnes of plants."
PLACES = "The average salary in the Middle East is £42,090, compared to £26,719 in the UK."


def evidence(sentence: str, figure_text: str, question: str) -> dict[str, float]:
    figure = next(f for f in find_figures(sentence) if f.text == figure_text)
    clause = sentence  # the clause only matters to the outlook test, where it is the whole sentence
    return period_evidence(figure, sentence, 0, len(sentence), clause, analyse(question))


def test_the_year_asked_for_beside_a_figure_matches_and_another_year_clashes():
    assert evidence(RESULTS, "$4.52 billion", "What was revenue in 2023?")["period_match"] == 1.0
    assert evidence(RESULTS, "$4.02 billion", "What was revenue in 2023?")["period_clash"] == 1.0
    assert evidence(RESULTS, "$4.02 billion", "What was revenue in 2022?")["period_match"] == 1.0


def test_a_year_in_brackets_dates_the_figure_in_them_not_the_one_outside():
    assert evidence(UK_STYLE, "£1.84 billion", "What was turnover in 2023?")["period_clash"] == 1.0
    assert evidence(UK_STYLE, "£1.71 billion", "What was turnover in 2023?")["period_match"] == 1.0


def test_a_year_outside_brackets_dates_the_whole_sentence():
    found = evidence(STUDY, "about 90,790 tonnes", "How many tons of plants were found in 1999?")
    assert found["period_clash"] == 0.0


@pytest.mark.parametrize("question, current, earlier", [
    ("What was operating profit?", 0.0, 1.0),  # reference: the earlier value, when the current is asked
    ("What was operating profit in the previous year?", 1.0, 0.0),
])
def test_the_value_compared_with_answers_only_a_question_about_the_year_before(question, current, earlier):
    now, before = evidence(PROFIT, "£142 million", question), evidence(PROFIT, "£158 million", question)
    assert now["period_clash"] == current and now["reference"] == 0.0
    assert before["reference"] == earlier and before["reference_asked"] == current


JOBLESS = "The unemployment rate was 4.3% in June 2024, up from 4.1% in March 2024 and 3.7% in June 2023."


def test_a_figure_of_another_year_matches_no_month_asked():
    found = evidence(JOBLESS, "4.3%", "What was the unemployment rate in June 2023?")
    assert (found["period_match"], found["period_clash"]) == (0.0, 1.0)


def test_a_figure_that_names_the_earlier_year_asked_is_of_it_beside_another_value_compared_with():
    question = "What was the unemployment rate a year earlier, in June 2023?"
    found = evidence(JOBLESS, "3.7%", question)
    assert (found["period_match"], found["period_clash"]) == (1.0, 0.0)
    assert evidence(JOBLESS, "4.3%", question)["period_clash"] == 1.0


@pytest.mark.parametrize("sentence, figure, question, clash", [
    ("Total debt was $1.20 billion.", "$1.20 billion", "What was total debt a year earlier?", 1.0),
    ("Total debt was $1.20 billion.", "$1.20 billion", "What was total debt?", 0.0),
    # ... unless it says it is last year's
    ("The library lent 87,450 books last year.", "87,450", "How many books did the library lend last year?", 0.0),
    # a change compared with the year before is this year's
    ("Security revenue grew 9%.", "9%", "How fast did Security revenue grow compared with a year ago?", 0.0),
    # "originally" asks for an earlier value, not for the year before's
    ("The network was built with seven layers.", "seven", "Originally, how many layers did the network have?", 0.0),
])
def test_a_figure_that_names_no_year_is_of_the_documents_own_time_not_of_the_year_before(sentence, figure,
                                                                                       question, clash):
    assert evidence(sentence, figure, question)["period_clash"] == clash


def test_a_comparison_of_places_is_no_earlier_value():
    assert evidence(PLACES, "£26,719", "What is the average salary in the UK?")["reference"] == 0.0


def test_a_forecast_clashes_with_a_question_about_results_but_not_with_one_about_the_outlook():
    assert evidence(OUTLOOK, "between 6% and 8%", "By how much did revenue grow?")["outlook_clash"] == 1.0
    assert evidence(OUTLOOK, "between 6% and 8%", "What revenue growth does management expect?")["outlook_clash"] == 0.0


VISITS = "Aldmoor welcomed 9.4 million visits in 2023. Visit Aldmoor forecasts 9.8 million visits in 2024."


VISITS_EXPECTED = "How many visits does Aldmoor expect next year?"


@pytest.mark.parametrize("sentence, figure, question, unmet", [
    (VISITS[:VISITS.index(" Visit")], "9.4 million", VISITS_EXPECTED, 1.0),  # a result, for what is expected
    (VISITS[VISITS.index("Visit"):], "9.8 million", VISITS_EXPECTED, 0.0),
    ("An interim dividend of €0.65 per share, payable on 28 August 2024, was declared.", "28 August 2024",
     "When will the dividend be paid?", 0.0),
])
def test_a_question_about_what_is_expected_is_not_answered_by_a_result(sentence, figure, question, unmet):
    assert evidence(sentence, figure, question)["outlook_unmet"] == unmet


MONTHLY = "The unemployment rate was 4.3% in June 2024, up from 4.1% in March 2024."
QUARTERLY = "Revenue was $1.42 billion in the third quarter, and $1.31 billion in Q2."


@pytest.mark.parametrize("sentence, figure, question, match, clash", [
    (MONTHLY, "4.1%", "What was the unemployment rate in March 2024?", 1.0, 0.0),
    (MONTHLY, "4.3%", "What was the unemployment rate in March 2024?", 0.0, 1.0),
    (MONTHLY, "4.3%", "What was the unemployment rate in September 2024?", 0.0, 1.0),  # no such month: nothing fits
    (QUARTERLY, "$1.31 billion", "What was revenue in the second quarter?", 1.0, 0.0),  # "Q2" is the second quarter
    (QUARTERLY, "$1.42 billion", "What was revenue in the second quarter?", 0.0, 1.0),
    (QUARTERLY, "$1.42 billion", "What was revenue?", 0.0, 0.0),  # no period asked: none clashes
])
def test_months_and_quarters_asked_for_match_or_clash_like_years(sentence, figure, question, match, clash):
    found = evidence(sentence, figure, question)
    assert (found["period_match"], found["period_clash"]) == (match, clash)


GUIDANCE = "For the third quarter of 2024, the company expects net sales of between €930 million and €1,010 million."
HALF_YEAR = "Net sales for the six months ended 30 June 2024 reached €1,842 million."
BALANCE = "As of the end of June, loans had reached 3.2 billion yuan."
RELEASE = "The next results will be published on 6 February 2025."


@pytest.mark.parametrize("sentence, figure, question, match, clash", [
    # periods named in other words compare by the months they cover
    (GUIDANCE, "between €930 million and €1,010 million", "What were net sales in the first half of 2024?", 0.0, 1.0),
    (GUIDANCE, "between €930 million and €1,010 million", "What were net sales for the first six months?", 0.0, 1.0),
    (HALF_YEAR, "€1,842 million", "What were net sales in H1 2024?", 1.0, 0.0),
    (HALF_YEAR, "€1,842 million", "What were net sales in the first half?", 1.0, 0.0),
    (HALF_YEAR, "€1,842 million", "What were net sales in the third quarter?", 0.0, 1.0),
    # a month within the half asked neither matches nor clashes: the balance at its end
    (BALANCE, "3.2 billion yuan", "How much had the bank lent in the first half?", 0.0, 0.0),
    # a longer period holds the one asked, a shorter one is a part of it: neither answers ...
    ("Management expects growth of between 10% and 14% for the full year.", "between 10% and 14%",
     "By how much did sales grow in the first half?", 0.0, 1.0),
    (QUARTERLY, "$1.42 billion", "What was revenue for the full year?", 0.0, 1.0),
    ("For the full year 2024, the company expects growth of 14%.", "14%",
     "What full-year growth does the company expect?", 1.0, 0.0),
    ("For the full fiscal year 2025, the company expects free cash flow of $140 million.", "$140 million",
     "How much free cash flow does the company expect in the third quarter?", 0.0, 1.0),
    # ... but a period that ends with the month asked holds that month's balance
    ("Loans reached 3.2 billion yuan in the first half.", "3.2 billion yuan",
     "What was the balance of loans at the end of June?", 0.0, 0.0),
    # a date answers when: it is not a period named beside itself
    (RELEASE, "6 February 2025", "When will the company publish its Q4 results?", 0.0, 0.0),
    # "the year ended 30 June 2025" is a financial year, not June: its full year matches ...
    ("Revenue for the full year was £2.3 billion.", "£2.3 billion", "What was revenue for the year ended 30 June 2025?",
     1.0, 0.0),
    # ... and the half year within it is a part of it
    ("Revenue for the six months ended 31 December 2024 was £1.2 billion.", "£1.2 billion",
     "What was revenue for the year ended 30 June 2025?", 0.0, 1.0),
])
def test_periods_named_in_other_words_match_or_clash_by_their_months(sentence, figure, question, match, clash):
    found = evidence(sentence, figure, question)
    assert (found["period_match"], found["period_clash"]) == (match, clash)


LTV = "Loan-to-value fell to 31.7% at 30 June 2024 from 34.2% at 31 December 2023."
DEFENCE = "Defence spending will rise from 2.3% of GDP in 2026-27 to 2.6% of GDP by 2029-30."


@pytest.mark.parametrize("sentence, figure, question, match, clash", [
    # the date written right after a figure dates it, not the other figures of its stretch
    (LTV, "31.7%", "What was the loan-to-value ratio at 30 June 2024?", 1.0, 0.0),
    (LTV, "34.2%", "What was the loan-to-value ratio at 30 June 2023?", 0.0, 1.0),  # December, not June
    (LTV, "34.2%", "What was the loan-to-value ratio at the end of December 2023?", 1.0, 0.0),
    (DEFENCE, "2.6%", "What will defence spending reach by 2029-30?", 1.0, 0.0),
    (DEFENCE, "2.3%", "What will defence spending reach by 2029-30?", 0.0, 1.0),
    ("Net borrowing was £131.5bn, or 4.7% of GDP, in 2025-26.", "4.7%", "What was borrowing as a share of GDP in 2025-26?",
     1.0, 0.0),  # after a comma
    ("Inflation fell to 3.1 per cent in October from 3.6 per cent in September.", "3.1 per cent",
     "What was inflation in September?", 0.0, 1.0),  # a month, with no year
    ("Inflation fell to 3.1 per cent in October from 3.6 per cent in September.", "3.6 per cent",
     "What was inflation in September?", 1.0, 0.0),
    # ... and only it: the month after the earlier value is not the later one's
    ("Core inflation eased to 2.6% from 2.7% in July.", "2.6%", "What was core inflation in July?", 0.0, 0.0),
    ("Core inflation eased to 2.6% from 2.7% in July.", "2.7%", "What was core inflation in July?", 1.0, 0.0),
    ("The ratio fell to 31.7% from 34.2% at 31 December 2023.", "31.7%", "What was the ratio at the end of 2023?",
     0.0, 0.0),
    # a figure alone in brackets is of the date right before them
    ("Copper output of 58,400 tonnes, up 4% on Q2 2025 (56,200 tonnes).", "56,200 tonnes",
     "How much copper was produced in Q2 2025?", 1.0, 0.0),
    ("Copper output of 58,400 tonnes, up 4% on Q2 2025 (56,200 tonnes).", "56,200 tonnes",
     "How much copper was produced in Q3 2025?", 0.0, 1.0),
    # a time counted from the sentence's year
    ("At the 2011 census the parish had a population of 9,412, up from 8,736 ten years earlier.", "8,736",
     "How many people lived in the parish in 2001?", 1.0, 0.0),
    ("At the 2011 census the parish had a population of 9,412, up from 8,736 ten years earlier.", "8,736",
     "How many people lived in the parish in 2011?", 0.0, 1.0),
])
def test_the_date_right_after_a_figure_dates_it(sentence, figure, question, match, clash):
    found = evidence(sentence, figure, question)
    assert (found["period_match"], found["period_clash"]) == (match, clash)


GUIDANCE_RAISED = "EBITDA is now expected to be US$3.6–4.0 billion, up from US$2.9–3.4 billion previously."


@pytest.mark.parametrize("question, earlier_asked", [
    ("What was the EBITDA guidance range before it was raised?", 1.0),
    ("What was the previous EBITDA guidance?", 1.0),
    ("What EBITDA does the company now expect?", 0.0),
])
def test_a_value_before_it_was_revised_is_asked_for_as_an_earlier_one(question, earlier_asked):
    before = evidence(GUIDANCE_RAISED, "US$2.9–3.4 billion", question)
    assert before["reference_asked"] == earlier_asked and before["reference"] == 1.0 - earlier_asked


def test_a_figure_dated_to_another_period_than_asked_is_not_given_as_the_answer(tmp_path):
    from qa.api import QA, build
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "bulletin.txt").write_text(
        "Labour market\n\nThe seasonally adjusted unemployment rate was 4.3% in June 2024.\n", encoding="utf-8")
    build(tmp_path / "docs", tmp_path / "index", notify=lambda message: None)
    bot = QA(tmp_path / "docs", tmp_path / "index", update=False)
    assert bot.ask("What was the unemployment rate in June 2024?").answer.text == "4.3%"
    assert not bot.ask("What was the unemployment rate in September 2024?").answered


REPORT = ("Acme Holdings\nAnnual Report 2023\n\nNet profit was $612 million, up from $548 million a year earlier. "
          "In 2021, net profit was $301 million.")


def report_evidence(figure_text: str, question: str) -> dict[str, float]:
    figure = next(f for f in find_figures(REPORT) if f.text == figure_text)
    second = REPORT.index("In 2021")
    lo, hi = (REPORT.index("Net profit"), second - 1) if figure.start < second else (second, len(REPORT))
    return period_evidence(figure, REPORT, lo, hi, REPORT[lo:hi], analyse(question))


@pytest.mark.parametrize("figure, question, match, clash", [
    ("$612 million", "What was net profit in 2023?", 1.0, 0.0),  # the title's year
    ("$612 million", "What was net profit in 2022?", 0.0, 1.0),
    ("$548 million", "What was net profit in 2022?", 1.0, 0.0),  # a year earlier than the title's
    ("$301 million", "What was net profit in 2022?", 0.0, 1.0),  # its sentence opens with its own year ...
    ("$301 million", "What was net profit in 2021?", 1.0, 0.0),  # ... and the title's is not used
])
def test_a_sentence_that_names_no_year_is_of_the_year_in_the_title(figure, question, match, clash):
    found = report_evidence(figure, question)
    assert (found["period_match"], found["period_clash"]) == (match, clash)


GOLD = "Marula Crest Mining plc\nProduction Report for the Third Quarter 2024\n\n" \
       "- Group gold production of 187,400 ounces, 8% higher than the 173,500 ounces produced in Q3 2023"


@pytest.mark.parametrize("figure, question, clash", [
    ("187,400 ounces", "What was gold production in the third quarter of 2023?", 1.0),  # the title's year
    ("187,400 ounces", "What was gold production in the third quarter of 2024?", 0.0),
    ("173,500 ounces", "What was gold production in the third quarter of 2023?", 0.0),
])
def test_a_year_in_another_figures_stretch_leaves_this_one_to_the_title(figure, question, clash):
    found = period_evidence(next(f for f in find_figures(GOLD) if f.text == figure), GOLD, GOLD.index("- Group"),
                            len(GOLD), GOLD[GOLD.index("- Group"):], analyse(question))
    assert found["period_clash"] == clash


INTERIM_WITH_FORECAST = ("Brennecke Industrie AG\nInterim Results for the six months ended 30 June 2025\n\n"
             "Revenue was €2.1 billion. Free cash flow is expected to be approximately €450 million.")


@pytest.mark.parametrize("figure, question, match, clash", [
    ("approximately €450 million", "What free cash flow is forecast for full-year 2025?", 1.0, 0.0),
    ("approximately €450 million", "What free cash flow is forecast for the first half of 2025?", 0.0, 1.0),
    ("approximately €450 million", "What free cash flow is forecast for 2026?", 0.0, 1.0),  # the title's year
    ("€2.1 billion", "What was revenue for full-year 2025?", 0.0, 1.0),  # a result is of the half
    ("€2.1 billion", "What was revenue in the first half of 2025?", 1.0, 0.0),
])
def test_a_forecast_in_a_report_of_part_of_a_year_is_of_the_whole_year(figure, question, match, clash):
    text = INTERIM_WITH_FORECAST
    found = next(f for f in find_figures(text) if f.text == figure)
    lo = max(text.index("Revenue"), text.rfind(". ", 0, found.start) + 2)  # the figure's sentence
    hi = text.index(".", found.end) + 1
    evidence = period_evidence(found, text, lo, hi, text[lo:hi], analyse(question))
    assert (evidence["period_match"], evidence["period_clash"]) == (match, clash)


def test_a_title_names_both_years_of_a_financial_year():
    text = "Severnbrook Trust\nAnnual Report 2023/24\n\nWe treated 52,640 patients."
    figure = next(f for f in find_figures(text) if f.text.startswith("52,640"))
    lo = text.index("We")
    for question in ("How many patients were treated in 2023?", "How many patients were treated in 2024?"):
        assert period_evidence(figure, text, lo, len(text), text[lo:], analyse(question))["period_clash"] == 0.0
    found = period_evidence(figure, text, lo, len(text), text[lo:], analyse("How many patients were treated in 2022?"))
    assert found["period_clash"] == 1.0


@pytest.mark.parametrize("heading, clash_2023, clash_2024", [
    ("BRACKENMOOR HOMES\n\nAnnual Review 2024\n\n", 1.0, 0.0),  # the year in the line below the blank one
    ("PRESS RELEASE\n\nThird quarter 2024 results\n\n", 1.0, 0.0),
    ("HENGTONG BANK NEWS\n\nSunday 6 October 2024\n\n", 0.0, 0.0),  # the day it was published: no period
    ("HENGTONG BANK NEWS\n\nSource: Daily | 2024-07-26\n\n", 0.0, 0.0),
    ("HENGTONG BANK NEWS\n\n- Output rose 5% in 2024\n\n", 0.0, 0.0),  # an item of a list is no title
    ("KELSFORD COUNCIL\n\nReport in the Public Interest\nIssued under the Audit Act 2014\n\n", 0.0, 0.0),
])
def test_a_title_that_names_no_year_may_name_it_in_the_line_below_a_blank_one(heading, clash_2023, clash_2024):
    text = heading + "We treated 52,640 patients."
    figure = next(f for f in find_figures(text) if f.text.startswith("52,640"))
    lo = text.index("We")
    clashes = [period_evidence(figure, text, lo, len(text), text[lo:],
                               analyse(f"How many patients were treated in {year}?"))["period_clash"]
               for year in (2023, 2024)]
    assert clashes == [clash_2023, clash_2024]


SECTIONS = """NORTHWIND FOODS PLC
Third Quarter 2025 Trading Update

Revenue rose to £1.2 billion in the quarter.

Outlook for 2026

Revenue is expected to reach £5.1 billion.

- Net debt of £310 million (Q3 2024: £350 million)

Capital spending was £88 million.

Released 24 October 2024, 07:00

Headcount was 4,200.

4. Outlook for 2027

Margin is expected to reach 9.5%.
"""


@pytest.mark.parametrize("figure, question, match, clash", [
    ("£1.2 billion", "What was revenue in the third quarter of 2025?", 1.0, 0.0),  # the title's quarter
    ("£5.1 billion", "What revenue is expected for 2026?", 1.0, 0.0),  # the section's heading names 2026
    ("£5.1 billion", "What revenue is expected for 2025?", 0.0, 1.0),
    ("£88 million", "What was capital spending in 2025?", 1.0, 0.0),  # an item of a list is no heading
    ("4,200", "What was headcount in 2025?", 1.0, 0.0),  # nor the day a heading was published
    ("9.5%", "What margin is expected for 2027?", 1.0, 0.0),  # a numbered heading dates what it holds too
])
def test_a_sections_heading_dates_what_it_holds(figure, question, match, clash):
    found = next(f for f in find_figures(SECTIONS) if f.text == figure)
    lo = SECTIONS.rfind("\n", 0, found.start) + 1
    hi = SECTIONS.index("\n", found.end)
    evidence = period_evidence(found, SECTIONS, lo, hi, SECTIONS[lo:hi], analyse(question))
    assert (evidence["period_match"], evidence["period_clash"]) == (match, clash)


NEWS = ("Dongrui Bank Brings Credit to Small Businesses\n\n"
        "According to data released by the branch on October 15, as of the end of September 2025, the branch's "
        "balance of inclusive loans reached 12.84 billion yuan, an increase of 2.17 billion yuan over the beginning "
        "of the year.\n\nThe balance of such loans in the city stood at 86.5 billion yuan at the end of September.")
ARTICLE = ("Harwick Bridge\n\nHarwick Bridge is a suspension bridge over the river Tane that opened in 1891 after "
           "eleven years of work, and it carried tolls until the borough bought it out.\n\n"
           "The bridge carries 41,000 vehicles a day.")


@pytest.mark.parametrize("text, figure, year, clash", [
    (NEWS, "86.5 billion yuan", 2024, 1.0),  # the first paragraph's year dates the article
    (NEWS, "86.5 billion yuan", 2025, 0.0),
    (ARTICLE, "41,000", 2024, 0.0),  # a year an encyclopedia opens with is no date of the article
])
def test_a_news_articles_first_paragraph_dates_it_when_its_title_names_no_year(text, figure, year, clash):
    found = next(f for f in find_figures(text) if f.text == figure)
    lo = text.rindex("\n", 0, found.start) + 1
    question = analyse(f"What was it in {year}?" if figure.endswith("yuan") else f"How many vehicles in {year}?")
    assert period_evidence(found, text, lo, len(text), text[lo:], question)["period_clash"] == clash


def test_a_part_of_a_whole_is_of_the_wholes_year():
    text = ("Dayuan Bank 2025 Symposium\n\nThe branch issued 142.7 billion yuan of loans to private enterprises "
            "in 2024, of which medium and long-term loans were 61.2 billion yuan.")
    found = next(f for f in find_figures(text) if f.text == "61.2 billion yuan")
    lo = text.index("The branch")
    for year, match, clash in ((2024, 1.0, 0.0), (2025, 0.0, 1.0)):
        evidence = period_evidence(found, text, lo, len(text), text[lo:],
                                   analyse(f"How much medium and long-term lending was there in {year}?"))
        assert (evidence["period_match"], evidence["period_clash"]) == (match, clash)


def test_a_date_in_a_title_is_no_financial_year_of_two():
    text = "Harbour News 2024-03-19\n\nWe treated 52,640 patients."  # not "2024-03", 2024 and 2003
    figure = next(f for f in find_figures(text) if f.text.startswith("52,640"))
    lo = text.index("We")
    found = period_evidence(figure, text, lo, len(text), text[lo:], analyse("How many patients were treated in 2003?"))
    assert found["period_clash"] == 1.0


@pytest.mark.parametrize("question, clash", [
    ("How many patients were treated in 2024/25?", 0.0),  # the year ended July 2025 is 2024/25
    ("How many patients were treated in 2023/24?", 1.0),
    # a financial year named by one year is the year it ends: "fiscal 2024" ended in July 2024
    ("How many patients were treated in fiscal 2024?", 1.0),
    ("How many patients were treated in fiscal 2025?", 0.0),
])
def test_a_title_of_the_year_ended_in_july_names_the_financial_year_asked_in_two_years(question, clash):
    text = "Severnbrook Trust\nAnnual Report for the year ended 31 July 2025\n\nWe treated 52,640 patients."
    figure = next(f for f in find_figures(text) if f.text.startswith("52,640"))
    lo = text.index("We")
    assert period_evidence(figure, text, lo, len(text), text[lo:], analyse(question))["period_clash"] == clash


OPENER = "During the third quarter, the company repurchased 2.1 million shares for $268 million."


@pytest.mark.parametrize("question, match, clash", [
    ("How many shares were repurchased in the third quarter?", 1.0, 0.0),
    ("How many shares were repurchased in the second quarter?", 0.0, 1.0),
])
def test_an_opening_phrase_dates_the_whole_sentence(question, match, clash):
    found = evidence(OPENER, "2.1 million", question)
    assert (found["period_match"], found["period_clash"]) == (match, clash)


def test_a_period_in_another_figures_stretch_does_not_date_this_one():
    sentence = "The order backlog stood at €5.93 billion, up from €5.61 billion at 31 December 2023."
    found = evidence(sentence, "€5.93 billion", "How large was the order backlog at the end of December 2023?")
    assert found["period_match"] == 0.0


DELIVERIES = ("Voltaris delivered 38,412 vehicles in October, an increase of 27.4% year-over-year from 30,150 "
              "in October 2023.")
EBITDA = "EBITDA was US$1.12 billion, against US$412 million in the same quarter last year."
BORROWING = "The OBR forecasts that borrowing will fall to £118.6bn (4.1% of GDP) in 2026-27 and £81.4bn (2.6% of GDP) in 2028-29."


@pytest.mark.parametrize("sentence, figure, question, reference", [
    (DELIVERIES, "30,150", "How many vehicles did Voltaris deliver a year earlier?", 1.0),  # "from" after a change
    (DELIVERIES, "38,412", "How many vehicles did Voltaris deliver a year earlier?", 0.0),
    (EBITDA, "US$412 million", "What was EBITDA in the same quarter last year?", 1.0),
    (EBITDA, "US$1.12 billion", "What was EBITDA in the same quarter last year?", 0.0),
    ("The balance had stood at 442.4 billion yuan at the end of last year.", "442.4 billion yuan",
     "What was the loan balance a year earlier?", 1.0),
    (UK_STYLE, "£1.71 billion", "What was turnover in the previous financial year?", 1.0),  # "(2023: ...)"
    (UK_STYLE, "£1.84 billion", "What was turnover in the previous financial year?", 0.0),
    ("Underlying EBITDA of A$1.12 billion, up 9% (FY23: A$1.03 billion).", "A$1.03 billion",
     "What underlying EBITDA did the company report for the prior financial year?", 1.0),
])
def test_the_value_compared_with_is_known_by_how_reports_write_it(sentence, figure, question, reference):
    assert evidence(sentence, figure, question)["reference_asked"] == reference


def test_a_period_after_a_change_from_is_no_value_compared_with():
    sentence = "Income inequality did fall in the United States from 1910 to 1940 and thereafter."
    assert evidence(sentence, "1910 to 1940", "When did income inequality fall?")["reference"] == 0.0


@pytest.mark.parametrize("figure, year, match", [
    ("£81.4bn", "2028", 1.0),  # the aside in brackets after the figure is passed over
    ("£118.6bn", "2028", 0.0),
    ("£118.6bn", "2026", 1.0),
])
def test_the_year_after_an_aside_in_brackets_dates_the_figure_before_it(figure, year, match):
    found = evidence(BORROWING, figure, f"How much will the government borrow in {year}-{int(year[2:]) + 1}?")
    assert found["period_match"] == match


OPENING = ("By the end of 2023, the system had evaluated 16,800 villages, granting credit to 3.42 million "
           "farming households.")


@pytest.mark.parametrize("question, match, clash", [
    ("How many farming households had been granted credit by the end of 2023?", 1.0, 0.0),
    ("How many farming households had been granted credit by the end of 2022?", 0.0, 1.0),
])
def test_a_year_that_opens_the_sentence_dates_a_figure_whose_stretch_names_none(question, match, clash):
    found = evidence(OPENING, "3.42 million", question)
    assert (found["period_match"], found["period_clash"]) == (match, clash)


AUSTRALIAN = "Underlying EBITDA was A$1.12 billion, up 9% (FY23: A$1.03 billion)."


@pytest.mark.parametrize("figure, question, match, clash", [
    ("A$1.03 billion", "What underlying EBITDA did the company report for FY23?", 1.0, 0.0),
    ("A$1.12 billion", "What underlying EBITDA did the company report for FY23?", 0.0, 1.0),
])
def test_a_financial_year_written_fy23_is_the_year_2023(figure, question, match, clash):
    assert analyse(question).years == {2023}
    found = evidence(AUSTRALIAN, figure, question)
    assert (found["period_match"], found["period_clash"]) == (match, clash)


CUSTOMS = ("According to statistics released by the customs on October 18, from January to September this "
           "year, the province's total import and export value reached 612.47 billion yuan, a year-on-year "
           "increase of 7.6%.")
SEQUENTIAL = ("This compares with net income of $158.9 million, or $1.12 per diluted share, for the third "
              "quarter of 2024, and $169.4 million, or $1.22 per diluted share, for the second quarter of 2025.")


@pytest.mark.parametrize("sentence, figure, question, match, clash", [
    # the sentence opens with two dating phrases: the nearer one dates the figure
    (CUSTOMS, "612.47 billion yuan", "What was the total import and export value from January to September?", 1.0, 0.0),
    (CUSTOMS, "612.47 billion yuan", "What was the total import and export value in the first half?", 0.0, 1.0),
    # a date after another figure dates that figure, not the next one: the sentence does not open with it
    (SEQUENTIAL, "$169.4 million", "What was net income in the third quarter of 2024?", 0.0, 0.0),
    # the commas of "4,318" and "4,702" break no phrase: "2024: 4" is no dating phrase of 1,046
    ("Home completions of 4,318 (2024: 4,702), of which 1,046 were affordable homes.", "1,046",
     "How many affordable homes were completed in 2025?", 0.0, 0.0),
    # nor does the comma inside a date: "November 20, 2025" is not a phrase "2025 show that"
    ("Data released by the branch on November 20, 2025 show that, as of the end of October, the number of "
     "pension accounts opened with the branch reached 214,600.", "214,600",
     "How many pension accounts had been opened at the branch by the end of October?", 1.0, 0.0),
    # the short phrase just before the figure's stretch dates it, past other figures
    ("The town had already suffered from cholera in 1832, when 312 people died, and again in 1849, when the "
     "death toll was 486.", "486", "What was the death toll in the 1849 outbreak?", 1.0, 0.0),
    ("The town had already suffered from cholera in 1832, when 312 people died, and again in 1849, when the "
     "death toll was 486.", "312", "What was the death toll in the 1849 outbreak?", 0.0, 1.0),
    # not a phrase in brackets (an aside of another figure)
    ("Boardings were 88% of pre-pandemic (FY2019) ridership. Bus services are expected to carry 61.2 million "
     "boardings.", "61.2 million", "What was ridership in FY2019?", 0.0, 1.0),
])
def test_the_nearest_of_the_dating_phrases_a_sentence_opens_with_dates_the_figure(sentence, figure, question,
                                                                                   match, clash):
    found = evidence(sentence, figure, question)
    assert (found["period_match"], found["period_clash"]) == (match, clash)


def test_last_year_opening_the_sentence_makes_the_figure_last_years():
    sentence = ("Looking back at last year, the total industrial output value of the zone reached 86.4 billion "
                "yuan, an increase of 9.7% over the previous year.")
    question = "What was the total industrial output value of the zone last year?"
    assert evidence(sentence, "86.4 billion yuan", question)["period_clash"] == 0.0
    this_year = "This year, the total industrial output value of the zone reached 91.2 billion yuan."
    assert evidence(this_year, "91.2 billion yuan", question)["period_clash"] == 1.0


@pytest.mark.parametrize("question, clash", [
    ("On what date did the bureau release the city's first-half economic data?", 0.0),  # released after it
    ("On what date in the third quarter did the bureau release the data?", 0.0),        # July is in it
    ("On what date in the second half did the bureau release the data?", 0.0),
    ("On what date in the fourth quarter did the bureau release the data?", 1.0),       # July is before it
])
def test_a_date_asked_for_may_fall_after_the_period_the_question_names(question, clash):
    sentence = "On July 19, the municipal bureau of statistics released the city's economic data for the first half."
    assert evidence(sentence, "July 19", question)["period_clash"] == clash


@pytest.mark.parametrize("question, clash", [
    ("What total investment was signed on May 16?", 0.0),     # a day of the second quarter
    ("What total investment was signed in May?", 1.0),        # a month: the quarter's sum is not May's
    ("What total investment was signed on February 27?", 1.0),  # a day of another quarter
])
def test_a_day_asked_for_is_in_the_period_that_holds_it(question, clash):
    sentence = "In the second quarter, 26 projects were signed with a total investment of 18.76 billion yuan."
    assert analyse(question).on_a_day == ("May" not in question or "May 16" in question)
    assert evidence(sentence, "18.76 billion yuan", question)["period_clash"] == clash


@pytest.mark.parametrize("question, clash", [
    ("How much has the branch paid out in claims so far?", 1.0),  # the document's own time
    ("How much did the branch pay in claims last year?", 0.0),
    ("How much has the branch paid in claims?", 0.0),
])
def test_a_figure_said_to_be_last_years_is_not_what_has_happened_so_far(question, clash):
    sentence = "The branch paid a total of 2.36 billion yuan in claims of all kinds last year."
    assert evidence(sentence, "2.36 billion yuan", question)["period_clash"] == clash


PRODUCTION = ("Tallow Creek Resources Limited\nQuarterly Production Report: Q3 FY2025 (quarter ended 31 March 2025)\n\n"
              "Highlights\n\n"
              "- Copper production of 28,640 tonnes, up 6.4% on the December quarter (Q2 FY2025: 26,910 tonnes)\n"
              "- Gold production of 61,420 ounces, down 5.3% on the December quarter (Q2 FY2025: 64,880 ounces)\n")


def test_an_aside_of_the_documents_own_year_does_not_date_the_figure_before_it(tmp_path):
    """"(Q2 FY2025: 26,910 tonnes)" in the Q3 FY2025 report compares another quarter of the same
    year: 2025, asked, is not only the aside's."""
    result = one_document(tmp_path, "tallow-creek-q3.txt", PRODUCTION).ask(
        "How much copper did Tallow Creek produce in the quarter to March 2025?")
    assert result.answer.text == "28,640 tonnes" and result.answer.evidence["period_clash"] == 0.0


HOUSING = ("Housing Statistics Bulletin: Q2 2025\n\n"
           "- The average house price in Dunmere was £287,450 in June 2025, 3.2% higher than a year earlier "
           "(£278,540).\n- Average private rents were £1,071 a month.\n")


@pytest.mark.parametrize("question, answer", [
    ("What was the average house price in Dunmere in June 2024?", "£278,540"),
    ("What was the average house price in Dunmere in June 2025?", "£287,450"),
    ("What is the average house price in Dunmere?", "£287,450"),
])
def test_a_value_in_brackets_after_a_year_earlier_is_last_years_of_the_same_measure(tmp_path, question, answer):
    assert one_document(tmp_path, "dunmere-housing.txt", HOUSING).ask(question).answer.text == answer


LENDING = ("Ruifang Bank Linjiang Branch Backs Manufacturers\n\n"
           "As of the end of March, the branch's loan balance reached 86.4 billion yuan, an increase of 7.2 billion yuan "
           "from the beginning of the year, up 11.6% year-on-year.\n")


@pytest.mark.parametrize("question, answer", [
    ("By how much did the branch's loans grow between the start of the year and the end of March?", "7.2 billion yuan"),
    ("By how much did the branch's loans grow since the beginning of the year?", "7.2 billion yuan"),
    ("How fast did the branch's loans grow year on year?", "11.6%"),
])
def test_a_change_since_the_start_of_the_year_is_not_one_on_a_year_earlier(tmp_path, question, answer):
    assert one_document(tmp_path, "linjiang-branch.txt", LENDING).ask(question).answer.text == answer


EARNINGS = ("Labour Market Statistics: May 2025\n\n"
            "Average gross monthly earnings were €3,214 in the first quarter of 2025, 4.6% higher than a year earlier. "
            "The employment rate rose to 74.6%, the highest since the series began.\n")


def test_a_change_written_after_a_level_is_of_the_levels_period(tmp_path):
    result = one_document(tmp_path, "labour-may-2025.txt", EARNINGS).ask(
        "How fast did pay grow in the year to the first quarter of 2025?")
    assert result.answer.text == "4.6%" and result.answer.evidence["period_clash"] == 0.0


@pytest.mark.parametrize("question, years, base", [
    ("By how much did the port group's EBITDA margin change compared with H1 2024?", set(), {2024}),
    ("How much did revenue grow in 2024 compared with 2023?", {2024}, {2023}),
    ("By how much did sales in Q2 2025 rise on the same quarter of 2024?", {2025}, {2024}),
    ("What was revenue in 2024 compared with 2023?", {2023, 2024}, set()),  # a level: both years are asked
    # a range of months, and the year a change happened over, are asked about
    ("How much did exports grow from January to June 2025?", {2025}, set()),
    ("How much did revenue grow over 2024?", {2024}, set()),
    ("How much did revenue grow over the same period of 2023?", set(), {2023}),
])
def test_the_year_a_change_is_compared_with_is_its_base_not_the_year_asked(question, years, base):
    parsed = analyse(question)
    assert (parsed.years, parsed.base_years) == (years, base)


PORT = ("Harwick Bay Ports plc\nHalf-year trading update: six months to 30 June 2025\n\n"
        "- Underlying EBITDA of £57.3 million (H1 2024: £55.9 million); EBITDA margin of 38.6%, down 1.6 percentage "
        "points\n\nDwelling commencements in the June quarter totalled 6,840, down 7.9% on the March quarter and "
        "12.4% lower than the June quarter 2024.\n")


@pytest.mark.parametrize("question, answer", [
    # the change of this half, which the report's title dates 2025, not 2024
    ("By how much did the port group's EBITDA margin change compared with H1 2024?", "1.6 percentage points"),
    # the change that names the year compared with, written "N% lower than ..."
    ("By what percentage were dwelling commencements down compared with the same quarter of 2024?", "12.4%"),
])
def test_a_change_compared_with_an_earlier_period_is_of_the_reports_own(tmp_path, question, answer):
    assert one_document(tmp_path, "harwick-h1-2025.txt", PORT).ask(question).answer.text == answer


@pytest.mark.parametrize("sentence, figure_text", [
    ("Commencements were 12.4% lower than the June quarter 2023.", "12.4%"),
    ("Sales were 3.1% higher than in Q2 2024.", "3.1%"),
    ("Output was 5% more than in the first half of 2023.", "5%"),
])
def test_n_percent_lower_than_an_earlier_period_is_a_change_written(sentence, figure_text):
    from qa.answering import change_evidence
    figure = next(f for f in find_figures(sentence) if f.text == figure_text)
    assert change_evidence(figure, sentence, 0, analyse("By what percentage did commencements fall?"))["change_written"] == 1.0


HOLIDAY = ("Tourism Festival Draws Visitors over National Day Holiday\n\n"
           "During the National Day holiday, Yunshan County received 2.86 million tourist visits, up 41.2% "
           "year-on-year. Tourism revenue reached 1.93 billion yuan.\n\n"
           "\"We have turned passing traffic into visitors who stay,\" said the bureau's director. By comparison, during "
           "the May Day holiday this year, the county received 1.52 million visits.\n")


def test_a_sentence_opening_by_comparison_gives_the_value_compared_with(tmp_path):
    sentence = "By comparison, during the May Day holiday this year, the county received 1.52 million visits."
    figure = next(f for f in find_figures(sentence) if f.text == "1.52 million")
    question = analyse("How many tourist visits did Yunshan County receive over the holiday?")
    assert period_evidence(figure, sentence, 0, len(sentence), "", question)["reference"] == 1.0
    assert one_document(tmp_path, "yunshan.txt", HOLIDAY).ask(question.text).answer.text == "2.86 million"


MONTHLY = ("Yunlan Economy in the First Three Quarters\n\n"
           "From January to September, the added value of industrial enterprises above designated size increased by "
           "7.2% year-on-year. In September, industrial added value grew by 8.0%.\n")


@pytest.mark.parametrize("question, answer", [
    ("What was industrial growth in September on its own?", "8.0%"),
    ("How fast did industrial added value grow in the first three quarters?", "7.2%"),
])
def test_a_month_asked_alone_is_not_answered_by_the_months_to_it(tmp_path, question, answer):
    assert one_document(tmp_path, "yunlan.txt", MONTHLY).ask(question).answer.text == answer


@pytest.mark.parametrize("title, days", [
    ("Public Accounts 2024-25\nTabled in the Legislative Assembly on September 25, 2025", {(9, 9)}),
    ("Kestrel Ridge Resources\n21 August 2024", {(8, 8)}),
    ("Trading Update for the Quarter ended 30 September 2024", set()),  # the end of the quarter covered
    ("Balance sheet as at 30 June 2024", set()),                        # a balance's date
    ("Traffic report for October 2024\nDublin, 6 November 2024", {(11, 11)}),
])
def test_a_day_a_title_was_published_on_is_no_period_it_covers(title, days):
    from qa.question import days_written
    assert days_written(title) == days


ACCOUNTS = ("PROVINCE OF LAURENTIDE\nPublic Accounts 2024-25: Annual Report\n"
            "Ministry of Finance - tabled in the Legislative Assembly on September 25, 2025\n\n"
            "Net debt was $128.6 billion at March 31, 2025. Net debt to GDP rose to 29.8%, from 29.1% a year earlier.\n")


def test_a_title_published_in_another_month_does_not_date_the_figures(tmp_path):
    result = one_document(tmp_path, "laurentide.txt", ACCOUNTS).ask(
        "What was Laurentide's net debt as a share of GDP at March 31, 2025?")
    assert result.answer.text == "29.8%" and result.answer.evidence["period_clash"] == 0.0


def test_the_value_after_from_is_compared_with_when_the_change_stands_before_the_comma():
    sentence = "The number of looked-after children in the city has risen to 1,128, from 1,040 two years ago."
    question = "How many children are now in the council's care?"
    assert evidence(sentence, "1,040", question)["reference"] == 1.0
    assert evidence(sentence, "1,128", question)["reference"] == 0.0


@pytest.mark.parametrize("sentence, figure, clash", [
    # dated to neither the year asked nor the year compared with: another change
    ("During 2003-04, the gross value of agricultural production increased by 17% to $8.7 billion.", "17%", 1.0),
    ("Production increased by 17% on 2004.", "17%", 0.0),  # the year compared with
    ("Production increased by 17% last year.", "17%", 0.0),  # no year: the document's own
])
def test_a_change_dated_to_another_year_than_the_one_compared_with_clashes(sentence, figure, clash):
    assert evidence(sentence, figure, "How much did agricultural production increase since 2004?")["period_clash"] == clash


def test_a_months_own_figure_is_not_of_the_months_asked():
    sentence = "In September alone, the city's imports and exports totalled 13.2 billion yuan, up 11.5%."
    asked = "How much did the city trade in the first nine months of the year?"
    assert evidence(sentence, "13.2 billion yuan", asked)["period_clash"] == 1.0
    # ... while a balance at a month's end stands for the period ending with it
    balance = "As of the end of September, the loan balance was 8.4 billion yuan."
    assert evidence(balance, "8.4 billion yuan", "What was the loan balance in the first nine months?")[
        "period_clash"] == 0.0


@pytest.mark.parametrize("text, begun", [
    ("Financial Statements for the year ended 31 July 2025", {2024}),
    ("Results for the year to March 31, 2025", {2024}),
    ("Annual Report for the year ended 31 December 2024", set()),  # a calendar year
    ("Annual Report 2024/25", set()),
])
def test_the_year_a_financial_year_ended_in_a_month_began_in(text, begun):
    from qa.question import financial_years_begun
    assert financial_years_begun(text) == begun
