"""Sentences and passage windows are exact spans of the document text, on every corpus we have."""
from pathlib import Path

import pytest

from qa.passages import MAX_PASSAGE_CHARS, lead_in, make_passages, section_heading, split_sentences, title_span
from qa.terms import abbreviations, span_stems, terms
from support import one_document, read_alone

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS_FILES = sorted((Path(__file__).resolve().parents[1] / "docs").glob("*.txt")) + \
    sorted((SHARED / "eval" / "squad2-numeric" / "corpus").glob("*.txt"))


def test_the_corpora_are_there():
    assert len(CORPUS_FILES) >= 2


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_passages_are_exact_windows_of_whole_sentences(path):
    text = path.read_text(encoding="utf-8")
    sentences = split_sentences(text)
    passages = make_passages(path.name, text)
    assert len(passages) == len(sentences) > 0
    starts = {s.start for s in sentences}
    ends = {s.end for s in sentences}
    for sentence in sentences:
        chunk = text[sentence.start:sentence.end]
        assert chunk == chunk.strip() and chunk
    for passage in passages:
        assert passage.end - passage.start <= MAX_PASSAGE_CHARS
        assert passage.start in starts and passage.end in ends
        assert passage.start <= passage.focus_start < passage.focus_end <= passage.end
        assert "\n" not in text[passage.start:passage.end]  # windows never cross paragraphs


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_every_sentence_is_the_focus_of_exactly_one_passage(path):
    text = path.read_text(encoding="utf-8")
    focuses = [(p.focus_start, p.focus_end) for p in make_passages(path.name, text)]
    assert focuses == [(s.start, s.end) for s in split_sentences(text)]


def test_sentence_split_keeps_abbreviations_and_initials_together():
    text = "Mr. J. K. Smith paid $5.5 million in 2023. The U.S. team won. It grew 3.5% vs. 2022!"
    found = [text[s.start:s.end] for s in split_sentences(text)]
    assert found == ["Mr. J. K. Smith paid $5.5 million in 2023.", "The U.S. team won.", "It grew 3.5% vs. 2022!"]


def test_sentence_split_on_question_marks_quotes_and_lines():
    text = 'He asked "Why?" Then left.\nA heading\nNext line starts here. 77 firms joined.'
    found = [text[s.start:s.end] for s in split_sentences(text)]
    assert found == ['He asked "Why?"', "Then left.", "A heading", "Next line starts here.", "77 firms joined."]


def test_a_long_line_without_punctuation_is_cut_into_bounded_pieces():
    text = " ".join(["word"] * 300_000)
    sentences = split_sentences(text)
    assert len(sentences) > 100
    assert all(s.end - s.start <= 400 for s in sentences)
    assert all(text[s.start:s.end].strip() == text[s.start:s.end] for s in sentences)


def test_a_long_sentence_is_cut_between_clauses_not_between_a_figure_and_its_noun():
    clause = "the bank supported the platform of the city and the upgrading of its many institutions"
    text = (f"Since 2023, {clause}, {clause}; and it built a service workstation in the two cities, "
            f"{clause}, providing 18 medical insurance affairs for residents in the cities; and more.")
    pieces = [text[s.start:s.end] for s in split_sentences(text)]
    assert len(pieces) > 1 and all(len(p) <= 400 for p in pieces)
    assert any("providing 18 medical insurance affairs" in p for p in pieces)
    assert pieces[0].endswith(";")


def test_window_holds_the_neighbour_that_names_the_topic():
    text = ("Gaozhu New Area relies on the bank for finance. The cumulative credit has exceeded 460 million "
            "yuan. Other news follows here.")
    passages = make_passages("a.txt", text)
    holding_figure = next(p for p in passages if "460" in text[p.focus_start:p.focus_end])
    assert "Gaozhu" in text[holding_figure.start:holding_figure.end]


def test_empty_and_blank_text_have_no_passages():
    assert make_passages("a.txt", "") == []
    assert make_passages("a.txt", " \n\n \t") == []


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_bm25_terms_of_every_window_are_those_of_its_text_read_alone(path):
    # The build reads each document once for the BM25 terms of its overlapping windows.
    text = path.read_text(encoding="utf-8")
    spans = [(p.start, p.end) for p in make_passages(path.name, text)]
    assert span_stems(text, spans) == [[t.stem for t in read_alone(text, s, e)] for s, e in spans]


def test_bm25_terms_of_a_span_leave_out_a_word_cut_by_its_end():
    assert span_stems("Loans grew 60% in 2023.", [(0, 13), (6, 23), (3, 3)]) == [["loan", "increas"], ["increas", "60%", "2023"], []]


def test_words_reports_use_for_one_another_are_one_term():
    from qa.terms import terms
    stems = lambda text: [t.stem for t in terms(text)]  # noqa: E731
    assert stems("sales revenue turnover") == ["revenu"] * 3
    assert stems("staff employees headcount workforce") == ["employe"] * 4
    assert stems("employ employs employed") == ["employe"] * 3  # "How many people does it employ?"
    assert stems("net borrowing, net debt") == ["net", "debt", "net", "debt"]
    assert stems("profit dividend") == ["profit", "dividend"]  # others keep their own stem
    assert stems("loans rose") == stems("loans increased") == stems("loans grew")  # a rise, however written
    assert stems("sales fell") == stems("sales declined") == stems("sales decreased")
    assert stems("loans rose") != stems("loans fell")
    assert stems("private companies") == stems("private firms") == stems("private enterprises")
    assert stems("capital spending") == stems("capital expenditure") and stems("built") == stems("construction")
    assert stems("rate cut") == stems("rate reduction") and stems("the acquisition") == stems("the purchase")
    assert stems("farm lending") == stems("farm loans") and stems("earnings") == stems("profits")
    assert stems("tourists") == stems("visitors") and stems("housing") == stems("homes") == stems("dwellings")
    assert stems("pupils") == stems("students") and stems("journeys") == stems("trips")
    assert stems("cross-border RMB settlement") == stems("cross-border renminbi settlement")
    assert stems("cars") == stems("vehicles") and stems("wages") == stems("salaries")


def test_accents_are_folded_and_other_scripts_kept():
    from qa.terms import normalize
    assert normalize("Möngke") == normalize("Mongke") and normalize("Zürich") == normalize("Zurich")
    assert normalize("中国") == "中国"


def test_a_long_noun_in_ment_is_what_its_verb_did():
    from qa.terms import normalize
    assert normalize("settlement") == normalize("settled") and normalize("agreement") == normalize("agreed")
    assert normalize("parliament") == "parliament"  # kept: not what a verb did
    assert normalize("comment") == "comment"  # a short one is left as it is


def test_the_past_forms_of_irregular_verbs_are_the_verb():
    from qa.terms import terms
    stems = lambda text: [t.stem for t in terms(text)]  # noqa: E731
    assert stems("visitors spent") == stems("visitors spend")
    assert stems("the works began") == stems("the works begin")
    assert stems("loans grew, shares rose, sales fell") == stems("loans grow, shares rise, sales fall")
    assert stems("left saw") == ["left", "saw"]  # as often another word: kept as they are


@pytest.mark.parametrize("british, american", [
    ("organisation", "organization"), ("recognised", "recognized"), ("privatisation", "privatization"),
    ("analysed", "analyzed"), ("theatre", "theater"), ("centres", "centers"), ("kilometres", "kilometers"),
    ("labourers", "laborers"), ("favourite", "favorite"), ("neighbourhood", "neighborhood"),
    ("defence", "defense"), ("licences", "licenses"), ("catalogue", "catalog"), ("programmes", "programs"),
    ("judgement", "judgment"), ("grey", "gray"),
])
def test_british_and_american_spellings_are_one_term(british, american):
    from qa.terms import normalize
    assert normalize(british) == normalize(american)


@pytest.mark.parametrize("word", ["four", "hour", "tour", "journal", "size", "prize", "citizen", "water", "string",
                                  "genre", "acre", "revise"])
def test_respelling_leaves_other_words_alone(word):
    import Stemmer
    from qa.terms import normalize
    assert normalize(word) == Stemmer.Stemmer("english").stemWord(word)


def test_a_root_ending_in_is_keeps_its_family():
    from qa.terms import normalize
    assert normalize("revised") == normalize("revision") == normalize("revise")


def test_a_question_in_american_spelling_finds_a_british_document(tmp_path):
    bot = one_document(tmp_path, "fresno.txt", "The city hall was built in 1941 on the main square. The Tower "
                                               "Theatre was built in 1939 and reopened in the late 1970s.")
    assert bot.ask("When was the theater built?").answer.text == "1939"


def test_a_country_and_the_word_for_its_people_are_one_term():
    from qa.terms import terms
    stems = lambda text: [t.stem for t in terms(text)]  # noqa: E731
    assert stems("German visitors") == stems("Germany visitors")
    assert stems("Chinese banks") == stems("China banks")
    assert stems("English French") != stems("England France")  # the language; the franc


MINE_REPORT = ("Group all-in sustaining cost (AISC) was $1,284/oz in the quarter. Research and development "
               "(R&D) spending rose. At the Akwaba mine, gold output rose 9% on higher grades. AISC at the mine "
               "fell to $1,196/oz, helped by lower diesel consumption. Battery-electric vehicles (BEVs) made up "
               "half of the fleet. The sustaining cost of the plant is not an AISC.")


def test_a_document_reads_an_abbreviation_it_defines_as_what_it_stands_for():
    from qa.terms import abbreviations, document_terms
    assert {(a.short, a.stands_for) for a in abbreviations(MINE_REPORT)} == {
        ("AISC", ("sustain", "cost")), ("R&D", ("research", "develop")), ("BEV", ("batteri", "electr", "vehicl"))}
    read = document_terms(MINE_REPORT)
    at = lambda phrase: {t.stem for t in read if t.start == MINE_REPORT.index(phrase)}  # noqa: E731
    assert at("AISC at the mine") == {"aisc", "sustain", "cost"}          # the short form, used after
    assert "aisc" in {t.stem for t in read if t.start == MINE_REPORT.index("sustaining cost (AISC)")}
    assert {"aisc", "sustain"} <= at("sustaining cost of the plant")       # the long form, anywhere
    assert {"rd", "research"} <= at("Research and") and "bev" in at("Battery-electric")
    assert sorted(t.start for t in read) == [t.start for t in read]       # still in reading order
    one_line = "word " * 2000 + "spending on research and development (R&D) rose"  # no sentence ends before it
    assert [(a.short, a.stands_for) for a in abbreviations(one_line)] == [("R&D", ("research", "develop"))]
    at_the_start = "Research and development (R&D) rose."  # the long form opens the text
    assert [(a.short, a.stands_for) for a in abbreviations(at_the_start)] == [("R&D", ("research", "develop"))]


@pytest.mark.parametrize("text", [
    "Revenue rose 8% (2022: 6%).", "The committee (the Board) met.", "It met (in 2023) and (FY24) again.",
    "The company (XYZ) grew.",    # no words before it begin with its letters
    "Sales in China (CN) rose.",  # a long form needs two words
    "Imports of iron ingots (II) rose.",  # a numeral
])
def test_brackets_that_define_nothing_are_left_alone(text):
    from qa.terms import abbreviations, document_terms, terms
    assert abbreviations(text) == ()
    assert document_terms(text) == terms(text)


def test_a_question_in_either_form_finds_the_other(tmp_path):
    bot = one_document(tmp_path, "mine.txt", MINE_REPORT)
    assert bot.ask("What were all-in sustaining costs at the Akwaba mine?").answer.text == "$1,196/oz"
    assert bot.ask("What was the group AISC in the quarter?").answer.text == "$1,284/oz"


def test_the_section_heading_is_the_nearest_short_line_without_a_sentence_mark():
    text = ("Marula Crest quarterly report\n\nAkwaba (Ghana, 90% interest)\n\nAkwaba produced 98,600 ounces.\n\n"
            "Costs fell.\n\nThe solar plant cost $51 million.")
    assert section_heading(text, text.index("The solar plant")) == "Akwaba (Ghana, 90% interest)"
    assert section_heading(text, text.index("Akwaba produced")) == "Akwaba (Ghana, 90% interest)"
    assert section_heading("One sentence. Another one.", 14) == ""


NUMBERED = ("ALDORIA STATISTICS OFFICE\nGDP, April to June 2025\n\n1. Main points\n\n- GDP grew 0.4%.\n\n"
            "2. Output\n\nServices grew 0.6%.\n\nSpending rose in two areas. These were:\n\n1. Housing\n"
            "2. Transport and storage\n\nOutput rose.\n\n   3.   COUNCIL TAX\n\nBand D is £2,087.")


@pytest.mark.parametrize("paragraph, heading", [
    ("- GDP grew", "Main points"),  # a numbered heading, its number left out
    ("Services grew", "Output"),
    ("Output rose", "Output"),  # the items of a list, numbered alike, are no headings
    ("Band D", "COUNCIL TAX"),  # indented, as pdftotext writes it
])
def test_a_numbered_heading_is_a_sections_heading_but_an_item_of_a_list_is_not(paragraph, heading):
    assert section_heading(NUMBERED, NUMBERED.index(paragraph)) == heading


GUIDANCE = ('"We are raising our range," said the CFO. For full-year 2025 the Company now expects:\n'
            "- Revenue of $7.25 billion to $7.40 billion.\n- Capital expenditures of about $340 million.\n\n"
            "For the third quarter, Quillon expects:\n\n\u2022 Revenue of $1.33 billion\n\u2022 EPS of $1.36\n\n"
            "Highlights\n- Revenue was $1.42 billion.\n\nThe call is at 2 p.m.\n\n"
            "Next release: 13 November 2025\n\n1. Main points\n\n- GDP grew 0.4%.\n- GDP grew 1.3% on a year ago.\n\n"
            "2. Output\n")


@pytest.mark.parametrize("item, opening", [
    ("Capital expenditures", "For full-year 2025 the Company now expects"),  # the last sentence, to its colon
    ("Revenue of $7.25", "For full-year 2025 the Company now expects"),
    ("EPS of $1.36", "For the third quarter, Quillon expects"),  # past a blank line and the item before
    ("Revenue was $1.42", "Highlights"),  # a heading, too
    ("The call is", None),  # not an item
    ("For the third quarter", None),  # the sentence that introduces is no item
    ("GDP grew 1.3%", "Main points"),  # a numbered heading, past the items marked alike
    ("2. Output", None),  # the paragraph above is an item marked otherwise, and no heading
])
def test_an_item_of_a_list_is_introduced_by_the_sentence_that_ends_in_a_colon_or_the_heading_above(item, opening):
    found = lead_in(GUIDANCE, GUIDANCE.index(item))
    assert (GUIDANCE[found[0]:found[1]] if found else None) == opening


@pytest.mark.parametrize("text, title", [
    ("Norvale Precision Systems N.V.\nHalf-Year Results 2024\n\nNet sales reached €1,842 million.",
     "Norvale Precision Systems N.V.\nHalf-Year Results 2024"),  # a legal form's full stop ends no sentence
    ("Acme Holdings Inc.\nAnnual Report 2023\n\nRevenue rose.", "Acme Holdings Inc.\nAnnual Report 2023"),
    ("TRESSALINE FREIGHT GROUP, INC.\nThird-Quarter 2025 Trading Update\n\nRevenue rose.",
     "TRESSALINE FREIGHT GROUP, INC.\nThird-Quarter 2025 Trading Update"),  # a legal form in capitals
    ("We need to know where it is. Ask the co.\nRevenue rose.", ""),  # a sentence is no legal form
    ("Revenue rose 5%.\nCosts fell.", ""),  # a text that opens with sentences has no title
    ("Annual Report 2023\nThe year was good.\n\nRevenue rose.", "Annual Report 2023"),
])
def test_the_title_is_the_short_lines_that_open_the_document(text, title):
    start, end = title_span(text)
    assert text[start:end] == title


# A report as pdftotext writes it: lines broken inside sentences at about 85 characters, a word
# hyphenated across lines, items of a list, a table aligned with spaces and a page's running footer.
WRAPPED_REPORT = """\
Pellmark Logistics N.V. | Half-year Report 2025

Pellmark Logistics N.V. today publishes its unaudited results for the first half of
2025. Growth in Contract Logistics and a recovery in Air & Ocean forwarding more than
offset continued weakness in European road freight markets.

KEY FIGURES H1 2025
• Revenue of €2,184.6 million, up 4.2% (H1 2024: €2,096.5 million); organic growth
  of 2.8%
• Interim dividend of €0.30 per share, payable on 4 September 2025

Revenue increased by 4.2% to €2,184.6 million. Excluding the effect of acquisitions
and currency, organic growth was 2.8%. Contract Logistics grew revenue by 5.7%, helped
by 27 new contracts and by the consolidation of Dunmore Cold Chain. The acqui-
sition, for an enterprise value of €84 million, added 1.1 percentage points.

Table 1: Segment information (€ million)
                      H1 2025    H1 2024    Change
Contract Logistics    1,012.8      958.4      5.7%
Road Freight            684.3      690.2    (0.9)%

2
"""


def test_a_hard_wrapped_documents_sentences_run_on_over_its_line_breaks():
    from qa.passages import paragraphs
    found = [WRAPPED_REPORT[s.start:s.end] for s in split_sentences(WRAPPED_REPORT)]
    assert "Excluding the effect of acquisitions\nand currency, organic growth was 2.8%." in found
    assert "The acqui-\nsition, for an enterprise value of €84 million, added 1.1 percentage points." in found
    lines = {WRAPPED_REPORT[a:b] for a, b in paragraphs(WRAPPED_REPORT)}
    # the items of a list, the table's rows, its caption and headings stay lines of their own
    assert {"KEY FIGURES H1 2025", "• Interim dividend of €0.30 per share, payable on 4 September 2025",
            "Road Freight            684.3      690.2    (0.9)%", "Table 1: Segment information (€ million)",
            "2"} <= lines
    assert "• Revenue of €2,184.6 million, up 4.2% (H1 2024: €2,096.5 million); organic growth\n  of 2.8%" in lines
    windows = make_passages("pellmark.txt", WRAPPED_REPORT)
    assert all("Table 1" not in WRAPPED_REPORT[p.start:p.end] or p.start == p.focus_start for p in windows)


def test_a_headline_in_capitals_does_not_run_on_into_the_line_under_it():
    text = "QUILLON REPORTS SECOND QUARTER FISCAL 2026 FINANCIAL RESULTS AND A NEW BUYBACK\n" \
           "Record Data Center revenue; third quarter outlook above consensus\n\n" + WRAPPED_REPORT
    found = [text[s.start:s.end] for s in split_sentences(text)]
    assert found[:2] == ["QUILLON REPORTS SECOND QUARTER FISCAL 2026 FINANCIAL RESULTS AND A NEW BUYBACK",
                         "Record Data Center revenue; third quarter outlook above consensus"]


def test_a_document_of_short_lines_that_end_their_sentences_is_not_read_as_wrapped():
    text = "\n".join(f"The branch lent {n} billion yuan to {n * 10} firms in the province last year." for n in range(1, 9))
    assert [text[s.start:s.end] for s in split_sentences(text)] == text.split("\n")


def test_a_word_hyphenated_at_a_lines_end_is_one_term_and_a_footnotes_mark_no_part_of_a_word():
    assert [t.stem for t in terms("The acqui-\nsition of cash gener-\n  ation; EBIT¹ rose")] == \
        [t.stem for t in terms("The acquisition of cash generation; EBIT rose")]
    assert [t.stem for t in terms("Asia-\nEurope")] == ["asia", "europ"]  # a capital: two words


def test_a_question_is_answered_from_a_sentence_that_runs_over_a_line_break(tmp_path):
    bot = one_document(tmp_path, "pellmark.txt", WRAPPED_REPORT)
    assert bot.ask("What was Pellmark's organic growth rate in H1 2025?").answer.text == "2.8%"
    # "The acqui-\nsition, for an enterprise value of €84 million, ...": the sentence before names the company
    assert bot.ask("How much did the acquisition of Dunmore Cold Chain cost Pellmark?").answer.text == "€84 million"


def test_a_pdfs_lines_run_on_into_paragraphs_as_its_text_is_read(tmp_path):
    """pypdf writes a PDF's text a line at a time, as it is set on the page: qa reads the paragraphs."""
    from support import make_pdf

    from qa.api import QA, build
    page = WRAPPED_REPORT.split("Table 1")[0].replace("•", "-").rstrip()  # (the list's marks in cp1252)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "pellmark.pdf").write_bytes(make_pdf([page]))
    build(tmp_path / "docs", tmp_path / "index", notify=lambda message: None)
    bot = QA(tmp_path / "docs", tmp_path / "index", update=False)
    text = bot.index.texts[0]
    assert "Excluding the effect of acquisitions\nand currency, organic growth was 2.8%." in text  # a line a line
    answer = bot.ask("How much did the acquisition of Dunmore Cold Chain cost Pellmark?").answer
    assert answer.text == "€84 million" and text[answer.start:answer.end] == answer.text



@pytest.mark.parametrize("text, title, officer", [
    ("Declan Moorcroft, Chief Financial Officer, said.", "Chief Financial Officer", "cfo"),
    ("The Finance Director, Ana Ruiz, said.", "Finance Director", "cfo"),
    ("CFO Jane Holt said.", "CFO", "cfo"),
    ("Ms Holt, the group's chief executive, said.", "chief executive", "ceo"),
    ("The Chief Executive Officer spoke.", "Chief Executive Officer", "ceo"),  # once, though "Chief Executive" is one too
])
def test_an_officers_titles_read_as_one_term(text, title, officer):
    from qa.terms import document_terms
    at = [t.stem for t in document_terms(text) if t.start == text.index(title)]
    assert at.count(officer) == 1
    assert document_terms("The executive officer of the chief engineer said.") == \
        terms("The executive officer of the chief engineer said.")  # the words, not in a title's order
