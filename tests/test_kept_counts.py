"""A pilot's counts for its whole period, kept each night (or when its chair asks), so that its
pages, report and CSVs read one row rather than every child's records: the same figures as
the records give, used only while they are still the pilot's (decision 0013)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from evaluation import figures
from evaluation.figures import Period, PilotFigures
from evaluation.figures.dashboard import COUNTS
from evaluation.models import Pilot, PilotCounts
from evaluation.services import pilot_counts_refresh
from tests.evaluation_world import in_pilot
from tests.factories import AreaFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def whole(pilot) -> Period:
    return Period(pilot.start, pilot.end)


def every_figure(d: figures.Dashboard) -> list:
    """Every figure of the report, as (table, label, number, mark)."""
    cells = [
        (table.slug, label, c.value, c.hidden)
        for table in d.tables
        for label, c in [*table.rows, ("total", table.total)]
        if c is not None
    ]
    medians = [(m.label, m.days, m.n) for m in d.timeliness]
    return [*cells, *medians, ("costs", d.costs.families.value, d.costs.families.hidden)]


def from_the_records(pilot) -> figures.Dashboard:
    live = PilotFigures(pilot, whole(pilot), use_kept=False)
    assert live.kept is None
    return figures.dashboard_of(live)


@pytest.mark.parametrize("threshold", [1, 2, 5])
def test_the_kept_counts_give_the_figures_the_records_give(pilot, world, threshold):
    pilot.suppress_below = threshold  # applied as the page shows them: kept before hiding
    pilot_counts_refresh(pilot=pilot)
    kept = figures.dashboard(pilot, whole(pilot))
    assert kept.counted_at is not None
    assert every_figure(kept) == every_figure(from_the_records(pilot))


def test_on_random_data_too(db):
    from evaluation.scale_data import generate

    generate(children=400, seed=5, areas=2)
    for pilot in Pilot.objects.all():
        pilot_counts_refresh(pilot=pilot)
        kept = PilotFigures(pilot, whole(pilot))
        assert kept.kept is not None
        assert every_figure(figures.dashboard_of(kept)) == every_figure(from_the_records(pilot))
        assert set(kept.kept.counts) == set(COUNTS)


def test_they_are_the_counts_of_when_they_were_counted_until_counted_again(pilot, world):
    pilot.suppress_below = 1
    pilot_counts_refresh(pilot=pilot)
    before = figures.dashboard(pilot, whole(pilot)).headline.rows[2][1].value
    in_pilot()  # a new child today
    assert figures.dashboard(pilot, whole(pilot)).headline.rows[2][1].value == before
    pilot_counts_refresh(pilot=pilot)
    assert figures.dashboard(pilot, whole(pilot)).headline.rows[2][1].value == before + 1


def test_another_period_is_counted_from_the_records(pilot, world):
    pilot_counts_refresh(pilot=pilot)
    assert PilotFigures(pilot, Period(pilot.start, date(2023, 6, 30))).kept is None
    assert figures.dashboard(pilot, Period(pilot.start, date(2023, 6, 30))).counted_at is None


@pytest.mark.parametrize(
    "change",
    [
        lambda p: setattr(p, "court", "Another Court"),
        lambda p: setattr(p, "start", p.start - timedelta(days=1)),
        lambda p: setattr(p, "end", p.end + timedelta(days=1)),
        lambda p: p.partners.add(OrganisationFactory()),
        lambda p: p.partners.clear(),
    ],
    ids=["court", "start", "end", "a partner added", "partners removed"],
)
def test_counts_kept_for_how_the_pilot_found_its_children_then_are_not_used(pilot, world, change):
    pilot_counts_refresh(pilot=pilot)
    change(pilot)
    pilot.save()
    assert PilotFigures(pilot, whole(pilot)).kept is None


# The pages ------------------------------------------------------------------------------------


def test_the_pages_say_when_they_were_counted_and_the_chair_can_count_again(client, pilot, world):
    pilot.suppress_below = 1
    pilot.save()
    pilot_counts_refresh(pilot=pilot)
    five_hours_ago = PilotCounts.objects.get().counted_at - timedelta(hours=5)
    PilotCounts.objects.filter(pilot=pilot).update(counted_at=five_hours_ago)
    client.force_login(UserFactory(roles=["Alliance chair"]))
    page = client.get(reverse("evaluation:children", args=[pilot.slug])).content.decode()
    assert "counted from their records on" in page and "(5\xa0hours ago)" in page
    assert "Count them again now" in page

    in_pilot()
    again = client.post(reverse("evaluation:recount", args=[pilot.slug]), {"page": "children"})
    assert again["Location"] == reverse("evaluation:children", args=[pilot.slug])
    page = client.get(again["Location"]).content.decode()
    assert "counted again from today" in page and "(0\xa0minutes ago)" in page
    counted_again = Pilot.objects.get(pk=pilot.pk)  # as the next page will read it
    assert PilotFigures(counted_again, whole(pilot)).kept.counts["children"]["children"] == 7

    # Another period: from the records, so nothing to say
    chosen = client.get(
        reverse("evaluation:children", args=[pilot.slug]),
        {"start_0": "1", "start_1": "2", "start_2": "2023"},
    ).content.decode()
    assert "counted from their records on" not in chosen


def test_only_the_pilots_own_chair_counts_again(client, pilot, world):
    pilot_counts_refresh(pilot=pilot)
    national = UserFactory(organisation=OrganisationFactory(area=None), roles=["National lead"])
    client.force_login(national)
    page = client.get(reverse("evaluation:dashboard", args=[pilot.slug])).content.decode()
    assert "counted from their records on" in page and "Count them again now" not in page
    assert client.post(reverse("evaluation:recount", args=[pilot.slug])).status_code == 403
    client.force_login(
        UserFactory(
            roles=["Alliance chair"],
            organisation=OrganisationFactory(area=AreaFactory(name="Elsewhere")),
        )
    )
    assert client.post(reverse("evaluation:recount", args=[pilot.slug])).status_code == 404
    client.force_login(UserFactory(roles=["Alliance chair"]))
    assert client.get(reverse("evaluation:recount", args=[pilot.slug])).status_code == 405


def test_the_chair_can_keep_counts_that_are_not_kept_yet(client, pilot, world):
    client.force_login(UserFactory(roles=["Alliance chair"]))
    page = client.get(reverse("evaluation:families", args=[pilot.slug])).content.decode()
    assert "counted from their records each time a page opens" in page
    assert "Count and keep them now" in page
    kept = client.post(reverse("evaluation:recount", args=[pilot.slug]), {"page": "families"})
    assert kept["Location"] == reverse("evaluation:families", args=[pilot.slug])
    assert PilotCounts.objects.filter(pilot=pilot).exists()
    # Anywhere else (not a page of figures, or a page it may not name): the summary
    elsewhere = client.post(reverse("evaluation:recount", args=[pilot.slug]), {"page": "x"})
    assert elsewhere["Location"] == reverse("evaluation:dashboard", args=[pilot.slug])


def test_one_pilot_that_cannot_be_counted_leaves_the_others_and_the_roll_up(
    pilot, world, monkeypatch
):
    from django.core.management import CommandError, call_command

    from evaluation import services
    from evaluation.management.commands import refresh_figures
    from evaluation.models import PilotYear
    from tests.factories import PilotFactory

    other = PilotFactory(court="Other Court")

    def count(*, pilot):
        if pilot == other:
            raise RuntimeError("a broken record")
        return services.pilot_counts_refresh(pilot=pilot)

    monkeypatch.setattr(refresh_figures, "pilot_counts_refresh", count)
    with pytest.raises(CommandError, match="Could not count these pilots: "):
        call_command("refresh_figures")
    assert PilotCounts.objects.filter(pilot=pilot).exists()
    assert not PilotCounts.objects.filter(pilot=other).exists()
    assert PilotYear.objects.filter(pilot=pilot).exists()
