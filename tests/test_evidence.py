"""Evidence about what a figure is of, beyond its kind (qa.answering)."""
import pytest

from qa.answering import _counts_the_subject
from qa.figures import find_figures
from qa.question import analyse

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
