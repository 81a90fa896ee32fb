"""What `desk ingest` and the desk's inbox reader load before they fork their workers
themselves (reading.fork_from_here), or the fork server of desk.reading's pool before it
forks a worker (its PRELOAD), and nothing else imports: the text pipeline, the
near-duplicate sketch, and the tables they build on first use (the first names, kept
between runs: desk.first_names). Built once here, each worker starts with them."""

import gc

from desk import reading  # noqa: F401  (the worker's own code)
from desk.first_names import use_kept_first_names
from desk.text.pipeline import load_files  # noqa: F401
from desk.versions import sketch

use_kept_first_names()
sketch("the first sketch builds the permutations")
# Everything loaded so far lives as long as the workers: out of the cycle collector's way
# (gc.freeze), its scans of it neither cost each worker time nor copy its pages.
gc.freeze()
