"""The national roll-up (issue 21): every pilot's counts for a year, stored each night, added up
by area and across areas, for the national lead only; and what it may show."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments.models import Child, JusticeEvent
from evaluation.figures import PilotFigures
from evaluation.figures.rollup import Part, added_up, national, year_period
from evaluation.figures.suppression import Hidden
from evaluation.models import PilotYear
from evaluation.services import rollup_refresh
from tests.evaluation_world import in_pilot
from tests.factories import AreaFactory, OrganisationFactory, PilotFactory, UserFactory

pytestmark = pytest.mark.django_db


# What a sum across pilots may show -----------------------------------------------------------


def test_a_sum_is_shown_only_when_every_pilots_own_number_is_shown():
    assert added_up([Part(7, "", 5), Part(12, "", 5), Part(0, "", 3)], 5).value == 19
    # One pilot's [c] (a 2, say) would be the sum less what is shown: the sum is left out,
    # marked as possibly any size, not "fewer than" or "at least" (either would be a clue).
    for hidden in ["c", "x", "z"]:
        left_out = added_up([Part(7, "", 5), Part(2, hidden, 5)], 5)
        assert left_out.value is None and left_out.hidden is Hidden.WITHDRAWN
    # A pilot with no such count stored: the sum is not known.
    assert added_up([Part(7, "", 5), None], 5).hidden is Hidden.WITHDRAWN


def test_a_sum_of_one_pilot_is_that_pilots_number_as_its_own_pages_show_it():
    assert added_up([Part(3, "c", 5)], 5).hidden is Hidden.SMALL
    assert added_up([Part(9, "x", 5)], 5).hidden is Hidden.PROTECTS
    assert added_up([Part(9, "", 5)], 5).value == 9


def test_a_pilot_counts_the_part_of_the_year_it_ran_in():
    pilot = PilotFactory(start=date(2023, 4, 1), end=date(2024, 3, 31))
    assert year_period(pilot, 2023).range == (date(2023, 4, 1), date(2023, 12, 31))
    assert year_period(pilot, 2024).range == (date(2024, 1, 1), date(2024, 3, 31))
    assert year_period(pilot, 2025) is None


# Known answers --------------------------------------------------------------------------------


@pytest.fixture
def two_areas():
    """Northvale: two pilots (courts A and B) with 6 and 5 children; Southmere: one (court C)
    with 2 children. Threshold 5 everywhere."""
    north, south = AreaFactory(name="Northvale"), AreaFactory(name="Southmere")
    pilots = {
        "a": PilotFactory(area=north, name="Court A pilot", court="Court A", suppress_below=5),
        "b": PilotFactory(area=north, name="Court B pilot", court="Court B", suppress_below=5),
        "c": PilotFactory(area=south, name="Court C pilot", court="Court C", suppress_below=5),
    }
    for court, girls, boys in [("Court A", 6, 0), ("Court B", 3, 2), ("Court C", 2, 0)]:
        for _ in range(girls):
            in_pilot(court=court, gender="girl", date_of_birth=date(2015, 1, 1))
        for _ in range(boys):
            in_pilot(court=court, gender="boy", date_of_birth=date(2015, 1, 1))
    in_pilot(court="Court A", day=date(2024, 2, 1))  # another year: not in 2023
    return pilots


def test_the_roll_up_adds_up_each_area_and_every_area(two_areas):
    assert rollup_refresh(today=date(2026, 12, 3)) == 3
    found = national(2023)
    north, south = found.areas
    assert [north.name, south.name] == ["Northvale", "Southmere"]
    assert north.pilots == ["Court A pilot", "Court B pilot"]

    def children(scope):
        return dict(scope.table("headline").rows)["Children in the pilot"]

    assert children(north).value == 11  # 6 + 5, both shown on their pilots' pages
    assert children(south).hidden is Hidden.SMALL  # one pilot: as its own pages show it
    # All areas: 13 less the 11 shown would give Southmere's 2 away.
    assert children(found.everywhere).hidden is Hidden.WITHDRAWN
    # Girls: 6 (shown) + 3 ([c] in pilot B) in Northvale: left out, not "9".
    girls = dict(north.table("gender").rows)["Girl"]
    assert girls.value is None and girls.hidden is Hidden.WITHDRAWN
    assert dict(found.everywhere.table("gender").rows)["Girl"].hidden is Hidden.WITHDRAWN
    # The target is the whole pilot's, not a year's: it is not added up.
    assert "Target" not in dict(found.everywhere.table("headline").rows)


def test_the_latest_year_that_has_ended_comes_first(two_areas):
    pilot = two_areas["a"]
    pilot.end = date(2024, 12, 31)
    pilot.save()
    rollup_refresh(today=date(2024, 3, 1))
    assert national(today=date(2024, 3, 1)).year == 2023  # not the two months of 2024
    assert national(2024, today=date(2024, 3, 1)).year == 2024
    # A pilot that has not started by today has no year stored.
    PilotFactory(start=date(2024, 6, 1), end=date(2024, 12, 31), name="Later pilot")
    rollup_refresh(today=date(2024, 3, 1))
    assert not PilotYear.objects.filter(pilot__name="Later pilot").exists()
    assert national(2024, today=date(2024, 3, 1)).not_worked_out == []  # nothing to add yet


def test_a_pilot_whose_threshold_or_court_changed_is_hidden_until_tonight(two_areas):
    """The stored marks are those of the pilot's pages when they were worked out: after the
    chair raises the threshold, a sum shown with yesterday's marks could give away a number
    the pages now hide. Until tonight, that pilot's parts are [z], and it is named."""
    rollup_refresh()
    before = national(2023)
    assert dict(before.areas[0].table("headline").rows)["Children in the pilot"].value == 11
    pilot = two_areas["a"]
    pilot.suppress_below = 10
    pilot.save()
    after = national(2023)
    north = dict(after.areas[0].table("headline").rows)["Children in the pilot"]
    assert north.hidden is Hidden.WITHDRAWN
    assert after.not_worked_out == ["Court A pilot"]
    rollup_refresh()
    assert national(2023).not_worked_out == []
    pilot.court = "Court B"
    pilot.save()
    assert national(2023).not_worked_out == ["Court A pilot"]


def test_the_stored_years_follow_the_pilots_dates(two_areas):
    pilot = two_areas["a"]
    rollup_refresh(today=date(2026, 12, 3))
    pilot.end = date(2024, 6, 30)
    pilot.save()
    rollup_refresh(today=date(2026, 12, 3))
    assert list(pilot.years.values_list("year", flat=True)) == [2023, 2024]
    assert national(2024).everywhere.pilots == ["Court A pilot"]
    # A year still to come is not worked out.
    pilot.end = date(2027, 6, 30)
    pilot.save()
    rollup_refresh(today=date(2026, 12, 3))
    assert max(pilot.years.values_list("year", flat=True)) == 2026
    pilot.start, pilot.end = date(2024, 1, 1), date(2024, 12, 31)
    pilot.save()
    rollup_refresh(today=date(2026, 12, 3))
    assert list(pilot.years.values_list("year", flat=True)) == [2024]


def test_the_stored_counts_equal_the_pilots_own_figures_on_random_data():
    """Random families in three areas: what the roll-up stores for each pilot's year is what
    the pilot's own pages work out from the records for that year, count for count and mark
    for mark, and the children counted are those the records say."""
    from evaluation.models import Pilot
    from evaluation.scale_data import generate

    generate(children=500, seed=11, areas=3)
    rollup_refresh()
    years = list(PilotYear.objects.select_related("pilot"))
    assert len(years) == 3
    for stored in years:
        pilot, period = stored.pilot, year_period(stored.pilot, stored.year)
        shown = PilotFigures(pilot, period)
        for table in stored.tables["tables"]:
            from evaluation.figures.dashboard import TABLES

            live = dict(TABLES[table["slug"]](shown).rows)
            for label, value, mark in table["rows"]:
                cell = live[label]
                assert (cell.hidden.value if cell.hidden else "") == mark, (table["slug"], label)
                assert cell.suppressed or cell.value == value, (table["slug"], label)
        # The children, straight from the records: a parent's hearing at the court that year,
        # or a family referred through a partner's route that year.
        at_court = Q(
            parent_links__parent__events__kind=JusticeEvent.Kind.HEARING,
            parent_links__parent__events__court__iexact=pilot.court,
            parent_links__parent__events__on__range=period.range,
        )
        referred = Q(
            family__referrals__route__organisation__in=pilot.partners.all(),
            family__referrals__received_on__range=period.range,
        )
        children = Child.objects.filter(at_court | referred).distinct().count()
        headline = next(t for t in stored.tables["tables"] if t["slug"] == "headline")
        counted = {label: value for label, value, _mark in headline["rows"]}
        assert counted["Children in the pilot"] == children > 0
    assert Pilot.objects.count() == 3
    total = sum(
        dict((label, v) for label, v, _m in s.tables["tables"][0]["rows"])["Children in the pilot"]
        for s in years
    )
    everywhere = dict(national(2023).everywhere.table("headline").rows)["Children in the pilot"]
    assert everywhere.value == total


# The pages -----------------------------------------------------------------------------------


@pytest.fixture
def national_lead(client):
    user = UserFactory(organisation=OrganisationFactory(area=None), roles=["National lead"])
    client.force_login(user)
    return client


def test_the_national_lead_sees_each_area_and_all_areas_and_how_old_the_figures_are(
    national_lead, two_areas
):
    rollup_refresh()
    PilotYear.objects.update(worked_out_at=timezone.now() - timedelta(hours=5))
    page = national_lead.get(reverse("evaluation:national")).content.decode()
    assert "Northvale" in page and "Southmere" in page and "All areas" in page
    assert "5\xa0hours ago" in page
    assert "[z]" in page  # the girls across pilots, and the key says why
    assert "would give away a number hidden on a pilot" in page
    south = two_areas["c"].area
    page = national_lead.get(reverse("evaluation:national"), {"area": south.slug}).content
    assert "Pilots added up: Court C pilot." in page.decode()


def test_a_pilot_not_worked_out_yet_is_named(national_lead, two_areas):
    rollup_refresh()
    PilotFactory(name="Newly added pilot", court="Court D")
    page = national_lead.get(reverse("evaluation:national")).content.decode()
    assert "Not in these figures yet: Newly added pilot" in page


def test_before_the_first_night_the_page_says_when_figures_come(national_lead, two_areas):
    page = national_lead.get(reverse("evaluation:national")).content.decode()
    assert "No figures have been worked out yet" in page
    assert national_lead.get(reverse("evaluation:national_csv", args=[2023])).status_code == 404


def test_the_csv_and_the_report_hide_what_the_page_hides(national_lead, two_areas):
    rollup_refresh()
    response = national_lead.get(reverse("evaluation:national_csv", args=[2023]))
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    rows = text.decode("utf-8-sig").splitlines()
    assert rows[0] == "Area,Table,Figure,Number,Measure,Why there is no number"
    assert 'All areas,Children by gender,Girl,,count,"suppressed [z]: added up' in "\n".join(rows)
    assert "Northvale,Against the target,Children in the pilot,11,count," in rows
    pdf = national_lead.get(reverse("evaluation:national_report_pdf", args=[2023]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    areas = text[text.index("Northvale") : text.index("What the marks in the tables mean")]
    assert "[z]" in areas and "11" in areas  # Northvale's 11 shown, all areas' 13 not
    assert "13" not in areas.split()
    assert national_lead.get(reverse("evaluation:national_csv", args=[1999])).status_code == 404


@pytest.mark.parametrize("roles", [["Alliance chair"], ["Practitioner"], ["Auditor"]])
def test_nobody_else_sees_the_national_roll_up(client, two_areas, roles):
    rollup_refresh()
    client.force_login(UserFactory(roles=roles))
    for url in [
        reverse("evaluation:national"),
        reverse("evaluation:national_csv", args=[2023]),
        reverse("evaluation:national_report_pdf", args=[2023]),
    ]:
        assert client.get(url).status_code == 403, url


def test_the_nightly_command_stores_the_years(two_areas, capsys):
    call_command("refresh_figures")
    assert "Counted 3 pilots for their pages, and 3 pilot-years" in capsys.readouterr().out


def test_the_national_lead_never_sees_a_childs_name(national_lead, two_areas):
    rollup_refresh()
    names = {c.preferred_name for c in Child.objects.all()}
    names |= {link.parent.name for c in Child.objects.all() for link in c.parent_links.all()}
    page = national_lead.get(reverse("evaluation:national")).content.decode()
    csv = national_lead.get(reverse("evaluation:national_csv", args=[2023])).content.decode()
    pdf = national_lead.get(reverse("evaluation:national_report_pdf", args=[2023])).content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Northvale" in text and "Children by gender" in text
    for body in [page, csv, text]:
        for name in names:
            assert not re.search(rf"\b{re.escape(name)}\b", body), name
