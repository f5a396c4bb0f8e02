"""Pending imports keep one row per uploaded file (binary, not base64 in one JSON row) and the
data version their preview was made against. A preview waiting when this runs gets version 0,
which no confirmation matches: it must be uploaded and previewed again."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0001_initial"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="pendingimport",
            name="files",
        ),
        migrations.AddField(
            model_name="pendingimport",
            name="data_version",
            field=models.PositiveBigIntegerField(default=0, verbose_name="data version previewed against"),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="PendingImportFile",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(verbose_name="place in the upload")),
                ("name", models.CharField(max_length=255, verbose_name="file name")),
                ("content", models.BinaryField(verbose_name="content")),
                (
                    "pending",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="files",
                        to="reference.pendingimport",
                        verbose_name="pending import",
                    ),
                ),
            ],
            options={
                "verbose_name": "pending import file",
                "verbose_name_plural": "pending import files",
                "ordering": ["pending", "position"],
                "constraints": [
                    models.UniqueConstraint(fields=("pending", "position"), name="pending_import_file_unique_position")
                ],
            },
        ),
    ]
