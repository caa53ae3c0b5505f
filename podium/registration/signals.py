"""What registration tells the layers above about a registration about to change,
without importing them (as podium.judging.signals does for sheets).

The results (podium.results.receivers) refuse a rejection of a project that their
published tables show.
"""

from django.dispatch import Signal

# Sent inside the deciding transaction, before anything is written, with ``project`` and
# ``decision`` ("accept" or "reject"). A receiver refuses by raising PodiumError.
registration_deciding = Signal()
