"""The same questions in other words: does qa answer "Can you tell me what the net debt was?" as it
answers "What was the net debt?"

    .venv/bin/python bench/wordings.py

Users type requests ("Give me the revenue for Q3", "Find the load factor in September"), questions
inside requests ("Do you know what the dividend was?"), bare words ("dividend per share 2023") and
lower case ("what was inflation in september"). Each question of SQuAD and of the report sets
(searched one document at a time) that is worded "What was/is X?" or "How many/How much/When ...?"
is asked again in each of the wordings below, made from it mechanically. For each wording the table
gives, on the answerable figure questions, how many are answered with the right figure, and how many
of those the original wording answered rightly that the new wording does not (lost) or the reverse
(gained); on the unanswerable questions, how many are not answered, in it and in the original. No
question is read: the outcomes are counted.
"""
from __future__ import annotations

import re
import sys
from collections import Counter

import _common as C
from _common import say

_WHAT = re.compile(r"^What (was|were|is|are) (.*?)\?$")
_HOW = re.compile(r"^(?:How (?:many|much)|When|In (?:what|which) year) .*\?$")

_DID = {"was": "did", "were": "did", "is": "does", "are": "do"}
# Wordings of "What was X?" (verb, X): the first four were written before qa read requests, the
# next nine after its first version, to check it on wordings it was not written from, the next two
# with the reading of "What did X amount to?" as "What was X?", to measure it, and the last six
# before qa read asides ("please", "according to the report") and "How much was X?".
WHAT_WORDINGS = {
    "Give me X.": lambda verb, x: f"Give me {x}.",
    "X (the words alone)": lambda verb, x: re.sub(r"^the ", "", x),
    "Can you tell me what X was?": lambda verb, x: f"Can you tell me what {x} {verb}?",
    "Find X": lambda verb, x: f"Find {x}",
    "Please give me X": lambda verb, x: f"Please give me {x}",
    "Could you find X for me?": lambda verb, x: f"Could you find {x} for me?",
    "I need to know what X was.": lambda verb, x: f"I need to know what {x} {verb}.",
    "Tell me X": lambda verb, x: f"Tell me {x}",
    "Do you know what X was?": lambda verb, x: f"Do you know what {x} {verb}?",
    "Show me X.": lambda verb, x: f"Show me {x}.",
    "Look up X": lambda verb, x: f"Look up {x}",
    "I'm looking for X": lambda verb, x: f"I'm looking for {x}",
    "Any idea what X was?": lambda verb, x: f"Any idea what {x} {verb}?",
    "What did X amount to?": lambda verb, x: f"What {_DID[verb]} {x} amount to?",
    "What level did X reach?": lambda verb, x: f"What level {_DID[verb]} {x} reach?",
    "According to the report, what was X?": lambda verb, x: f"According to the report, what {verb} {x}?",
    "What was X, according to the documents?": lambda verb, x: f"What {verb} {x}, according to the documents?",
    "What was the figure for X?": lambda verb, x: f"What {verb} the figure for {re.sub(r'^the ', '', x)}?",
    "What exactly was X?": lambda verb, x: f"What exactly {verb} {x}?",
    "How much was X?": lambda verb, x: f"How much {verb} {x}?",
    "What was X, please?": lambda verb, x: f"What {verb} {x}, please?",
}
# Wordings of "How many ...?", "How much ...?", "When ...?" (Q, the question)
HOW_WORDINGS = {
    "Can you tell me how many ...?": lambda q: f"Can you tell me {q[0].lower()}{q[1:]}",
    "I'd like to know how many ....": lambda q: f"I'd like to know {q[0].lower()}{q[1:-1]}.",
}
LOWER = "what was x (lower case, no question mark)"


def wordings(question: str) -> dict[str, str]:
    what = _WHAT.match(question)
    found = {}
    if what:
        found = {name: make(*what.groups()) for name, make in WHAT_WORDINGS.items()}
    elif _HOW.match(question):
        found = {name: make(question) for name, make in HOW_WORDINGS.items()}
    if found:
        found[LOWER] = question.lower().rstrip("?")
    return found


def main() -> int:
    from qa.api import QA
    from qa.evaluate import figure_hit, is_figure_question, load_questions

    print(C.header("qa on the same questions in other words (bench/wordings.py)"))
    sets = [("SQuAD", C.squad_qa(), load_questions(C.SQUAD_QUESTIONS), False)]
    for name in "abcdefghij":
        folder = C.BENCH / "reports" / name
        sets.append((name, QA(folder / "docs", C.CACHE / f"reports-{name}", update=True, notify=say),
                     load_questions(folder / "questions.jsonl"), True))
    asked, right, original_right, lost, gained = Counter(), Counter(), Counter(), Counter(), Counter()
    unanswerable, abstained, original_abstained = Counter(), Counter(), Counter()
    for name, bot, questions, per_doc in sets:
        say(f"asking the questions of {name} in other words")
        for q in questions:
            others = wordings(q["question"])
            if not others or (q["answerable"] and not is_figure_question(q)):
                continue
            source = q.get("doc") if per_doc else None

            def outcome(text: str) -> bool:
                result = bot.ask(text, source=source)
                if not q["answerable"]:
                    return not result.answered
                return result.answered and result.answer is not None and figure_hit(result.answer.text, q["answers"])

            first = outcome(q["question"])
            for wording, text in others.items():
                now = outcome(text)
                if not q["answerable"]:
                    unanswerable[wording] += 1
                    abstained[wording] += now
                    original_abstained[wording] += first
                    continue
                asked[wording] += 1
                right[wording] += now
                original_right[wording] += first
                lost[wording] += first and not now
                gained[wording] += now and not first
    rows = [[wording, asked[wording], f"{right[wording]} ({original_right[wording]})", lost[wording], gained[wording],
             f"{abstained[wording]} ({original_abstained[wording]}) of {unanswerable[wording]}"]
            for wording in [*WHAT_WORDINGS, *HOW_WORDINGS, LOWER]]
    print(C.table(["wording", "answerable figure questions", "answered right (in the original wording)", "lost",
                   "gained", "unanswerable not answered (in the original wording)"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
