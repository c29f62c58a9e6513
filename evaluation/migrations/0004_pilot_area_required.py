import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0003_pilot_area")]

    operations = [
        migrations.AlterField(
            model_name="pilot",
            name="area",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="pilots",
                to="accounts.area",
            ),
        ),
        migrations.RemoveField("pilot", "area_name"),
    ]
