from django.utils.functional import SimpleLazyObject

from podium.competitions.selectors import edition_current


def current_edition(request):
    # Read only by a template that shows it: an htmx fragment (a tablet's draft) does not.
    return {"edition": SimpleLazyObject(edition_current)}
