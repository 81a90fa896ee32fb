"""What the fork server of desk.reading's pool loads before it forks a worker (its
PRELOAD), and nothing else imports: the text pipeline, the near-duplicate sketch, and the
tables they build on first use (gender-guesser's first names: ~0.2 s). Built once here,
each worker starts with them."""

from desk import reading  # noqa: F401  (the worker's own code)
from desk.text.gender import name_gender
from desk.text.pipeline import load_files  # noqa: F401
from desk.versions import sketch

name_gender("Ann Lee")
sketch("the first sketch builds the permutations")
