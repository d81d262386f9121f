"""The ``dayan`` command line: the SDK from a shell (docs/cli.md).

Standard library only (``argparse``): it ships inside DCC hosts too. Every
request goes through :class:`dayan_api.RayvisionAPI`.
"""

from dayan_api.cli.app import main

__all__ = ["main"]
