import gc
import os

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.settings")
django_application = get_asgi_application()

# Imported once Django is set up: both read models. Streams and stored pages are
# answered before Django's stack; everything else goes through it.
from podium.live.push import LivePush  # noqa: E402
from podium.site.concurrency import DjangoConcurrency  # noqa: E402
from podium.snapshots.fastpath import SnapshotFastPath  # noqa: E402

stored_pages = SnapshotFastPath(
    DjangoConcurrency(django_application, settings.PODIUM_DJANGO_CONCURRENCY)
)
application = LivePush(stored_pages)

# Everything loaded so far lives as long as the process: out of the collector's sight, a
# full collection among ten thousand open streams scans their objects only.
gc.freeze()
