"""A pytest plugin, loaded before Django reads its settings (``-p`` in pyproject.toml).

The test suite runs in the embedded mode: keys it does not get from the environment are
generated into its temporary data directory. Without this, a test run with DEBUG off would
be a production start, which fails closed on missing keys (see ``lvv/config.py``). Tests of
the production mode start their own processes with an explicit environment.
"""

import os

os.environ.setdefault("LVV_EMBEDDED", "1")
