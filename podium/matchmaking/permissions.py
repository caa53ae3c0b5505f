"""Who sees which meeting: its partner, its team and the organisers; for anyone else it
does not exist (404), so nobody can probe another party's private requests."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from podium.matchmaking.models import Meeting

NO_SUCH_MEETING = "meeting: no such meeting"


def meetings_visible_to(user):
    meetings = Meeting.objects.select_related(
        "partner", "team__project", "offer", "slot", "edition"
    )
    if not user.is_authenticated:
        return meetings.none()
    if user.is_organiser:
        return meetings
    return meetings.filter(Q(partner__account=user) | Q(team__account=user))


def meeting_for(user, pk: int) -> Meeting:
    found = meetings_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404(NO_SUCH_MEETING)
    return found
