"""desk: a terminal newsroom desk."""

import os

# numpy's OpenBLAS starts a thread per core that spins after each call; desk does no
# linear algebra, and on a small server those threads took ~2.5% of an ingest's CPU.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"

# Regular expressions compiled as modules load come from the code kept by an earlier run
# (desk.kept_patterns): ~50 ms less before an ingest starts, ~30 ms before the first frame.
from desk.kept_patterns import keep_patterns  # noqa: E402

keep_patterns()
