"""The journal's pages at ``APIMOCK["JOURNAL_PATH"]``: ``path("",
include("apimock.urls"))`` in a URLconf.

Dev mode mounts the journal by itself; include this where it cannot (a
URLconf whose ``urlpatterns`` is not a list) or to place the journal among
your own patterns. It answers 404 outside dev mode all the same.
"""

from __future__ import annotations

from django.urls import URLResolver, include, path

from apimock.conf import conf

urlpatterns: list[URLResolver] = (
    [path(conf.JOURNAL_PATH.lstrip("/"), include("apimock.dev.journal.urls"))]
    if conf.JOURNAL_PATH
    else []
)
