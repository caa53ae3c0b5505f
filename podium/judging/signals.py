"""What judging tells the layers above about sheets, without importing them.

A live venue (``podium.live``) connects to these in its AppConfig: it refuses a sheet for
a team that is not on stage, and refreshes its screens when a sheet changes. Every entry
point that submits a sheet goes through ``sheet_submit``, so none can forget the gate.
"""

from django.dispatch import Signal

# Sent inside the submitting transaction, before anything is written, with ``entry``.
# A receiver refuses by raising PodiumError; the submission then changes nothing.
sheet_submitting = Signal()

# Sent inside the transaction after a sheet was submitted or amended, with ``entry``.
sheet_changed = Signal()
