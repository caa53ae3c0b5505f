from podium.competitions.selectors import edition_current


def current_edition(request):
    return {"edition": edition_current()}
