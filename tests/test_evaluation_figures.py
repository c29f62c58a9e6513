"""The chair's figures, from a dataset whose right answers are known, and the suppression
rules that keep small numbers from pointing at a child."""

from datetime import date

import pytest

from evaluation import aggregates
from evaluation.aggregates import Cell, Period, suppressed_table
from tests.evaluation_world import in_pilot

pytestmark = pytest.mark.django_db


# Suppression ----------------------------------------------------------------------------


def shown(table):
    return [str(c) for _, c in table.rows], str(table.total) if table.total else None


def test_counts_below_the_threshold_are_hidden_and_zero_is_shown():
    table = suppressed_table("t", "T", [("a", 0), ("b", 3), ("c", 9), ("d", 12)], 5)
    # b is hidden; the total would give it away (24 - 9 - 12), so c (the smallest) goes too.
    assert shown(table) == (["0", "fewer than 5", "fewer than 5", "12"], "24")


def test_two_hidden_cells_need_no_second_suppression():
    table = suppressed_table("t", "T", [("a", 1), ("b", 2), ("c", 9)], 5)
    assert shown(table) == (["fewer than 5", "fewer than 5", "9"], "12")


def test_a_small_total_is_hidden_too():
    table = suppressed_table("t", "T", [("a", 3), ("b", 0)], 5)
    assert shown(table) == (["fewer than 5", "0"], "fewer than 5")


def test_without_a_total_there_is_no_second_suppression():
    table = suppressed_table("t", "T", [("a", 3), ("b", 7)], 5, total=False)
    assert shown(table) == (["fewer than 5", "7"], None)


def test_the_threshold_is_the_pilots_own():
    table = suppressed_table("t", "T", [("a", 3), ("b", 7)], 3, total=False)
    assert shown(table) == (["3", "7"], None)


def test_a_hidden_cell_does_not_carry_its_number():
    hidden = aggregates.cell(2, 5)
    assert hidden == Cell(None, 5) and hidden.suppressed and str(hidden) == "fewer than 5"


def rows(table):
    return {label: c.value for label, c in table.rows}


def test_every_dashboard_figure(pilot, world):
    d = aggregates.dashboard(pilot, Period(pilot.start, pilot.end))

    assert rows(d.headline) == {
        "Children with a completed CIA": 3,  # ann, dan, fay
        "Target": 15,
        "Children in the pilot": 6,
    }
    assert rows(d.funnel) == {
        "Referrals received (families)": 3,
        "Children offered a CIA": 5,  # ann, ben, cat, dan, fay
        "Children who said yes": 4,
        "Children with a completed CIA": 3,
        "Completed at arrest, bail or remand": 0,
        "Completed at court and sentencing": 2,
        "Completed at custody (prison)": None,  # 1: hidden below 2
        "Completed at community sentence": 0,
        "Completed at release": 0,
        "Actions agreed": 2,
        "Actions completed": None,
    }
    assert rows(d.referrals_by_route) == {"Duty desk": 3}
    assert rows(d.referrals_by_stage)["Court and sentencing"] == 3
    assert rows(d.conversations_by_stage)["Court and sentencing"] == 2
    assert rows(d.before_sentencing) == {
        "Children whose mother had a sentencing hearing": 4,  # ann, ben, cat, dan
        "CIA completed or declined before it": 2,  # ann (completed), ben (declined)
        "Share completed or declined before it (%)": 50,
        "Pre-sentence reports the child's words reached, with consent": None,  # 1 mother
    }
    assert rows(d.onward_by_type)["Mentoring"] is None and d.onward_by_type.total.suppressed
    assert rows(d.sharing) == {
        "Consents to share given": 2,
        "Consents withdrawn": 0,
        "Safeguarding overrides (shared without consent)": 0,
    }
    ages = rows(d.profile[0])
    # Ages on 31 December 2023: cat 2; ann 8, eve 10; ben 13, fay 11; dan 16.
    assert ages == {"Under 5": None, "5 to 10": 2, "11 to 15": 2, "16 and over": None}
    assert d.profile[0].total.value == 6
    genders = rows(d.profile[1])
    assert genders["Girl"] == 4 and genders["Boy"] == 2


def test_timeliness_medians(pilot, world):
    d = aggregates.dashboard(pilot, Period(pilot.start, pilot.end))
    to_offer, to_conversation = d.timeliness
    assert (to_offer.days, to_offer.n) == (5.0, 2)  # 3 and 7 days
    # ann 5, cat 10, dan 61, fay 10 days from first offer to first conversation
    assert (to_conversation.days, to_conversation.n) == (10.0, 4)


def test_feedback_by_group(pilot, world):
    d = aggregates.dashboard(pilot, Period(pilot.start, pilot.end))
    children = next(g for g in d.feedback if g["value"] == "child")
    assert children["n"].value == 3
    shares = {question: cell.value for question, cell in children["shares"]}
    # listened: 5,4,2 -> 2 of 3 agree; supported 4,5,2 -> 2 of 3; included 2,5 -> 1 of 2
    assert shares == {
        "Felt listened to": 67,
        "Felt well supported": 67,
        "Included in decisions about the actions": 50,
    }
    mothers = next(g for g in d.feedback if g["value"] == "mother")
    assert mothers["n"].suppressed and all(c.suppressed for _, c in mothers["shares"])
    assert [q.comments for q in d.quotes] == ["child words"] * 3


def test_the_period_filters_events(pilot, world):
    d = aggregates.dashboard(pilot, Period(date(2023, 5, 1), date(2023, 5, 31)))
    assert rows(d.funnel)["Completed at custody (prison)"] == 0  # dan's was in July
    assert rows(d.funnel)["Referrals received (families)"] == 0  # all came in April


def test_the_default_threshold_hides_this_small_pilot(pilot, world):
    pilot.suppress_below = 5
    d = aggregates.dashboard(pilot, Period(pilot.start, pilot.end))
    assert rows(d.headline)["Children with a completed CIA"] is None
    assert str(d.headline.rows[0][1]) == "fewer than 5"
    assert all(c.suppressed or c.value in (0, 6) for _, c in d.profile[1].rows)
    assert str(d.timeliness[0]) == "not shown (fewer than 5 to count)"


def test_the_dashboard_makes_a_fixed_number_of_queries(pilot, world, django_assert_max_num_queries):
    for _ in range(10):
        in_pilot()
    with django_assert_max_num_queries(19):
        aggregates.dashboard(pilot, Period(pilot.start, pilot.end))


def test_old_referrals_outside_the_pilot_are_not_counted(pilot, world):
    d = aggregates.dashboard(pilot, Period(date(2024, 1, 1), date(2024, 12, 31)))
    assert rows(d.funnel)["Referrals received (families)"] == 0
    assert d.headline.rows[2][1].value == 0


def test_the_hidden_cells_hold_the_right_numbers(pilot, world):
    """With nothing hidden (a threshold of 1 is below what the chair may choose), the cells
    that the dashboard hides hold the numbers the dataset says."""
    pilot.suppress_below = 1
    d = aggregates.dashboard(pilot, Period(pilot.start, pilot.end))
    assert rows(d.funnel)["Completed at custody (prison)"] == 1  # dan
    assert rows(d.funnel)["Actions completed"] == 1
    assert (
        rows(d.before_sentencing)["Pre-sentence reports the child's words reached, with consent"]
        == 1
    )  # ann's mother; the child outside the pilot does not count
    assert rows(d.onward_by_type)["Mentoring"] == 1
    assert rows(d.profile[0]) == {"Under 5": 1, "5 to 10": 2, "11 to 15": 2, "16 and over": 1}
    assert rows(d.profile[2]) == {
        "Asian or Asian British": 1,
        "Black, Black British, Caribbean or African": 1,
        "Mixed or multiple ethnic groups": 1,
        "White": 3,
        "Other ethnic group": 0,
        "Not known or prefers not to say": 0,
    }
    assert {t.slug for t in d.tables} >= {"timeliness", "action-plan", "feedback", "funnel"}
