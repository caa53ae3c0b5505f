"""Two ledger kinds for registrations; the triggers are dropped and reinstalled around
the CHECK change, as in 0003 (SQLite's table rebuild would lose them)."""

from django.db import migrations, models

from podium.ledger.triggers import with_triggers_reinstalled


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0003_review_kinds'),
    ]

    operations = with_triggers_reinstalled(
        migrations.RemoveConstraint(
            model_name='ledgerentry',
            name='ledger_kind_known',
        ),
        migrations.AlterField(
            model_name='ledgerentry',
            name='kind',
            field=models.CharField(choices=[('sheet_submitted', 'Score sheet submitted'), ('sheet_amended', 'Score sheet amended'), ('conflict_declared', 'Conflict of interest declared'), ('draw', 'Draw'), ('deliberation_vote', 'Deliberation vote'), ('deliberation_decided', 'Deliberation decided'), ('signoff', 'Sign-off'), ('publication', 'Publication'), ('advancement', 'Advancement'), ('correction', 'Correction'), ('review_assigned', 'Reviewers assigned'), ('review_pair', 'Review pair pinned or forbidden'), ('registrations_imported', 'Registrations imported'), ('registration_decided', 'Registration accepted or rejected')], max_length=32, verbose_name='kind'),
        ),
        migrations.AddConstraint(
            model_name='ledgerentry',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['sheet_submitted', 'sheet_amended', 'conflict_declared', 'draw', 'deliberation_vote', 'deliberation_decided', 'signoff', 'publication', 'advancement', 'correction', 'review_assigned', 'review_pair', 'registrations_imported', 'registration_decided'])), name='ledger_kind_known'),
        ),
    )
