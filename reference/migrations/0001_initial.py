"""The search index and the import records, moved here from the regulations app. Their tables
keep their names, so this changes the migration state only; the content types follow the
models, so that permissions granted on them (``import_fixture``: "Can import fixtures") and
admin log entries stay attached."""

import django.contrib.postgres.search
import django.db.models.deletion
import django.utils.timezone
import reference.registry
import uuid
from django.conf import settings
from django.db import migrations, models


MOVED = ("importrecord", "pendingimport", "searchentry")


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="regulations", model__in=MOVED
    ).update(app_label="reference")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(app_label="reference", model__in=MOVED).update(
        app_label="regulations"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('regulations', '0006_move_platform_models'),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ImportRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='imported at')),
                        ('via', models.CharField(choices=[('admin', 'Admin upload'), ('command', 'Management command')], max_length=16, verbose_name='via')),
                        ('file_names', models.TextField(verbose_name='file names')),
                        ('checksum', models.CharField(max_length=64, verbose_name='SHA-256 of the content')),
                        ('object_count', models.PositiveIntegerField(verbose_name='objects in the files')),
                        ('created_count', models.PositiveIntegerField(verbose_name='created')),
                        ('updated_count', models.PositiveIntegerField(verbose_name='updated')),
                        ('unchanged_count', models.PositiveIntegerField(verbose_name='unchanged')),
                        ('data_version', models.PositiveBigIntegerField(verbose_name='data version after the import')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                    ],
                    options={
                        'verbose_name': 'import record',
                        'verbose_name_plural': 'import history',
                        'db_table': 'regulations_importrecord',
                        'ordering': ['-created_at'],
                        'permissions': [('import_fixture', 'Can import fixtures')],
                    },
                ),
                migrations.CreateModel(
                    name='PendingImport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token', models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='token')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='uploaded at')),
                        ('expires_at', models.DateTimeField(verbose_name='expires at')),
                        ('files', models.JSONField(help_text='Names and base64 content of the uploaded files.', verbose_name='files')),
                        ('checksum', models.CharField(max_length=64, verbose_name='SHA-256 of the content')),
                        ('status', models.CharField(choices=[('pending', 'Waiting for confirmation'), ('applying', 'Being applied'), ('applied', 'Applied'), ('rejected', 'Rejected')], default='pending', max_length=16, verbose_name='status')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                    ],
                    options={
                        'verbose_name': 'pending import',
                        'verbose_name_plural': 'pending imports',
                        'db_table': 'regulations_pendingimport',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='SearchEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=reference.registry.search_kind_choices, max_length=16, verbose_name='kind')),
                        ('object_id', models.PositiveBigIntegerField(verbose_name='object id')),
                        ('target', models.CharField(max_length=100, verbose_name='target slug')),
                        ('anchor', models.CharField(blank=True, max_length=100, verbose_name='anchor')),
                        ('title_vi', models.TextField(verbose_name='title (Vietnamese)')),
                        ('title_en', models.TextField(verbose_name='title (English)')),
                        ('body_vi', models.TextField(blank=True, verbose_name='body (Vietnamese)')),
                        ('body_en', models.TextField(blank=True, verbose_name='body (English)')),
                        ('title_text', models.TextField(verbose_name='folded title')),
                        ('search_text', models.TextField(verbose_name='folded text')),
                        ('vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True, verbose_name='search vector')),
                        ('weight', models.FloatField(default=1.0, verbose_name='weight')),
                        ('document', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='regulations.document', verbose_name='document')),
                    ],
                    options={
                        'verbose_name': 'search entry',
                        'verbose_name_plural': 'search entries',
                        'db_table': 'regulations_searchentry',
                        'constraints': [models.UniqueConstraint(fields=('kind', 'object_id'), name='search_entry_unique_object')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
