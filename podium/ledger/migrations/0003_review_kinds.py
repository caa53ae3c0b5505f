"""Two ledger kinds for online review. SQLite rebuilds the table to change a CHECK
constraint and the rebuild loses its triggers, so they are dropped first and installed
again afterwards (on PostgreSQL the same steps are harmless)."""

from django.db import migrations, models

from podium.ledger.triggers import with_triggers_reinstalled


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0002_append_only_triggers'),
    ]

    operations = with_triggers_reinstalled(
        migrations.RemoveConstraint(
            model_name='ledgerentry',
            name='ledger_kind_known',
        ),
        migrations.AlterField(
            model_name='ledgerentry',
            name='kind',
            field=models.CharField(choices=[('sheet_submitted', 'Score sheet submitted'), ('sheet_amended', 'Score sheet amended'), ('conflict_declared', 'Conflict of interest declared'), ('draw', 'Draw'), ('deliberation_vote', 'Deliberation vote'), ('deliberation_decided', 'Deliberation decided'), ('signoff', 'Sign-off'), ('publication', 'Publication'), ('advancement', 'Advancement'), ('correction', 'Correction'), ('review_assigned', 'Reviewers assigned'), ('review_pair', 'Review pair pinned or forbidden')], max_length=32, verbose_name='kind'),
        ),
        migrations.AddConstraint(
            model_name='ledgerentry',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['sheet_submitted', 'sheet_amended', 'conflict_declared', 'draw', 'deliberation_vote', 'deliberation_decided', 'signoff', 'publication', 'advancement', 'correction', 'review_assigned', 'review_pair'])), name='ledger_kind_known'),
        ),
    )
