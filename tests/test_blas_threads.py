"""numpy's OpenBLAS starts spinning threads that desk has no use for (it does no linear
algebra): importing desk keeps them from starting, in the desk and in its readers."""

import os
import subprocess
import sys

import pytest


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="no /proc to count threads")
def test_importing_desk_then_numpy_starts_no_thread():
    code = "import os, desk, numpy; print(len(os.listdir('/proc/self/task')))"
    env = {key: value for key, value in os.environ.items() if key != "OPENBLAS_NUM_THREADS"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout
    assert out.strip() == "1"
