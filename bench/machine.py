"""How fast this machine runs plain Python at the moment: a yardstick each bar's bench prints
beside its figures, so one sitting can be set against another. A shared machine's speed
swings by half from one hour to the next, and its load average does not show it (on
2026-11-30 the same pure pipeline ran 1,186 and 2,046 stories/s hours apart, load ~0.5).
"""

from __future__ import annotations

import timeit


def python_ms() -> float:
    """Milliseconds for sum(range(10**6)), best of 5 (~0.5 s in all): 16.6-17.4 in a calm
    sitting of 2026-11-30, 19.7-27.3 in a slow one."""
    return round(min(timeit.repeat("sum(range(10**6))", number=5, repeat=5)) / 5 * 1000, 1)
