from django.db import migrations


def add_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="Team manager")


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Team manager").delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_organisation_group")]
    operations = [migrations.RunPython(add_role, remove_role)]
