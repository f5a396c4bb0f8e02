"""DataState moved here from the regulations app. Its table keeps its name, so the move
changes the migration state only; the content type follows the model so that admin log
entries and permissions that point at it stay attached."""

import django.utils.timezone
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="regulations", model="datastate"
    ).update(app_label="core")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(app_label="core", model="datastate").update(
        app_label="regulations"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DataState",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("version", models.PositiveBigIntegerField(default=0, verbose_name="version")),
                        ("changed_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="data changed at")),
                    ],
                    options={
                        "verbose_name": "data state",
                        "verbose_name_plural": "data state",
                        "db_table": "regulations_datastate",
                        "constraints": [models.CheckConstraint(condition=models.Q(("pk", 1)), name="data_state_single_row")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, restore_content_type, elidable=False),
    ]
