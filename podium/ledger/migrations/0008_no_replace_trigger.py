"""The database refuses an INSERT over an existing ledger entry (SQLite's INSERT OR REPLACE
rewrote one without firing the UPDATE or DELETE trigger)."""

from django.db import migrations

from podium.ledger.triggers import install_triggers


def install(apps, schema_editor):
    install_triggers(schema_editor.connection)  # idempotent: adds only the new trigger


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0007_absence_check_in_kinds"),
    ]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop, elidable=False),
    ]
