"""A function of Linux's C library by name, through ctypes: for the few system calls
Python's os module lacks (syncfs for the store, prctl for the inbox readers' workers).
Imports nothing of desk: every layer may use it."""

from __future__ import annotations

import sys


def libc_function(name: str):
    """The C library's `name` (errno kept for ctypes.get_errno), or None where there is
    none: not Linux, or a C library without it."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return getattr(ctypes.CDLL(None, use_errno=True), name)
    except (AttributeError, OSError):
        return None
