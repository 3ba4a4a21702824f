"""``python -m dashboard.store.duck BUILD...``: build the dashboard's index of stored builds ahead of time."""

import sys

from dashboard.store.duck.index import build_index

for build in sys.argv[1:]:
    print(build_index(build))
