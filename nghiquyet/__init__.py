"""nghiquyet: a knowledge graph and linked-data publisher for Vietnam's provincial Party resolutions.

The distribution has this one import package; the repository's folders are mapped into it
(``pyproject.toml``):
code in :mod:`nghiquyet.graph` (the builder and the CLI) and :mod:`nghiquyet.server` (the Flask
site); data in ``ontology/``, ``mappings/``, ``queries/`` and ``corpus/``, found through
:func:`nghiquyet.graph.resources.data_path`.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("nghiquyet")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0"
