"""The search index, the data state and the import records moved to the apps that own them now
(``reference`` and ``core``). Their tables keep their names, so the move changes the migration
state only; those apps' first migrations take the models over. Sources lose their reverse
accessors (nothing walks from a source back to its records), which changes no table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("regulations", "0005_search_vector_column"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="DataState"),
                migrations.DeleteModel(name="ImportRecord"),
                migrations.DeleteModel(name="PendingImport"),
                migrations.DeleteModel(name="SearchEntry"),
            ],
            database_operations=[],
        ),
        migrations.AlterField(
            model_name="event",
            name="sources",
            field=models.ManyToManyField(related_name="+", to="regulations.source", verbose_name="sources"),
        ),
        migrations.AlterField(
            model_name="keypoint",
            name="sources",
            field=models.ManyToManyField(related_name="+", to="regulations.source", verbose_name="sources"),
        ),
        migrations.AlterField(
            model_name="relation",
            name="sources",
            field=models.ManyToManyField(related_name="+", to="regulations.source", verbose_name="sources"),
        ),
    ]
