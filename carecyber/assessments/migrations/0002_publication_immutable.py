"""On PostgreSQL the database itself refuses to change or delete a publication.

(TRUNCATE is still allowed, for the test runner; see core's audit-log migration.)
SQLite has no equivalent that leaves the test runner working; there the model
and queryset refuse instead.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION assessments_publication_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'A publication is a dated snapshot: it cannot be changed or removed';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER assessments_publication_immutable
    BEFORE UPDATE OR DELETE ON assessments_publication
    FOR EACH ROW EXECUTE FUNCTION assessments_publication_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS assessments_publication_immutable ON assessments_publication;
DROP FUNCTION IF EXISTS assessments_publication_refuse_change();
"""


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]  # Django's migration signature
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]  # Django's migration signature
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
