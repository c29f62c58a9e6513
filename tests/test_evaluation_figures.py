"""The chair's figures, from a dataset whose right answers are known, and the suppression
rules that keep small numbers from pointing at a child."""

from datetime import date

import pytest

from evaluation import figures
from evaluation.charts import bars
from evaluation.figures import Period, Table
from evaluation.figures.suppression import shown as shown_cell
from evaluation.models import FeedbackResponse
from evaluation.services import pilot_counts_refresh
from tests.evaluation_world import IN_2023, in_pilot

pytestmark = pytest.mark.django_db


# Suppression itself is proved in tests/test_suppression.py; here, the figures it is given.


def rows(table):
    return {label: c.value for label, c in table.rows}


def test_every_dashboard_figure(pilot, world):
    d = figures.dashboard(pilot, Period(pilot.start, pilot.end))

    assert rows(d.headline) == {
        "Children with a completed CIA": 3,  # ann, dan, fay
        "Target": 15,
        "Children in the pilot": 6,
    }
    assert rows(d.funnel) == {
        "Referrals received (families)": 3,
        "Children offered a CIA": 5,  # ann, ben, cat, dan, fay
        "Children who said yes": 4,
        "Children who said no": None,  # ben: 1, hidden below 2
        "Children with a completed CIA": 3,
        # A zero in a table that adds up is hidden like a 1 ("fewer than 2").
        "First completed at arrest, bail or remand": None,
        "First completed at court and sentencing": 2,
        "First completed at custody (prison)": None,  # dan
        "First completed at community sentence": None,
        "First completed at release": None,
        "Actions agreed": 2,
        "Actions completed": None,
    }
    assert rows(d.referrals_by_route) == {"Duty desk": 3}  # the partner's only route
    assert rows(d.referrals_by_stage)["Court and sentencing"] == 3
    assert rows(d.conversations_by_stage)["Court and sentencing"] == 2
    assert rows(d.before_sentencing) == {
        "Children whose mother had a sentencing hearing": 4,  # ann, ben, cat, dan
        "Children whose mother had none in the period": 2,  # eve (a plea hearing), fay
        "CIA completed or declined before it": 2,  # ann (completed), ben (declined)
        "Neither completed nor declined before it": 2,  # cat (a draft), dan (after)
        "Share completed or declined before it": 50,
        "Pre-sentence reports the child's words reached, with consent": None,  # 1 mother
    }
    assert str(d.before_sentencing.rows[4][1]) == "50%"
    # One onward referral: its total is fewer than 2, so its zeros are hidden with it.
    assert set(rows(d.onward_by_type).values()) == {None} and d.onward_by_type.total.suppressed
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
    d = figures.dashboard(pilot, Period(pilot.start, pilot.end))
    to_offer, to_conversation = d.timeliness
    assert (to_offer.days, to_offer.n) == (5.0, 2)  # 3 and 7 days
    # ann 5, cat 10, dan 61, fay 10 days from first offer to first conversation
    assert (to_conversation.days, to_conversation.n) == (10.0, 4)


def test_feedback_by_group(pilot, world):
    d = figures.dashboard(pilot, Period(pilot.start, pilot.end))
    children = next(g for g in d.feedback if g["value"] == "child")
    assert children["n"].value == 3
    # listened: 5,4,2 -> 2 of 3 agree; supported 4,5,2 -> 2 of 3; included 2,5 -> 1 of 2:
    # each time one child did not agree, a count below 2, so no share is shown.
    assert all(c.suppressed for _question, c in children["shares"])
    mothers = next(g for g in d.feedback if g["value"] == "mother")
    assert mothers["n"].suppressed and all(c.suppressed for _, c in mothers["shares"])
    assert [q.comments for q in d.quotes] == ["child words"] * 3


def answers(pilot, respondent, scores, *, may_quote=False):
    for listened, included in scores:
        FeedbackResponse.objects.create(
            pilot=pilot,
            respondent=respondent,
            stage="court",
            source="paper",
            listened_to=listened,
            included=included,
            submitted_on=IN_2023,
            comments="words",
            may_quote=may_quote,
        )


def test_no_feedback_share_is_shown_over_a_base_below_the_threshold(pilot):
    """Ten carers answered, but only three answered "included": 2 of 3 (67%) is not shown,
    though the ten responses are. And 86% of 7 mothers would say that one did not agree."""
    pilot.suppress_below = 5
    pilot.save()
    answers(pilot, "carer", [(5, 5), (5, 4), (4, 1)] + [(5, None), (1, None)] * 3 + [(2, None)])
    answers(pilot, "mother", [(5, None)] * 6 + [(1, None)])
    answers(pilot, "sentencer", [(5, None)] * 5 + [(1, None)] * 5)
    groups = {
        g["value"]: g for g in figures.dashboard(pilot, Period(pilot.start, pilot.end)).feedback
    }
    carers = dict(groups["carer"]["shares"])
    assert groups["carer"]["n"].value == 10
    assert carers["Included in decisions about the actions"].suppressed  # a base of 3
    assert str(carers["Felt listened to"]) == "[c] not shown"  # 6 of 10 agree, 4 did not
    assert dict(groups["mother"]["shares"])["Felt listened to"].suppressed  # 6 of 7
    assert str(dict(groups["sentencer"]["shares"])["Felt listened to"]) == "50%"  # 5 and 5


def test_quotes_come_only_from_groups_whose_responses_are_counted(pilot):
    """Three quotes from mothers under "[c] fewer than 5 responses" would say at least 3."""
    pilot.suppress_below = 5
    answers(pilot, "mother", [(5, 5)] * 3, may_quote=True)
    answers(pilot, "carer", [(5, 5)] * 5, may_quote=True)
    d = figures.dashboard(pilot, Period(pilot.start, pilot.end))
    assert {q.respondent for q in d.quotes} == {"carer"}


def test_the_period_filters_events(pilot, world):
    pilot.suppress_below = 1  # nothing hidden: the counts themselves
    d = figures.dashboard(pilot, Period(date(2023, 5, 1), date(2023, 5, 31)))
    assert rows(d.funnel)["First completed at custody (prison)"] == 0  # dan's was in July
    assert rows(d.funnel)["Referrals received (families)"] == 0  # all came in April


def test_the_default_threshold_hides_this_small_pilot(pilot, world):
    pilot.suppress_below = 5
    d = figures.dashboard(pilot, Period(pilot.start, pilot.end))
    assert rows(d.headline)["Children with a completed CIA"] is None
    assert str(d.headline.rows[0][1]) == "[z] not shown"  # (see below)
    assert all(c.suppressed or c.value in (0, 6) for _, c in d.profile[1].rows)
    assert str(d.timeliness[0]) == "[c] not shown: fewer than 5 to count"
    # 4 children whose mother had a sentencing hearing and 2 whose mother had none: with the
    # 6 shown, neither [c] could be 1, so the number of children is hidden too, everywhere.
    # (Here the whole set is left out: fay, the one child with no parent recorded, would
    # otherwise be pinned between the 5 children whose mother was their main carer, an [x],
    # and the at most 8 that the two [c]s of the sentencing split allow.)
    assert rows(d.headline)["Children in the pilot"] is None
    assert d.headline.rows[2][1] == d.profile[0].total == d.profile[2].total
    assert str(d.profile[0].total) == "[z] not shown"


def test_the_dashboard_makes_a_fixed_number_of_queries(pilot, world, django_assert_max_num_queries):
    for _ in range(10):
        in_pilot()
    # 17, and the families' counts, the parents', the justice journey's and the training
    # register's three (issue 21); the children's counts read each table once: offers,
    # conversations, sentencing hearings, links, prison events, mentors, "You said, we did"
    with django_assert_max_num_queries(28):  # and one looking for kept counts: none
        figures.dashboard(pilot, Period(pilot.start, pilot.end))
    pilot_counts_refresh(pilot=pilot)
    # Kept (decision 0013): the kept counts and the pilot's partners, the referrals' four,
    # feedback's two, the plan's, the costs', the training register's three
    with django_assert_max_num_queries(13):
        figures.dashboard(pilot, Period(pilot.start, pilot.end))


def test_each_table_alone_is_the_dashboards(pilot, world):
    """A table's CSV hides exactly what the dashboard and the report hide."""
    period = Period(pilot.start, pilot.end)
    for threshold in (2, 5):
        pilot.suppress_below = threshold
        d = figures.dashboard(pilot, period)
        assert [t.slug for t in d.tables] == list(figures.TABLES)
        for shown in d.tables:
            assert figures.table(pilot, period, shown.slug) == shown, shown.slug
    assert figures.table(pilot, period, "no-such-table") is None


def test_a_table_alone_works_out_only_what_it_is_suppressed_with(
    pilot, world, django_assert_max_num_queries
):
    period = Period(pilot.start, pilot.end)
    # Each after looking for kept counts (none here): the children's ids, consents, overrides
    with django_assert_max_num_queries(1 + 3):
        figures.table(pilot, period, "sharing")
    # ids, the children's details, offers, conversations, sentencing, links, prison events,
    # mentors, "You said, we did", onward referrals, reports
    with django_assert_max_num_queries(1 + 11):
        figures.table(pilot, period, "gender")
    with django_assert_max_num_queries(1):
        figures.table(pilot, period, "referrals-by-route")


def test_old_referrals_outside_the_pilot_are_not_counted(pilot, world):
    pilot.suppress_below = 1
    d = figures.dashboard(pilot, Period(date(2024, 1, 1), date(2024, 12, 31)))
    assert rows(d.funnel)["Referrals received (families)"] == 0
    assert d.headline.rows[2][1].value == 0


def test_the_hidden_cells_hold_the_right_numbers(pilot, world):
    """With nothing hidden (a threshold of 1 is below what the chair may choose), the cells
    that the dashboard hides hold the numbers the dataset says."""
    pilot.suppress_below = 1
    d = figures.dashboard(pilot, Period(pilot.start, pilot.end))
    assert rows(d.funnel)["First completed at custody (prison)"] == 1  # dan
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


# Charts, empty tables and CSV rows ------------------------------------------------------------


def test_a_bar_is_as_long_as_its_share_of_the_largest_figure_shown(pilot, world):
    d = figures.dashboard(pilot, Period(pilot.start, pilot.end))
    drawn = {bar.label: bar.percent for bar in bars(d.funnel)}
    assert drawn["Children offered a CIA"] == 100  # 5, the largest
    assert drawn["Children who said yes"] == 80
    assert drawn["Referrals received (families)"] == 60
    assert drawn["Children who said no"] == 0  # hidden: no bar to measure it by
    # A table that mixes a share with counts is not drawn as a chart.
    assert {bar.percent for bar in bars(d.before_sentencing)} == {0}
    # However small beside the largest, a figure above 0 gets a bar.
    table = Table("age", "Children by age", [("a", shown_cell(1000)), ("b", shown_cell(1))])
    assert [bar.percent for bar in bars(table)] == [100, 1]


def test_a_table_knows_when_it_has_nothing_to_draw(pilot, world):
    d = figures.dashboard(pilot, Period(pilot.start, pilot.end))
    assert d.onward_by_type.all_hidden and not d.onward_by_type.all_zero
    assert not d.sharing.all_hidden and not d.sharing.all_zero  # 2, 0, 0
    empty = figures.dashboard(pilot, Period(date(2020, 1, 1), date(2020, 1, 31)))
    assert empty.sharing.all_zero and empty.sharing.empty
    assert not empty.funnel.all_zero  # its zeros are hidden: they are never said to be 0


def test_a_tables_csv_rows_have_one_header_and_a_number_or_a_reason(pilot, world):
    pilot.suppress_below = 5
    d = figures.dashboard(pilot, Period(pilot.start, pilot.end))
    header, *rows = figures.csv_rows(d.profile[0])
    assert header == ["Figure", "Number", "Measure", "Why there is no number"]
    assert rows[-1] == ["Total", "", "count", "suppressed [z]: the whole breakdown is left out"]
    header, *rows = figures.csv_rows(d.referrals_by_stage)
    assert ["Arrest, bail or remand", "", "count", "suppressed [c]: fewer than 5"] in rows
    header, *rows = figures.csv_rows(d.timeliness_table)
    assert rows[0] == [
        "Median days from referral to offer",
        "",
        "median, in days",
        "suppressed [c]: worked out from a number below 5",
    ]
    pilot.suppress_below = 2
    d = figures.dashboard(pilot, Period(pilot.start, pilot.end))
    share = figures.csv_rows(d.before_sentencing)[5]
    assert share == ["Share completed or declined before it", 50, "percent", ""]
