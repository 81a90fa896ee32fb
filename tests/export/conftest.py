"""Export tests share the ninjs schema check (test_ninjs_schema.problems); with
--import-mode=importlib this folder is not on sys.path by itself."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
