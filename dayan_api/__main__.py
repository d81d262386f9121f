"""``python -m dayan_api``: the ``dayan`` command line."""

import sys

from dayan_api.cli import main

if __name__ == "__main__":
    sys.exit(main())
