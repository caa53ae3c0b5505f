import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.settings")
django_application = get_asgi_application()

# Imported once Django is set up: the fast path reads the snapshots' model.
from podium.snapshots.fastpath import SnapshotFastPath  # noqa: E402

application = SnapshotFastPath(django_application)
