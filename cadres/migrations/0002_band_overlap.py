"""Score bands of one document may not overlap. A CHECK constraint cannot see other rows, so
each database gets a trigger: an exclusion-style check on insert and update. An open end
(NULL) reaches the end of the 0-100 scale; a band with neither bound is a level whose
threshold the sources do not give and cannot overlap anything."""

from django.db import migrations

POSTGRES_FUNCTION = """
CREATE FUNCTION cadres_band_no_overlap() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.min_score IS NULL AND NEW.max_score IS NULL THEN
    RETURN NEW;
  END IF;
  IF EXISTS (
    SELECT 1 FROM cadres_classificationband other
    WHERE other.document_id = NEW.document_id
      AND other.id <> NEW.id
      AND (other.min_score IS NOT NULL OR other.max_score IS NOT NULL)
      AND coalesce(NEW.min_score, 0) < coalesce(other.max_score, 101)
      AND coalesce(other.min_score, 0) < coalesce(NEW.max_score, 101)
  ) THEN
    RAISE EXCEPTION 'classification bands of one document may not overlap' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$
"""
POSTGRES_TRIGGER = (
    "CREATE TRIGGER cadres_band_no_overlap BEFORE INSERT OR UPDATE ON cadres_classificationband "
    "FOR EACH ROW EXECUTE FUNCTION cadres_band_no_overlap()"
)

SQLITE_CONDITION = """
WHEN (NEW.min_score IS NOT NULL OR NEW.max_score IS NOT NULL) AND EXISTS (
  SELECT 1 FROM cadres_classificationband other
  WHERE other.document_id = NEW.document_id
    AND other.id <> NEW.id
    AND (other.min_score IS NOT NULL OR other.max_score IS NOT NULL)
    AND coalesce(NEW.min_score, 0) < coalesce(other.max_score, 101)
    AND coalesce(other.min_score, 0) < coalesce(NEW.max_score, 101)
)
BEGIN SELECT RAISE(ABORT, 'classification bands of one document may not overlap'); END
"""


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION)
        schema_editor.execute(POSTGRES_TRIGGER)
    elif vendor == "sqlite":
        for event in ("INSERT", "UPDATE"):
            schema_editor.execute(
                f"CREATE TRIGGER cadres_band_no_overlap_{event.lower()} BEFORE {event} ON cadres_classificationband "
                f"FOR EACH ROW {SQLITE_CONDITION}"
            )


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS cadres_band_no_overlap ON cadres_classificationband")
        schema_editor.execute("DROP FUNCTION IF EXISTS cadres_band_no_overlap()")
    elif vendor == "sqlite":
        for event in ("insert", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS cadres_band_no_overlap_{event}")


class Migration(migrations.Migration):
    dependencies = [("cadres", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
