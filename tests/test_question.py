"""Question analysis: the kind of answer asked for, from the wording."""
import pytest

from qa.terms import normalize
from qa.question import analyse, classify, periods_in


@pytest.mark.parametrize("question, kind", [
    ("How much cumulative credit has the bank provided to the area?", "money"),
    # what is measured, though the question names money ("loans")
    ("How much grain planting area did the spring ploughing loans help secure?", "quantity"),
    ("How much did the land cost?", "money"),
    ("What adjusted financial performance surplus did Severnmoor report for 2024/25?", "money"),
    ("What was Harrowgate's reported (statutory) pre-tax profit for the year?", "money"),  # an aside in brackets
    ("Which region of Valmora had the lowest annual inflation in August 2025?", "name"),  # picked by a superlative
    ("Which segment posted the highest margin?", "name"),
    ("Which year had the most rain?", "date"),  # a time picked out is a date
    ("Which financial year saw the biggest loss?", "date"),
    ("What was the death toll in the town's 1849 cholera outbreak?", "count"),
    ("What was the total investment of the projects?", "money"),
    ("How much did the bridge cost?", "money"),
    ("What percentage of the population was Asian?", "percent"),
    ("What share of revenue came from exports?", "percent"),
    ("When were the activities held?", "date"),
    ("Over which days did the rain fall?", "date"),
    ("What free cash flow did the group generate?", "money"),
    ("What total return did the portfolio achieve over the year?", "percent"),
    # a fund's return, however qualified, is a percentage (not the money a company returns)
    ("What was the pension fund's net-of-fee return for fiscal 2025?", "percent"),
    ("What was the endowment's annualised five-year return?", "percent"),
    ("How much cash did the company return to shareholders?", "money"),
    # a price called a rate: per thing, or for a room, a day, a charter; per year a rate is a percentage
    ("What was the average room rate across summer 2023?", "money"),
    ("What was the average freight rate per container in the first nine months?", "money"),
    ("What was the loan's interest rate per annum?", "percent"),
    # what a mine or a port puts out, asked by its name, is measured; its cost or value is money
    ("What was gold output at the mine in the quarter?", "quantity"),
    ("What is the company's copper production guidance for 2025?", "quantity"),
    ("port container throughput january-april", "quantity"),
    ("What was the gold production cost?", "money"),
    ("What industrial output value did the zone achieve?", "money"),
    ("How much had the appeal for the children's MRI scanner brought in by March?", "money"),  # a long subject
    ("On what dates were the talks held?", "date"),
    ("What was turnover in the six months to September?", "money"),  # months of a period, not a date asked
    ("In what year did the treaty come into force?", "date"),
    ("The church was built when?", "date"),
    ("How long did the siege last?", "duration"),
    ("For how many consecutive years has the bank supported the fair?", "duration"),
    ("How many projects are on the list?", "count"),
    ("How many square kilometers does the forest cover?", "quantity"),
    ("How far is the city from the coast?", "quantity"),
    ("How much dust falls each year?", "quantity"),
    ("Which article of the treaty defines the procedure?", "code"),
    ("Who is the chairman of the bank?", "name"),
    ("What is the city's hottest recorded temperature?", "quantity"),
    ("What was the peak pressure inside the vessel?", "quantity"),
    ("What portion of households have only one person?", "percent"),
    ("What's the total investment in the new port?", "money"),
    # a word for a time joined to the next qualifies it; the thing asked comes after
    ("What was the year-end cash balance?", "money"),
    ("What was the average day-ahead baseload electricity price in the third quarter?", "money"),
    ("By how much did revenue grow year-on-year?", "change"),
    # a period compared with the one before it is no date asked; "what was the ... growth" a change
    ("What was the month-on-month change in retail sales volumes?", "change"),
    ("What was the quarter on quarter growth in output?", "change"),
    ("What is the average growth rate?", "change"),
    # the date asked for after a few words that say which
    ("What is the FDA target action date for the drug?", "date"),
    ("The ice age ended, which was how many years ago?", "duration"),
    ("Total investment in the 2024 list of projects?", "money"),
    ("What amount of new credit was approved for the railway?", "money"),
    ("How large was the credit balance at the end of the year?", "money"),
    ("How much trade finance went to exporters?", "money"),
    ("How large is the lake?", "quantity"),
    ("By how much did revenue grow?", "change"),
    ("How much did sales increase in 2023?", "change"),
    ("What revenue growth does management expect?", "change"),
    ("How much higher was the rate of deforestation?", "change"),
    ("What was the cost-to-income ratio?", "percent"),
    ("What special loan products has the bank launched?", "other"),
    ("What was third-quarter revenue?", "money"),
    ("What was adjusted EBITDA?", "money"),
    ("How much cash did the company hold?", "money"),
    ("How large was the order backlog?", "money"),
    ("What was the operating margin?", "percent"),
    ("By how many people did headcount increase?", "change"),
    ("By what percentage did revenue increase?", "change"),
    ("The regatta predates the game by how many years?", "duration"),
    # a rate or inflation is a percentage, unless an amount per unit is asked for
    ("What was the unemployment rate in May?", "percent"),
    ("What is the tax rate on dividends?", "percent"),
    ("What was consumer price inflation last year?", "percent"),
    ("The rate of clearing was how many square miles per year?", "quantity"),
    # money as reports name it, behind a company's name or "the group's"
    ("What were Acme Holdings' total sales?", "money"),
    ("What were Acme Foods's total sales?", "money"),
    ("What was the group's net borrowing?", "money"),
    ("What level of operating profit does the board expect?", "money"),
    ("How much did the tunnel end up costing?", "money"),
    ("What was the total payout per share?", "money"),
    ("What full-year revenue does the company forecast?", "money"),  # a period of the figure, no year asked
    ("In what financial year did the plant open?", "date"),
    ("How fast did revenue grow?", "change"),
    ("How fast were the winds?", "quantity"),
    ("At what year-on-year rate did loans grow?", "percent"),  # "year-on-year" asks for no year
    ("What was the median waiting time for treatment?", "duration"),
    ("What average jet fuel price did the airline pay?", "money"),
    # what reports measure in money or in percent, by their own names
    ("What were gross written premiums in 2023?", "money"),
    ("What was the group's capex for the year?", "money"),
    ("What was the size of the gift from the foundation?", "money"),
    ("How much did the trust receive from legacies?", "money"),
    ("How much could the biotech receive in milestones?", "money"),  # a modal verb before it
    ("How much is allocated to road resurfacing next year?", "money"),  # a passive
    ("What final dividend will shareholders receive?", "money"),
    ("How large is the upfront payment from the licensee?", "money"),
    ("What will a typical tenant pay the landlord each month?", "money"),  # what is paid
    ("What did the club spend on new players?", "money"),
    ("What did the bridge end up costing?", "money"),  # the verb of what is paid in its -ing form
    ("What are tenants paying for heating this winter?", "money"),
    ("What has the council spent on repairs?", "money"),  # ... and as a participle
    ("What was the chief executive paid last year?", "money"),
    ("What did the board decide to do?", "other"),  # no verb of payment
    ("Which commissioner approved the new tariff rate?", "other"),  # a person, by the role held
    ("Which minister signed the 5% pay award?", "other"),
    ("What percentage of directors are women?", "percent"),  # the role is what is counted
    ("What director fees were paid in 2024?", "money"),  # the role names the money
    ("What gold recovery did the processing plant achieve in the half?", "percent"),  # a mill's share of the metal
    ("What was metallurgical recovery at the mine?", "percent"),
    ("How much gold was recovered?", "quantity"),
    ("What did the committee decide?", "other"),
    ("How much water is used?", "quantity"),  # no money word, no money verb
    ("How fast did the Intelligent Manufacturing Loan balance grow compared with a year earlier?", "change"),
    # a long subject, with a possessive or a hyphen, before the verb of change
    ("How fast did Heshan Rural Commercial Bank's inclusive small and micro lending grow compared with a year earlier?",
     "change"),
    ("How much did value added of high-tech manufacturing in the city increase in the first half?", "change"),
    ("How much did the company's revenue grow?", "change"),
    ("How much did the city spend to increase housing supply?", "money"),  # the change is the spending's aim
    # a long name before the possessive, many words before the money word
    ("What was Heshan Rural Commercial Bank's total loan balance at the end of last year?", "money"),
    ("What was Harrowgate & Finch's reported pre-tax profit?", "money"),
    ("How fast is the river?", "quantity"),
    ("What was Fresno's population in 2010?", "count"),
    ("What was the city's population?", "count"),
    ("How much did the charity receive from its donors?", "money"),  # no money word: the verb says it
    ("How much did it rain in March?", "quantity"),
    ("What was the number of loans made in 2023?", "count"),  # the number of a money thing is a count
    ("What was the airline's load factor in October?", "percent"),
    ("What was like-for-like sales growth over Christmas?", "percent"),
    ("What return on equity did the bank achieve?", "percent"),
    ("What investment return did the endowment earn?", "percent"),
    ("For what price did the trust sell Kingsmead House?", "money"),  # a preposition before "what"
    ("What total dividend per share does the board expect to pay?", "money"),  # "per share" before the verb
    # what reports count, asked for by its name
    ("What were Voltaris's European deliveries in October?", "count"),
    ("What was the headcount at the end of the year?", "count"),
    ("What were total staff costs?", "money"),
    # what is mined, grown or shipped is measured, whatever money word follows in the question
    ("How much gold is in the group's ore reserves as at mid-2024?", "quantity"),
    ("How much water did the utility supply?", "quantity"),
    ("How much oil revenue did the state collect?", "money"),
])
def test_kind_of_answer_asked_for(question, kind):
    assert classify(question) == kind


@pytest.mark.parametrize("question, kind", [
    ("Karroo Ridge average realised copper price in the July-September 2025 quarter", "money"),  # after a long name
    ("What will Meridian Straits' six new methanol dual-fuel ships cost in total?", "money"),  # not "What will X total?"
    ("What will capital expenditure total?", "money"),
    ("What revenue range is the company now forecasting for 2025?", "money"),  # the money word's range
    ("How much did the city buy from abroad in the first nine months?", "money"),  # trade is counted in money
    ("How much did Haichun export to the European Union?", "money"),
    ("How much coal did China import?", "quantity"),                            # ... unless a measured thing
])
def test_kind_asked_for_in_other_words(question, kind):
    from qa.question import kind_asked_for
    assert kind_asked_for(question) == kind


def test_counted_thing_and_numbers_in_the_question():
    q = analyse("How many technology-based enterprises were approved in 2023?")
    assert q.head_stems and q.head_stems[-1] == normalize("enterprises")  # one term with "companies"
    assert "2023" in q.numbers
    assert q.wants_figure


@pytest.mark.parametrize("question, dimension", [
    ("Over how large an area were crops hit by the hailstorm?", "area"),
    ("What is the floor area of the new warehouse?", "area"),
    ("How heavy is the bell?", "mass"),
    ("How far is the port from the city centre?", "length"),
    ("What was the highest temperature recorded in July?", "temperature"),
    ("How much grain was harvested in the area?", ""),  # where it was harvested, not what is measured
    ("How much did the bank lend in the area?", ""),  # no quantity asked
])
def test_what_a_quantity_asked_for_measures(question, dimension):
    assert analyse(question).dimension == dimension


def test_terms_keep_exact_spans_of_the_question():
    q = analyse("What was the balance of credit financing at the end of 2023?")
    assert all(q.text[t.start:t.end].lower().startswith(t.stem[:3]) for t in q.terms)


def test_figures_named_in_words_are_known_by_value():
    q = analyse("What do the three richest people own more of than the poorest 48 nations?")
    assert 3.0 in q.values and 48.0 in q.values and "48" in q.numbers


@pytest.mark.parametrize("question, thing", [
    ("What special loan products has the bank launched?", True),
    ("Which treaty founded the union?", True),
    ("The Social Chapter is a chapter of what treaty?", True),  # asked at the end
    ("Who is the chairman of the bank?", True),
    ("What did the bank do for electronic information enterprises?", False),
    ("Tell me about the CIIE activities.", False),
    ("How many projects are on the list?", False),
])
def test_questions_that_ask_for_a_thing_by_name(question, thing):
    assert analyse(question).asks_for_a_thing is thing


@pytest.mark.parametrize("question, year", [
    ("In what year was the act passed?", True),
    ("Which year did the school open?", True),
    ("When was the act passed?", False),
    ("In what century was the castle built?", False),
])
def test_questions_that_ask_for_a_year(question, year):
    assert analyse(question).asks_for_year is year


def test_a_request_that_frames_the_question_is_no_part_of_its_terms():
    assert [t.stem for t in analyse("Tell me about the Gaozhu New Area.").terms] == ["gaozhu", "new", "area"]
    assert [t.stem for t in analyse("Can you describe the CIIE activities?").terms] == ["ciie", "activ"]
    assert "tell" in [t.stem for t in analyse("What did the bank tell investors?").terms]


def test_how_fast_names_the_change_asked_and_is_no_word_to_find():
    # "fast" is written beside no growth figure ("up 5.6%"); as a term it would weigh most.
    assert [t.stem for t in analyse("How fast did the provincial economy grow?").terms] == ["provinci", "economi", "increas"]
    assert "fast" in [t.stem for t in analyse("What is the fast lane's toll?").terms]


@pytest.mark.parametrize("request_, question", [
    ("Can you tell me what the group's net debt at the end of 2023 was?",
     "What was the group's net debt at the end of 2023?"),
    ("Any idea what operating profit was in the previous year?", "What was operating profit in the previous year?"),
    ("Give me the total revenue for the third quarter.", "What was the total revenue for the third quarter?"),
    ("Find the airline's load factor in October", "What was the airline's load factor in October?"),
    ("I'm looking for the headcount at the end of the year", "What was the headcount at the end of the year?"),
    ("I'd like to know how many enterprises were approved in 2023.", "How many enterprises were approved in 2023?"),
    ("Do you know when the club was founded?", "When was the club founded?"),
    ("dividend per share 2023", "What was the dividend per share in 2023?"),  # the words alone
    ("Norvale gross margin, H1 2024?", "What was Norvale's gross margin in H1 2024?"),
    ("According to the report, what was the group's net debt at the end of 2023?",  # asides
     "What was the group's net debt at the end of 2023?"),
    ("What exactly was the airline's load factor in October, please?", "What was the airline's load factor in October?"),
    ("What was the figure for net debt at the end of 2023?", "What was net debt at the end of 2023?"),
])
def test_a_request_for_a_figure_asks_what_its_question_asks(request_, question):
    asked, plain = analyse(request_), analyse(question)
    assert asked.kind == plain.kind != "other"
    assert set(asked.stems) == set(plain.stems)  # "tell", "idea", "looking" name nothing asked about
    assert (asked.years, asked.periods, asked.head_stems) == (plain.years, plain.periods, plain.head_stems)


@pytest.mark.parametrize("question, plain", [
    ("What did net debt amount to at the end of 2023?", "What was net debt at the end of 2023?"),
    ("What level did the group's revenue reach in 2023?", "What was the group's revenue in 2023?"),
    ("What will capital expenditure total in 2025?", "What is capital expenditure in 2025?"),
    ("How much was inflation in September?", "What was inflation in September?"),
    ("How much was the airline's load factor?", "What was the airline's load factor?"),
    ("What will capital expenditure be in 2025?", "What is capital expenditure in 2025?"),  # a forecast
    ("What will be the total investment of the projects?", "What is the total investment of the projects?"),
])
def test_other_verbs_ask_for_a_figure_as_was_does(question, plain):
    assert analyse(question).kind == analyse(plain).kind != "other"
    assert analyse(question).stems == analyse(plain).stems  # "level", "amount to": no more terms than "was"


@pytest.mark.parametrize("request_", [
    "Tell me about the crossings in March.",    # about something: no figure in particular
    "Can you describe the CIIE activities?",
    "Bank of China Chongqing Branch",           # words alone that name no figure
])
def test_a_request_about_something_asks_for_no_figure(request_):
    assert analyse(request_).kind == "other"


def test_a_question_is_read_as_it_is_written():
    for question in ("What was the revenue of the segment that is?", "How many people live there?",
                     "What did the bank tell investors?", "How much was the bridge?",
                     "What will the weather be like?"):
        assert analyse(question).as_asked == question


def test_a_question_typed_without_its_question_mark_is_asked_with_it():
    # (MiniLM embeds "how many huguenots were killed" further from its answer than the question.)
    assert analyse("how many huguenots were killed during this purge").as_asked == \
        "how many huguenots were killed during this purge?"
    assert analyse("Tell me about the crossings in March").as_asked == "Tell me about the crossings in March"


@pytest.mark.parametrize("question, kind", [
    ("What was the dividend last year?", "money"),            # a time the figure is of ...
    ("What was revenue a year earlier?", "money"),
    ("What was the headcount the previous year?", "count"),
    ("What was the rate last month?", "percent"),
    ("What was revenue the year before?", "money"),
    ("What is the last day of trading?", "date"),             # ... and a time asked for
    ("Which financial year saw the biggest loss?", "date"),
    ("What was the death toll in the town's 1849 cholera outbreak?", "count"),
    ("What day last week did the branch open?", "date"),
    ("What was the year before the war?", "date"),
])
def test_a_time_the_figure_is_of_asks_for_no_date(question, kind):
    assert classify(question) == kind


@pytest.mark.parametrize("typed, written", [
    ("what was inflation in september", "What was inflation in September?"),
    ("what were total dividends for fy23", "What were total dividends for FY23?"),
    ("what was the rate at 31 march 2024", "What was the rate at 31 March 2024?"),
    ("how many homes were started in mar 2024", "How many homes were started in Mar 2024?"),
    ("what did the bank lend in may", "What did the bank lend in May?"),
])
def test_months_and_financial_years_typed_in_lower_case(typed, written):
    assert analyse(typed).periods == analyse(written).periods and analyse(typed).years == analyse(written).years
    assert analyse(typed).periods or analyse(typed).years


def test_may_and_march_in_lower_case_are_months_only_where_nothing_else_can_be_meant():
    assert not analyse("what may the bank lend to farmers").periods
    assert not analyse("when did the workers march on the capital").periods


@pytest.mark.parametrize("question, change_in", [
    ("By how many people did the population rise?", "count"),     # the count, not the 0.4% beside it
    ("By how many kilometres was the line extended?", "quantity"),
    ("By what percentage did revenue increase?", "percent"),
    ("By how many basis points did the gross margin expand?", "percent"),
    ("By how much did revenue grow?", ""),                          # a percentage or an amount
    ("How fast did exports grow?", "percent"),                      # a rate, not the amount added
    ("How sharply did prices fall in May?", "percent"),
    ("How many people live there?", ""),                            # no change asked for
    # how much an amount of money rose: the amount first, the percentage second
    ("How much has the branch's loan balance increased since January?", "change of money"),
    ("By how much did the EBITDA margin change?", ""),
])
def test_what_a_change_is_asked_in(question, change_in):
    q = analyse(question)
    assert (q.kind == "change") == bool(change_in or "By how much" in question)
    assert q.change_in == change_in


@pytest.mark.parametrize("phrase, kind", [
    ("Harrowgate & Finch adjusted EPS FY2024", "money"),  # "&" in a name
    ("harrowgate & finch online revenue growth FY2024", "change"),  # the change ends a long name
    ("pellmark road freight revenue change H1 2025 vs H1 2024", "change"),
    ("the change in revenue of the five divisions", "change"),
    ("severnmoor interim dividend record date", "date"),  # a long name ending in its date
    ("heshan rcb inclusive small and micro loan balance end of june", "money"),
    ("Orvantis G&A expenses Q1 2025", "money"),        # words with "&", "-" and "/" before the money word
    ("laurentide 2024-25 deficit outturn", "money"),
    ("What is Quillon's dividend per share to be paid on the payment date?", "money"),  # the date says which
])
def test_an_analysts_bare_phrase_asks_for_its_kind(phrase, kind):
    from qa.question import kind_asked_for
    assert kind_asked_for(phrase) == kind


def test_a_verb_after_how_much_names_no_counted_thing():
    assert analyse("By how much did revenue grow?").head_stems == ()
    assert analyse("How much money did they raise?").head_text == "money"


@pytest.mark.parametrize("question, counted", [
    ("How many people lived in Dunmore at 30 June 2024?", "people"),
    ("How many German visitors stayed overnight?", "german visitors"),
    ("How many patients took part in the study?", "patients"),
    ("How many piston strokes occur in an exhaust cycle?", "piston strokes"),
    ("How many battery-electric buses did the fleet include?", "battery-electric buses"),
    ("How many news conferences were held?", "news conferences"),  # "news" is no plural
    ("How many living alumni does the university have?", "living alumni"),
    # a part named after the verb is what is counted, not the whole it is part of
    ("How many of the people helped were children?", "children"),
    ("How many of the trust's employees were women?", "women"),
    # a verb the question's words do not list, and no preposition before the question ends
    ("How many cruise passengers came ashore this summer?", "cruise passengers"),
])
def test_the_counted_thing_ends_at_its_plural_noun_not_at_the_verb_after_it(question, counted):
    assert analyse(question).head_text == counted


@pytest.mark.parametrize("text, periods", [
    ("What was revenue in the third quarter?", {(7, 9)}),
    ("Q3 2024 revenue and H1 sales", {(7, 9), (1, 6)}),
    ("the first half of 2024", {(1, 6)}),
    ("the unemployment rate in September 2024", {(9, 9)}),
    ("turnover for the first six months of 2024", {(1, 6)}),
    ("sales in the first nine months", {(1, 9)}),
    ("Results for the six months ended 30 June 2024", {(1, 6)}),
    ("the three months to September", {(7, 9)}),
    ("inflation in the twelve months to June", {(6, 6)}),
    ("What full-year revenue growth is expected?", {(1, 12)}),  # the rate of June: of the year to it
    ("you may go", set()),  # "may" is a verb; the month is written capitalised
    ("Quarterly Production Report (quarter ended 31 March 2025)", {(1, 3)}),
    ("From January to April, the port handled", {(1, 4)}),
    ("in the July-September quarter", {(7, 9)}),
    ("sales in January and April", {(1, 1), (4, 4)}),
    ("containers moved between January and June", {(1, 6)}),
    ("free cash flow over the whole of 2024", {(1, 12)}),
    ("across the whole of the city", set()),
    ("the half-year ended 30 June 2025", {(1, 6)}),
    ("an increase of 1.6% over the previous twelve months", {(1, 12)}),
    ("GDP in the first three quarters", {(1, 9)}),
    ("the first two quarters of 2024", {(1, 6)}),
    # a fiscal quarter's months depend on where the fiscal year ends
    ("Q3 FY2025 production", set()),
    ("Q2 fiscal 2026 results", set()),
    # as statistics offices write quarters
    ("Construction output in Quarter 2 2025", {(4, 6)}),
    ("New orders fell in quarter 4 2024", {(10, 12)}),
    ("Quarter 3 FY2025 production", set()),
])
def test_periods_within_a_year(text, periods):
    assert periods_in(text) == periods


@pytest.mark.parametrize("question, periods", [
    ("yunxi industrial investment growth january-march", {(1, 3)}),
    ("exports january through march", {(1, 3)}),
])
def test_a_range_of_months_typed_in_lower_case(question, periods):
    assert analyse(question).periods == periods


@pytest.mark.parametrize("question, earlier", [
    ("What were sales in the previous financial year?", True),
    ("What was revenue in the year-ago quarter?", True),
    ("What was EPS in the prior-year period?", True),
    ("What was the vacancy rate twelve months before?", True),
    ("What was revenue last year?", True),
    ("What was the average league attendance the season before?", True),  # a club's year is a season
    ("How many goals did he score last season?", True),
    ("What was the guidance range before it was raised?", True),  # the value before a revision
    ("What was revenue?", False),
    ("What was the margin a year earlier?", True),
    # a change's base: the change asked is this year's
    ("By how much did the margin widen compared with a year earlier?", False),
    ("How much did sales rise on the same period last year?", False),
    ("By how much did punctuality improve on the year before?", False),
    ("How much did revenue grow compared with the previous year?", False),
])
def test_a_question_for_the_year_before(question, earlier):
    assert analyse(question).asks_earlier == earlier
    assert analyse(question).asks_year_before == (earlier and "guidance" not in question)


@pytest.mark.parametrize("question, negated", [
    ("When was the Social Charter not adopted?", True),
    ("Which lenders never repaid the loan?", True),
    ("Why didn't the bank raise its dividend?", True),
    ("When was the Social Charter adopted?", False),
    ("How much did Meridian invest in 2023, not counting spectrum?", False),  # a restriction
    ("Which bank not only lent but also invested?", False),
])
def test_questions_about_what_did_not_happen(question, negated):
    assert analyse(question).negated is negated


@pytest.mark.parametrize("question", [
    "What revenue range is the company now forecasting for the whole of 2025?",
    "What import-and-export total is the city aiming for over the full year 2025?",
    "What revenue range is the chipmaker guiding to for its third quarter?",
])
def test_a_forecast_or_an_aim_asks_for_the_outlook(question):
    assert analyse(question).asks_outlook


def test_how_much_cheaper_a_rate_is_a_change_in_points_not_money():
    q = analyse("Compared with a year earlier, how much cheaper was the average rate on new cooperative loans?")
    assert q.kind == "change" and q.change_in == "" and not q.asks_per_time  # "a year earlier" is no rate per year
    assert analyse("How much has the loan balance increased this year?").change_in == "change of money"


def test_a_whole_a_part_is_counted_of_is_not_the_counted_thing():
    assert analyse("How many of the firms the bank lends to are national 'little giants'?").head_text != "of the firms"


@pytest.mark.parametrize("question, role", [
    ("severnmoor interim dividend record date", "record"),
    ("By what date must investors be on the shareholder register to qualify for the payout?", "record"),
    ("When must shareholders be registered to receive the dividend?", "record"),
    ("When do the shares go ex-dividend?", "ex-dividend"),
    ("When will shareholders receive the final dividend?", "payment"),
    ("When does the company pay its interim dividend?", "payment"),
    ("When is the AGM that approves the dividend?", "meeting"),
    # not a dividend's timetable, or not a date asked for
    ("When was the contractor paid?", ""),
    ("How much was the final dividend per share?", ""),
])
def test_the_step_of_a_dividend_timetable_a_question_asks_for(question, role):
    assert analyse(question).date_role == role


def test_a_months_abbreviation_is_the_month_and_no_name():
    # "31 Dec 2024" asks about December: the word is December's term, and no name the document must
    # write (it writes "31 December 2024")
    assert normalize("Dec") == normalize("December") and normalize("Sept") == normalize("September")
    assert analyse("Aldercrest MCR coverage ratio 31 Dec 2024").names == ()
    assert analyse("What was the MCR coverage ratio of Aldercrest at 31 Dec 2024?").names == ("aldercrest",)


@pytest.mark.parametrize("question, years", [
    ("What was the capital ratio a year before Q2 2024?", {2023}),
    ("How many homes were completed two years before 2021?", {2019}),
    ("How many homes were completed in the year before 2021?", {2020}),
    ("How many homes were completed 3 years prior to the merger in 2021?", {2018}),
    ("How many homes were completed five years before 2021?", {2016}),  # the counts the months are counted in
    ("How many homes were completed in 2021?", {2021}),
])
def test_a_year_counted_back_from_is_not_the_year_asked(question, years):
    parsed = analyse(question)
    assert parsed.years == years and not parsed.base_years


@pytest.mark.parametrize("text, whole", [
    ("What share of the quarter's toll income came from heavy vehicles?", ("toll", "incom")),
    ("What percentage of respondents to the 2020 census were Hindu?", ("respond",)),
    ("What proportion of placebo patients reached EASI-75?", ("placebo", "patient")),
    ("What was the share of loans in 2024?", ("loan",)),
    ("How much did exports grow?", ()),
])
def test_the_whole_a_share_is_asked_of(text, whole):
    from qa.question import share_of_stems
    assert share_of_stems(text) == whole
