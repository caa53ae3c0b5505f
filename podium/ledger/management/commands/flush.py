"""Django's ``flush``, let past the ledger's append-only triggers.

Flushing empties every table, the ledger included; it is the one sanctioned way to wipe
the ledger (``podium demo --reset``, pytest-django's transactional tests). The triggers
refuse the DELETE (SQLite) or TRUNCATE (PostgreSQL) that flush runs, so this command drops
them, flushes, and installs them again, all in one transaction: other connections never
see the table unguarded, and a failed flush rolls back to the triggers it started with.
The confirmation prompt is asked before that transaction opens, so a waiting prompt holds
no lock and leaves the triggers in place.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import connections, transaction

from podium.ledger.triggers import drop_triggers, install_triggers, installed_triggers

CONFIRM = """You have requested a flush of the database.
This will IRREVERSIBLY DESTROY all data currently in the "{name}" database,
the tamper-evident ledger included, and return each table to an empty state.
Are you sure you want to do this?

    Type 'yes' to continue, or 'no' to cancel: """


class Command(flush.Command):
    help = flush.Command.help + " The ledger's append-only triggers are kept."

    def handle(self, **options: Any) -> None:
        database = options["database"]
        connection = connections[database]
        if options["interactive"]:
            if input(CONFIRM.format(name=connection.settings_dict["NAME"])) != "yes":
                self.stdout.write("Flush cancelled.")
                return
            options["interactive"] = False
        with transaction.atomic(using=database):
            guarded = bool(installed_triggers(connection))
            if guarded:
                drop_triggers(connection)
            super().handle(**options)
            if guarded:
                install_triggers(connection)
