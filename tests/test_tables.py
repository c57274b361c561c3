"""Tables written as text (qa.tables) and answers read from their cells (qa.answering)."""
import re

import pytest

from qa.tables import cell_context, find_tables
from support import one_document

PIPES = """Traffic by region, September 2024

Region | Passengers (thousands) | Change | Load factor | Change (pts)
--- | --- | --- | --- | ---
Domestic | 1,284.3 | +3.1% | 81.2% | +0.6
Asia Pacific | 176.9 | +19.4% | 82.4% | +3.2
Total | 3,412.6 | +7.8% | 84.6% | +1.5

Europe remained the largest market.
"""

SPACES = """Production by asset

Asset                    Country      Copper (t)    Copper (t)    Gold (oz)
                                      Q3 2025       Q3 2024       Q3 2025
Tallow Creek             Australia    24,600        21,800        48,200
Las Pircas               Chile        21,900        20,700        -
"""

TABS = "Service\t2025/26 budget\t2024/25 budget\nAdult social care\t£212.4m\t£197.8m\nLibraries\t£12.1m\t£13.0m\n"


LOANS = """The breakdown of the balance by product at the end of June is as follows:

Product                        Balance (100 million yuan)   Change since Jan 1   Firms served
"Tech Innovation Loan"         62.80                        +14.35               486
"Talent Loan"                   9.68                        +2.11                 94
"""


def words(text, spans):
    return [text[a:b] for a, b in spans]


def context_of(text, figure):
    return cell_context(find_tables(text), text.index(figure))


def test_a_table_with_pipes_names_each_cells_row_and_column():
    [table] = find_tables(PIPES)
    assert words(PIPES, table.header[0].cells)[:2] == ["Region", "Passengers (thousands)"]
    assert len(table.body) == 3  # the rule under the header is no row
    cell = context_of(PIPES, "82.4%")
    assert words(PIPES, cell.label) == ["Asia Pacific"] and words(PIPES, cell.column) == ["Load factor"]
    assert PIPES[cell.caption[0]:cell.caption[1]] == "Traffic by region, September 2024"


def test_a_table_aligned_with_spaces_reads_its_columns_by_position_under_a_header_of_two_lines():
    [table] = find_tables(SPACES)
    assert len(table.header) == 2  # "Q3 2025 ..." holds only dates: a header line too
    assert words(SPACES, context_of(SPACES, "21,800").column) == ["Copper (t)", "Q3 2024"]
    assert words(SPACES, context_of(SPACES, "48,200").column) == ["Gold (oz)", "Q3 2025"]
    assert words(SPACES, context_of(SPACES, "24,600").label) == ["Tallow Creek", "Australia"]


MIXED = """KEY FIGURES
                                  2024        2023
Total income                  |  £412.6m   |  £381.9m
Profit before tax             |  £162.4m   |  £137.7m
"""


def test_a_header_aligned_with_spaces_names_the_columns_of_rows_split_by_bars():
    [table] = find_tables(MIXED)
    assert len(table.header) == 1 and len(table.body) == 2
    assert words(MIXED, context_of(MIXED, "£137.7m").column) == ["2023"]
    assert words(MIXED, context_of(MIXED, "£412.6m").column) == ["2024"]
    cell = context_of(MIXED, "£162.4m")
    assert words(MIXED, cell.label) == ["Profit before tax"]
    assert MIXED[cell.caption[0]:cell.caption[1]] == "KEY FIGURES"


def test_a_table_with_tabs_and_a_financial_year_in_its_header():
    [table] = find_tables(TABS)
    assert len(table.header) == 1  # "2025/26" is a year, not a value
    assert words(TABS, context_of(TABS, "£13.0m").column) == ["2024/25 budget"]


@pytest.mark.parametrize("text", [
    "Revenue rose 8% to £2.31 billion.\nProfit rose 11% to £196.4 million.\n",
    "Source: Tongyuan Daily | Reporter: Chen Xiaoyu | 2024-07-26\n\nThe city grew 5.1%.\n",  # one line: no table
    "- Passengers rose 7.8% to 3,412,600.\n- Capacity rose 9.4%.\n",
    # prose typed with two spaces after each sentence
    "Revenue rose 8% to £2.31 billion in the year to June.  Profit rose 11% to £196.4 million on margins.  "
    "Costs fell.\nThe board recommends a final dividend of 8.6p a share.  It will be paid in November.  The AGM is "
    "in October.\n",
])
def test_prose_lists_and_a_single_line_with_bars_are_no_tables(text):
    assert find_tables(text) == []


def test_a_figure_outside_a_table_has_no_cell():
    assert context_of(PIPES, "largest") is None


AIRLINE = ("AURELIA AIRWAYS GROUP PLC\nTraffic Statistics for September 2024\n\n"
           "Passenger numbers rose in every region except the Middle East, and the group carried 3.4 million "
           "passengers in the month.\n\n" + PIPES)

BUDGET = ("KELLINGFORD CITY COUNCIL\nBudget Statement 2025/26\n\n"
          "Net revenue spending by service area is set out below.\n\n"
          "Service | 2025/26 budget | 2024/25 budget\n"
          "Adult social care | £212.4m | £197.8m\n"
          "Children's services | £148.6m | £139.2m\n"
          "Libraries | £12.1m | £13.0m\n")


@pytest.mark.parametrize("name, text, question, answer", [
    ("aurelia-traffic-september-2024.txt", AIRLINE, "What was the load factor in Asia Pacific in September 2024?",
     "82.4%"),
    ("aurelia-traffic-september-2024.txt", AIRLINE, "domestic load factor", "81.2%"),
    # the column's year, not the first figure of the row
    ("kellingford-budget-2025-26.txt", BUDGET, "What was the budget for children's services in 2024/25?", "£139.2m"),
    ("kellingford-budget-2025-26.txt", BUDGET, "How much will Kellingford spend on children's services in 2025/26?",
     "£148.6m"),
])
def test_the_answer_is_the_cell_of_the_row_and_column_asked(tmp_path, name, text, question, answer):
    assert one_document(tmp_path, name, text).ask(question).answer.text == answer


def test_a_cell_answer_names_its_row_and_column_where_they_are_written(tmp_path):

    from qa.render import Style, to_json, to_text
    bot = one_document(tmp_path, "aurelia-traffic-september-2024.txt", AIRLINE)
    result = bot.ask("What was the load factor in Asia Pacific in September 2024?")
    labels = to_json(result)["answer"]["labels"]
    assert [label["text"] for label in labels] == ["Asia Pacific", "Load factor"]
    assert all(AIRLINE[label["start"]:label["end"]] == label["text"] for label in labels)
    assert "in the table: “Asia Pacific” · “Load factor”" in to_text(result, Style(False))
    sentence = bot.ask("How many passengers did Aurelia carry in the month?")  # no table: no labels
    assert "labels" not in (to_json(sentence)["answer"] or {})


# Tables as pdftotext writes them: a header that spans columns, a second header line set in from
# the margin, rows set in under a row that names them, the unit in the caption, and changes below
# zero in accounting brackets.
SEGMENTS = """Table 1: Segment information (€ million)

                               Revenue                           Adjusted EBIT
                      H1 2025    H1 2024    Change      H1 2025    H1 2024    Change
Contract Logistics    1,012.8      958.4      5.7%         63.4       55.1     15.1%
Road Freight            684.3      690.2    (0.9)%         24.6       26.9     (8.6)%
Air & Ocean             437.9      398.6      9.9%         52.8       46.2     14.3%
"""

OWN_FUNDS = """Table E.1: Own funds by tier at 31 December 2024 (€'000)

                                   Total        Tier 1        Tier 1      Tier 2      Tier 3
                                          unrestricted    restricted
Ordinary share capital           150,000       150,000             –           –           –
Net deferred tax assets           14,982             –             –           –      14,982
"""

BUDGET_BOOK = """ Table 2-1: Operating Budget Summary (in thousands of dollars)

                                   FY2024       FY2025       FY2026       Change FY25–FY26
                                   Actual      Amended      Adopted            $        %
 Revenues
   Passenger fares                198,412      211,750      224,300       12,550      5.9
   Advertising and other           18,906       19,400       20,150          750      3.9
"""


def test_a_header_spanning_columns_names_each_column_under_it():
    assert words(SEGMENTS, context_of(SEGMENTS, "46.2").column) == ["Adjusted EBIT", "H1 2024"]
    assert words(SEGMENTS, context_of(SEGMENTS, "(0.9)%").column) == ["Revenue", "Change"]
    assert words(SEGMENTS, context_of(SEGMENTS, "46.2").label) == ["Air & Ocean"]


def test_header_lines_set_in_from_the_margin_are_the_header_though_they_hold_numbers():
    [table] = find_tables(OWN_FUNDS)
    assert len(table.header) == 2  # "Tier 1" names a column: no value
    last = OWN_FUNDS.rindex("14,982")
    assert words(OWN_FUNDS, context_of(OWN_FUNDS, "14,982").label) == ["Net deferred tax assets"]
    assert words(OWN_FUNDS, cell_context(find_tables(OWN_FUNDS), last).column) == ["Tier 3"]


def test_a_unit_in_brackets_leaves_a_header_a_header():
    table, = find_tables(LOANS)
    assert words(LOANS, table.header[0].cells) == ["Product", "Balance (100 million yuan)", "Change since Jan 1",
                                                  "Firms served"]
    assert words(LOANS, context_of(LOANS, "94").column) == ["Firms served"]


def test_the_count_asked_is_read_in_the_column_that_names_what_it_counts(tmp_path):
    bot = one_document(tmp_path, "qingshan.txt", "Qingshan Bank lends to specialised firms\n\n" + LOANS)
    assert bot.ask("How many companies have borrowed through the Talent Loan product?").answer.text == "94"


def test_a_row_that_names_the_rows_under_it_keeps_the_table_whole():
    [table] = find_tables(BUDGET_BOOK)
    assert len(table.header) == 2
    cell = context_of(BUDGET_BOOK, "198,412")
    assert words(BUDGET_BOOK, cell.label) == ["Passenger fares"]  # no empty cell for the margin
    assert words(BUDGET_BOOK, cell.column) == ["FY2024", "Actual"]


@pytest.mark.parametrize("text, figure, kind", [
    (SEGMENTS, "684.3", "money"),           # "(€ million)" in the caption
    (BUDGET_BOOK, "198,412", "money"),      # "in thousands of dollars"
    (BUDGET_BOOK, "5.9", "percent"),        # the column says "%"
    (OWN_FUNDS, "150,000", "money"),        # "(€'000)"
    ("Region   Passengers   Load factor\nDomestic   1,284   81.2\nAsia   176   82.4\n", "1,284", None),
    (LOANS, "62.80", "money"),              # its column says "(100 million yuan)"
    (LOANS, "486", None),                   # another column's currency is that column's
    ("€ million      2025      2024\nRevenue        684.3     650.1\nCosts          412.0     398.7\n",
     "412.0", "money"),                      # a currency over the rows' labels is the table's
])
def test_a_table_states_the_kind_of_its_bare_numbers(text, figure, kind):
    from qa.tables import stated_kind
    assert stated_kind(text, context_of(text, figure)) == kind


PELLMARK = ("PELLMARK LOGISTICS N.V.\nInterim results for the six months ended 30 June 2025\n\n"
            "Revenue increased by 4.2% to €2,184.6 million.\n\n" + SEGMENTS + "\n" + """\
Table 2: Cash flow and net debt (€ million)

                                                   H1 2025        H1 2024
Adjusted EBITDA                                      248.9          232.6
Lease repayments                                    (64.2)         (60.8)
Free cash flow                                       58.3           41.7
""")


@pytest.mark.parametrize("question, answer", [
    ("What adjusted EBIT did Pellmark's Air & Ocean segment make in H1 2024?", "46.2"),
    # money, by the caption; quoted as the cell writes it, an outflow in brackets
    ("How much did Pellmark pay in lease repayments in the first half of 2025?", "(64.2)"),
    ("pellmark road freight revenue change H1 2025 vs H1 2024", "(0.9)%"),  # the change column
])
def test_a_pdf_tables_cells_answer_by_their_spanning_header_caption_and_change_column(tmp_path, question, answer):
    assert one_document(tmp_path, "pellmark-h1-2025.txt", PELLMARK).ask(question).answer.text == answer


OUTTURN = ("PROVINCE OF ASHMERE\nPublic Accounts 2024-25\n\nThe Province ended the year with a smaller deficit than "
           "budgeted.\n\nStatement of operations (in millions of dollars)\n\n"
           "                                  2024-25      2024-25      2023-24\n"
           "                                   Budget       Actual       Actual\n"
           "  Personal income tax              24,310       24,982       23,406\n"
           "  Corporate income tax              7,850        8,614        8,122\n"
           "  Sales taxes                      12,470       12,301       11,958\n")


@pytest.mark.parametrize("question, answer", [
    ("How much corporate income tax did the province collect in 2024-25?", "8,614"),
    ("How much corporate income tax did the province budget for in 2024-25?", "7,850"),
])
def test_a_budget_column_answers_for_the_plan_and_an_actual_one_for_the_outcome(tmp_path, question, answer):
    assert one_document(tmp_path, "ashmere-public-accounts.txt", OUTTURN).ask(question).answer.text == answer


INCOME = ("University of Tarrow\nSummary financial statements for the year ended 31 July 2024\n\n"
          "Income rose again in the year.\n\n"
          "Source | 2023 | 2024\n"
          "Tuition fees | £331.2m | £348.7m\n"
          "Funding body grants | £60.4m | £58.9m\n"
          "Research grants and contracts | £115.8m | £121.3m\n")


@pytest.mark.parametrize("question, answer", [
    ("How much funding body grant income did Tarrow receive?", "£58.9m"),
    ("How much funding body grant income did Tarrow receive in the prior year?", "£60.4m"),
    ("How much funding body grant income did Tarrow receive in 2023?", "£60.4m"),
    ("How much funding body grant income did Tarrow receive in 2024?", "£58.9m"),
])
@pytest.mark.parametrize("latest_first", [False, True])
def test_an_earlier_years_column_answers_for_the_year_before_and_only_when_asked(tmp_path, question, answer,
                                                                                latest_first):
    text = INCOME
    if latest_first:
        text = re.sub(r"\| (\S+) \| (\S+)$", r"| \2 | \1", text, flags=re.M)
        assert "Source | 2024 | 2023" in text
    assert one_document(tmp_path, "tarrow-accounts.txt", text).ask(question).answer.text == answer


QUARTERS = ("Sterling Harbor Bancorp reports second-quarter 2025 results\n\n"
            "Selected financial data (unaudited)\n\n"
            "                                     Q2 2025    Q1 2025    Q2 2024\n"
            "  Net interest income ($m)             142.7      138.1      131.4\n"
            "  Net interest margin                  3.21%      3.14%      3.05%\n")


@pytest.mark.parametrize("question, answer", [
    ("What was the bank's net interest margin in the same quarter last year?", "3.05%"),
    ("What was the bank's net interest margin in the second quarter?", "3.21%"),
])
def test_the_same_quarter_last_year_is_the_column_a_year_before(tmp_path, question, answer):
    assert one_document(tmp_path, "sterling-q2.txt", QUARTERS).ask(question).answer.text == answer


UNDERWRITING = (
    "Aldercrest Assurance: Solvency and Financial Condition Report 2024\n\n"
    "Table A.2: Underwriting performance by line of business (€'000)\n\n"
    "                                     Gross written premiums        Net earned      Net claims\n"
    "Line of business                        2024           2023     premiums 2024   incurred 2024\n"
    "Motor vehicle liability               412,380        381,905          348,612         262,503\n"
    "Other motor                           198,741        184,220          170,115         118,904\n"
    "General liability                     142,902        131,660          108,447          71,210\n")


def test_a_year_over_a_column_is_read_alone_not_as_a_count_of_the_next_columns_word(tmp_path):
    # "2023           premiums 2024": the year is its cell's, not 2,023 premiums, so the line is
    # the header's second row and dates its column
    (table,) = find_tables(UNDERWRITING)
    assert [UNDERWRITING[r.start:r.end].split()[:3] for r in table.header] == [
        ["Gross", "written", "premiums"], ["Line", "of", "business"]]
    row = table.body[1]
    assert [UNDERWRITING[a:b] for a, b in table.column_header(row, 2)] == ["Gross written premiums", "2023"]
    bot = one_document(tmp_path, "sfcr.txt", UNDERWRITING)
    assert bot.ask("What were Aldercrest's gross written premiums for other motor in 2023?").answer.text == "184,220"


SEGMENT_SECTIONS = (
    "Table 2: Revenue and adjusted operating profit by segment\n"
    "(£m, 52 weeks)                                FY2024        FY2023        Change\n"
    "\n"
    "Revenue\n"
    "   Stores                                      980.1         948.7          3.3%\n"
    "   Online                                      440.2         389.9         12.9%\n"
    "Group revenue                               1,420.3       1,338.6          6.1%\n"
    "\n"
    "Adjusted operating profit\n"
    "   Stores                                       71.2          69.4          2.6%\n"
    "   Online                                       38.5          30.1         27.9%\n"
    "\n"
    "Adjusted operating margin                      6.7%          6.4%        30bps\n")


def test_a_bracketed_unit_names_the_columns_and_blank_lines_part_sections_of_one_table():
    # "(£m, 52 weeks)" is the header's unit, not a value; the sections after blank lines are the same
    # table's rows, under the same columns
    (table,) = find_tables(SEGMENT_SECTIONS)
    assert [SEGMENT_SECTIONS[r.start:r.end].split()[-3:] for r in table.header] == [["FY2024", "FY2023", "Change"]]
    margin = cell_context([table], SEGMENT_SECTIONS.index("6.4%"))
    assert [SEGMENT_SECTIONS[a:b] for a, b in margin.column] == ["FY2023"]
    assert [SEGMENT_SECTIONS[a:b] for a, b in margin.label] == ["Adjusted operating margin"]


def test_a_blank_line_before_another_header_ends_the_table():
    text = ("                    2024        2023\n"
            "Revenue            412.6       381.9\n"
            "Profit              52.9        49.8\n"
            "\n"
            "                    Q4 2024     Q4 2023\n"
            "Orders             101.2        99.0\n"
            "Backlog            640.0       610.5\n")
    assert len(find_tables(text)) == 2


def test_a_value_below_zero_in_brackets_is_quoted_with_them(tmp_path):
    # accounts write -2.1 as "(2.1)": the quote keeps the sign, and stays the document's own text
    text = ("Lowrith Transit: FY2026 adopted budget\n\n"
            "Table 2-1: Operating budget summary (in thousands of dollars)\n\n"
            "                                   FY2025       FY2026       Change FY25–FY26\n"
            "                                  Amended      Adopted            $        %\n"
            "   Passenger fares                211,750      224,300       12,550      5.9\n"
            "   Fuel and traction power         63,400       62,100      (1,300)    (2.1)\n")
    bot = one_document(tmp_path, "budget.txt", text)
    answer = bot.ask("By what percentage does the fuel and traction power budget change from FY2025 to FY2026?").answer
    assert answer.text == "(2.1)" == text[answer.start:answer.end]
