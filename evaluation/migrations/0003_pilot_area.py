"""A pilot's area was free text; it is an `accounts.Area` now, made from that text. (The
column becomes required in the next migration: a data change and a change of the same
table's columns cannot share a transaction on PostgreSQL.)"""

import django.db.models.deletion
from django.db import migrations, models
from django.utils.text import slugify


def areas_from_names(apps, schema_editor):
    Area = apps.get_model("accounts", "Area")
    Pilot = apps.get_model("evaluation", "Pilot")
    for pilot in Pilot.objects.all():
        area = Area.objects.filter(name__iexact=pilot.area_name.strip()).first()
        if area is None:
            slug, n = slugify(pilot.area_name) or "area", 1
            while Area.objects.filter(slug=slug).exists():
                n += 1
                slug = f"{slugify(pilot.area_name) or 'area'}-{n}"
            area = Area.objects.create(name=pilot.area_name.strip() or slug, slug=slug)
        pilot.area = area
        pilot.save(update_fields=["area"])


    # Until now nothing had an area: with one area (one pilot's), every organisation is in it,
    # so that its chair still sees their pilot. With several, an administrator says which.
    if Area.objects.count() == 1:
        apps.get_model("accounts", "Organisation").objects.filter(area=None).update(
            area=Area.objects.get()
        )


def names_from_areas(apps, schema_editor):
    Pilot = apps.get_model("evaluation", "Pilot")
    for pilot in Pilot.objects.select_related("area"):
        pilot.area_name = pilot.area.name
        pilot.save(update_fields=["area_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_areas"),
        ("evaluation", "0002_told_what_next"),
    ]

    operations = [
        migrations.RenameField("pilot", "area", "area_name"),
        migrations.AddField(
            model_name="pilot",
            name="area",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="pilots",
                to="accounts.area",
            ),
        ),
        migrations.RunPython(areas_from_names, names_from_areas),
    ]
