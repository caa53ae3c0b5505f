import gc
import os

from a2wsgi import WSGIMiddleware
from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.settings")
# Django's requests run on a fixed pool of PODIUM_DJANGO_CONCURRENCY threads, each whole
# on one thread and each thread keeping its database connection; past the pool's size a
# request waits in the event loop, holding no thread, while the loop goes on serving the
# stored pages and the streams. (Django's own ASGI handler starts a thread per request,
# so a database connection per request, and crosses between that thread and the event
# loop at every middleware that is not async: several milliseconds of a page's ten.)
django_application = WSGIMiddleware(
    get_wsgi_application(), workers=settings.PODIUM_DJANGO_CONCURRENCY
)

# Imported once Django is set up: both read models. Streams and stored pages are
# answered before Django's stack; everything else goes through it.
from podium.live.push import LivePush  # noqa: E402
from podium.snapshots.fastpath import SnapshotFastPath  # noqa: E402

stored_pages = SnapshotFastPath(django_application)
application = LivePush(stored_pages)

# Everything loaded so far lives as long as the process: out of the collector's sight, a
# full collection among ten thousand open streams scans their objects only.
gc.freeze()
