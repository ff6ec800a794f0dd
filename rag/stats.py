"""Small statistics shared by the answer log, the reports, the evals and the benchmarks."""

from __future__ import annotations

import math
from collections.abc import Iterable


def percentile(values: Iterable[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of `values`; 0.0 for no values."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


def percentile_or_none(values: Iterable[float | None], q: float) -> float | None:
    """Nearest-rank percentile of the values that are not None; None if there are none."""
    data = [v for v in values if v is not None]
    return percentile(data, q) if data else None


def rate(part: int, whole: int) -> float | None:
    """part / whole, or None when there is no whole to divide by."""
    return part / whole if whole else None
