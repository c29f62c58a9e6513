"""A pilot's free-text area becomes an Area (issue 21), with pilots already in the database:
each distinct name once, and, where there is only one area, every organisation joins it, so
that a chair still sees their pilot after the upgrade."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("evaluation", "0002_told_what_next"), ("accounts", "0004_team_manager_role")]
AFTER = [("evaluation", "0004_pilot_area_required")]


def pilots(apps, *areas):
    Pilot = apps.get_model("evaluation", "Pilot")
    for n, area in enumerate(areas):
        Pilot.objects.create(
            slug=f"p{n}",
            name=f"Pilot {n}",
            area=area,
            court="Hopeside Court",
            start=date(2023, 1, 1),
            end=date(2023, 12, 31),
            target_children=15,
        )


def migrate(to):
    executor = MigrationExecutor(connection)
    executor.migrate(to)
    return executor.loader.project_state(to).apps


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("names", "areas", "organisations_placed"),
    [(["Hopeside", "hopeside "], ["Hopeside"], True), (["Hopeside", "Northvale"], None, False)],
)
def test_the_pilots_areas_become_areas(names, areas, organisations_placed):
    try:
        old = migrate(BEFORE)
        old.get_model("accounts", "Organisation").objects.create(name="Court", type="court")
        pilots(old, *names)
        new = migrate(AFTER)
        Area = new.get_model("accounts", "Area")
        assert sorted(Area.objects.values_list("name", flat=True)) == (areas or sorted(names))
        Pilot = new.get_model("evaluation", "Pilot")
        assert all(p.area_id for p in Pilot.objects.all())
        court = new.get_model("accounts", "Organisation").objects.get(name="Court")
        assert (court.area_id is not None) is organisations_placed
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())  # as every other test expects
