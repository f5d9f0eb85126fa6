"""The site layer: the pages and URLs that assemble every app (see ``views`` and ``urls``).

Layers point one way. ``filmarchive.ingest`` (pure Python) is at the bottom; the core records
(``filmarchive``: models, admin, search registry, mentions) above it; ``reviews`` and ``interviews``
above the core, each unaware of the other; this package at the top. A module never imports from a
layer above its own (``tests/test_layers.py`` checks it).
"""
