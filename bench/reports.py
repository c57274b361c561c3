"""Answer quality on report-style documents: thirty-nine sets in bench/reports/, searched whole and one
document at a time.

    .venv/bin/python bench/reports.py

Each of sets a to h and j is six or seven invented documents (annual and quarterly results, a
statistics bulletin, translated Chinese bank and development-zone news, a council budget, a central
bank statement, ...) with about 80 questions, a quarter of them unanswerable, in the format of
../shared/eval. They were written by helpers that never saw qa's code, to measure what SQuAD cannot:
this year's figure beside last year's, segments, forecasts, titles that carry the period. Set a was
read question by question while answering was changed; b was read less, and c only as totals. Sets d
and e came later (an insurer, a hospital trust, a port, an airline, a retailer, a water utility, a
labour-market release, ...), their questions worded away from the documents' own words; they are
read only as totals, so they are the fairest measure here. Set f (a property trust, an electric car
maker, a spending review, a drug licensing deal, a container line, tourism statistics, Chinese rural
credit news) came with them as a new set to read question by question. Set g (a bank, a telecom
operator, a GDP release, a hybrid power project, a public-health agency, a consumer-goods trading
statement, Chinese county investment news) was written next and scored once, after the changes, and
once with the code they started from. Two more came on 2026-11-30, each scored first with the code
of that morning (e1597f7): set h (a chip-equipment maker, a university's accounts, an energy
regulator, a copper-gold miner, a transit authority, a drug maker, Chinese rural lending news),
read question by question like a and f; and set i, eight encyclopedia articles (the Panama Canal,
the bicycle, the Great Fire of London, ...) with SQuAD 2.0-style questions, a third unanswerable,
read only as totals: the nearest thing here to "other articles, other wordings". Set j came on the
afternoon of 2026-11-30 (a water utility, an insurance broker, a retail sales release, a hotel
group, a software company, a city airport, Chinese green-finance news: dense documents of 45 to 109
figures each), its questions worded away from the documents; it is read only as totals. Three
came on the evening of 2026-11-30 and were scored first with the code of 5e26557: set k (an
industrial group's half year, a regional bank's quarter, a house-builder's year, a shipping group's
nine months, an inflation release, a miner's quarterly production with a table aligned by spaces,
Chinese bank lending news), read question by question; set l, eight invented encyclopedia articles
(a river port, a railway, a seabird, a football league, a space probe, a famine, a university, an
island economy) with SQuAD 2.0-style questions, a third unanswerable; and set m (a development
zone, a rural bank, a council budget, an airline's traffic, a drug maker's quarter, a central bank's
statement, a hospital trust, several with tables written with "|"); l and m are read only as
totals. Three more came on the evening of 2026-11-30 and were scored first with the code of e264410:
set n (seven translated Chinese financial news articles, the first corpus's kind: a free-trade zone,
a city's economy, a rural bank, a port, an investment fair, green loans, flood insurance claims),
read only as totals; set o (seven report excerpts as pdftotext writes them: lines broken mid-sentence,
words hyphenated across lines, page headers and footers, footnote markers, tables aligned by spaces
with their units in the caption), read question by question; and set p (eight invented encyclopedia
articles with SQuAD 2.0-style questions, a third unanswerable), read question by question. Two came on the
night of 2026-11-30 and were scored first with the code of 69cc0eb, both read question by question:
set q (seven more translated Chinese financial news articles: a rural bank, a development zone's
signing ceremony, a city's half year, flood insurance claims, a policy bank's infrastructure loans,
a digital-yuan pilot, a province's foreign trade) and set r (seven report excerpts worded away from
their questions: a utility's half year, an asset manager's quarter, a steelmaker's year, a pension
fund, a port's statistics, a biotech's quarter, a province's public accounts; tables in six of them).
Two came on the night of 2026-11-30 and were scored first with the code of 85503f6, both read
question by question: set s (seven more translated Chinese financial news articles: a bank
branch's manufacturing loans, a rural bank's spring ploughing loans, a free-trade port's cargo and
customs, a city's first-quarter bulletin, typhoon insurance claims, a new-energy vehicle park's
signing, a city's cross-border RMB settlement; datelines, "of which" parts, balances beside
increments) and set t (seven English report excerpts and articles worded away from their
questions: a grocer's results with a key-figures table, an airport's traffic, a council's housing
bulletin, a miner's fiscal quarter, a takeover article, a labour-market release, a university's
accounts). Two came on 2026-12-01 and were scored first with the code of bdeac0a, both read question
by question: set u (seven English news reports and press releases: a hospital trust's year, a port
group's half year, a council budget, a wind and solar developer's financial close, a bank's quarter
with a table, a food charity's annual review, a transport operator's ridership and punctuality)
and set v (seven translated Chinese regional news articles: a county branch's rural loans, a
province's first three quarters, a park's signing ceremony, rainstorm insurance claims, a city's
half-year foreign trade, a branch's green finance, a holiday tourism festival). Two more came on
2026-12-01 and were scored first with the code of 9c2a08f, both read question by question: set w
(seven English reports and releases: a software company's half year, a water utility's year, a
construction output release, a hospital charity's accounts, a miner's quarterly production, an
airport article, an insurer's results) and set x (seven more translated Chinese regional news
articles: technology loans, a summer harvest, a port group's half year, a consumption campaign,
VAT refunds, an investment conference, cross-border trade finance). Two more came on 2026-12-01
and were scored first with the code of 61e232c, both read question by question: set y (seven more
translated Chinese regional news articles: a rural bank's loans to cooperatives, a city's foreign
trade, a state bank's branch and private firms, an industrial park's signing, hail insurance
payouts, holiday tourism, a "1 + N" small-business programme) and set z (seven English report
excerpts and releases worded away from their questions: a regional bank's results with a table, a
logistics company's trading update, a GDP estimate with revisions, a university's accounts, a
renewables company's half-year production, a council's budget, a drug licensing deal). Set aa came
later that morning, scored first with the code the day's second stop started from (d325151) and
read only as totals, the measure of that stop's changes on documents none of them was written for:
three translated Chinese regional news articles (foreign-exchange hedging, rural revitalisation
loans, a province's new-energy vehicles) and four English documents (an airline's monthly traffic
with a table aligned by spaces, a building society's half year with a "|" table, a labour-market
release, a housing association's annual report). Three came on the afternoon of 2026-12-01 and were
scored first with the code of e373ef5: set bb (seven more translated Chinese regional news articles:
a city commercial bank's loans to specialised small firms, spring ploughing credit, a province's
first half, a bonded zone's cross-border e-commerce, pension finance, drought insurance claims, a
county's enterprise visits and signing ceremony) and set cc (seven English report excerpts and
releases: a building-materials group with a segment table, a toll-road operator's traffic, a health
authority, a gold miner's quarter with guidance, a city's tourism bulletin, a pension scheme's
funding update, a software company's results with a non-GAAP reconciliation), both read question by
question; and set dd (three translated Chinese news articles and five English reports and releases),
read only as totals. Two came on the morning of 2026-12-02, scored first with the code of 6581a05 and
read only as totals: set ee (seven English documents: an engineering group's annual results, an
industrial production release, a city bus and tram operator's passenger report, a newspaper article
on a hospital's costs, a gold miner's quarter, a homelessness charity's annual review, a central
bank's rate statement) and set ff (seven translated Chinese regional news articles: a city bank's
technology loans, a county's autumn harvest and crop insurance, a port's first three quarters, a
province's first-half foreign trade, a project signing ceremony, a rural credit union's whole-county
credit, a city's "Double Eleven" consumption festival). Two came at midday on 2026-12-02, scored first
with the code of d5302e5 and read only as totals: set gg (seven English documents: a delivery
company's half year with a key-figures table, a labour-market release with revisions, a water
utility's annual report, a newspaper article on a bridge's cost overrun, a miner's quarterly
operations update, a university's financial review, a central bank's policy statement) and set hh
(seven translated Chinese regional news articles: a provincial bank branch's loans to private
firms, a city's first three quarters, a rural bank's autumn grain purchase loans, a county's
signing ceremony, typhoon insurance claims, a bonded zone's trade and cross-border e-commerce, a
city's "first loan" programme for small firms). Two came on the afternoon of 2026-12-02, scored first
with the code of e8f637c and read only as totals: set ii (seven English documents: a retailer's
Christmas trading statement with a table aligned by spaces, a house price index with regions and
revisions, a biotech's trial result and licensing deal, an oil and gas producer's quarter with a
dividend timetable, a football club's accounts, a rail operator's annual performance, a council's
audit of a failed housing programme; questions worded away from the documents) and set jj (seven
translated Chinese regional news articles: a state bank branch's manufacturing loans, a city's
prices and retail sales, a county's tea loans, a high-tech zone's signing ceremony, drought
insurance claims, a rail freight hub's China-Europe trains, a digital RMB pilot). Two came on the
evening of 2026-12-02, scored first with the code of 68796fe and read only as totals: set kk (seven
English documents: a hospital group's trading update with a table aligned by spaces, a tourism
statistics release with revisions, a chip foundry's quarter, a regional airport's annual report, a
ministry's harvest estimate, a housing association's annual review, an insurer's solvency update
with a dividend timetable; questions worded away from the documents) and set ll (seven translated
Chinese regional news articles: a state bank branch's loans to private firms, a county's orchard
loans, a city's foreign trade, a port free-trade zone's bonded logistics, hailstorm insurance
claims, a science park's investment conference, a city bank's green bonds and carbon-reduction
loans). Set mm came on the morning of 2026-12-03, scored first with the code of 06ef816 and read only
as totals (seven documents: a water company's interim results with a table aligned by spaces, a
retail sales release with revisions, a translated Chinese article on a city's new-energy vehicle
industry, a container shipping group's year with a dividend timetable, a museum's annual review, a
gold miner's quarter, a borough council's capital programme; questions worded away from the
documents). The metrics are those of ../shared/eval/score.py.

    .venv/bin/python bench/reports.py [--sets a,b,...] [--save RUN.json] [--compare RUN.json]

--save and --compare work as bench/halves.py's do, on every set's questions (whole search). For the
sets read only as totals (READ_AS_TOTALS) --compare shows the question's id, not its words, so that
comparing does not read them.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import _common as C
from _common import say

SETS = ("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "aa", "bb", "cc", "dd", "ee", "ff", "gg", "hh", "ii", "jj", "kk", "ll", "mm")
READ_AS_TOTALS = frozenset(("d", "e", "g", "i", "j", "l", "m", "n", "aa", "dd", "ee", "ff", "gg", "hh", "ii", "jj", "kk", "ll", "mm"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--save", type=Path, help="write each question's outcome to this JSON file")
    parser.add_argument("--compare", type=Path, help="list the questions whose outcome differs from this file")
    parser.add_argument("--sets", help="comma-separated names of the sets to run (default: all)")
    args = parser.parse_args()
    names = args.sets.split(",") if args.sets else SETS
    unknown = [name for name in names if name not in SETS]
    if unknown:
        parser.error(f"no such set: {', '.join(unknown)}")

    from qa.api import QA
    from qa.evaluate import evaluate, load_questions

    print(C.header("qa answer quality on report-style documents (bench/reports.py)"))
    rows, now = [], {}
    for name in names:
        folder = C.BENCH / "reports" / name
        bot = QA(folder / "docs", C.CACHE / f"reports-{name}", update=True, notify=say)
        questions = load_questions(folder / "questions.jsonl")
        for per_doc in (False, True):
            result, outputs = evaluate(bot, questions, per_doc=per_doc)
            r = result.rates()
            rows.append([f"{name}{' --per-doc' if per_doc else ''}", len(questions), r["passage@1"], r["passage@3"],
                         r["figure@1"], r["abstain"], r["answered_answerable"],
                         f"{r['quotes_wrong']}/{r['quotes_checked']}"])
            if not per_doc:
                now.update({f"{name}:{q['id']}": C.outcome(q, o) for q, o in zip(questions, outputs)})
    print(C.table(["set", "questions", "passage@1", "passage@3", "figure@1", "abstain", "answered (answerable)",
                   "quotes wrong"], rows))
    if args.compare:
        C.compare_outcomes(now, args.compare, words_hidden=lambda key: key.split(":")[0] in READ_AS_TOTALS)
    if args.save:
        C.save_outcomes(now, args.save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
