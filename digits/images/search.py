"""The best reading of a number's lattice, given the classifier's scores: pure NumPy.

Per line, a shortest path over the boundaries between segments (0..segments). A step
either reads a candidate as its most probable digit, costing -log p of that digit plus a
cost per digit read and penalties for a shape no digit has (too short: a dot or comma;
too wide: two digits; a blank inside: two marks side by side; a loop cut through: part
of a zero, or a zero with part of the next; a narrow stroke whose ink runs on into the
segment beside it: part of a digit cut apart) and for ink the digit read does not need
(it reads the same without the segments at one end: a neighbour taken in), or leaves out
one segment as no digit, costing more the taller and inkier it is (a dash, a stray stroke
costs little; a digit a lot). A candidate without the marks inside its run pays for
leaving them out too. Lines that read nothing are left out.

A hand writes its digits about as wide as each other, so once a line is read, a candidate
much wider than the median digit read there (1s aside, when there are TYPICAL_DIGITS or more
others: two digits that touch, read as one) pays for it, and the line is read again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from digits.images.lattice import Candidate, Lattice, LineLattice


@dataclass(frozen=True)
class Costs:
    """The search's weights, in units of -log probability; sizes are over the line's
    height H. Tuned on the real cheque amounts 0000-0539 (examples/realnumbers.py); the
    typical-width charge and skip_height were set last, on all 1,080, each gaining on both
    halves."""

    digit: float = 0.25  # each digit read: fewer, surer digits are preferred
    short: float = 21.2  # per H a candidate is shorter than short_below: dots, commas
    short_below: float = 0.47
    wide: float = 8.0  # per H a candidate is wider than wide_above: two digits as one
    wide_above: float = 1.1
    gap: float = 48.0  # per H of its widest run of blank columns: two marks as one
    skip_height: float = 8.0  # leaving a segment out: per H it is taller than skip_free ...
    skip_free: float = 0.45
    skip_area: float = 2.25  # ... plus per H^2 of its stroke pixels
    split: float = 1.0  # per loop it cuts through (a ring of ink around a hole, loops.py)
    # A candidate narrower than stroke_below whose ink runs on into a segment beside it is
    # more often a stroke of a digit cut apart (a 1's flag, an open 4's arm) than a digit.
    stroke: float = 0.25
    stroke_below: float = 0.4
    # A candidate that reads the same digit, no more surely, without some of its first or
    # last segments (Candidate.inner) leaves their ink unexplained: most often a digit
    # beside it, a 1 taken in with a 5.
    unexplained: float = 0.25
    # Per typical width a candidate is wider than typical_above of the line's typical
    # digit: the median width of the digits first read there, 1s aside (they are narrow
    # however wide the hand), when there are at least TYPICAL_DIGITS of them.
    typical: float = 3.0
    typical_above: float = 1.4
    floor: float = 1e-4  # probabilities are floored here before the log


DEFAULT_COSTS = Costs()
TYPICAL_DIGITS = 3  # digits read on a line, 1s aside, before their width is its typical one


def best_readings(
    lattice: Lattice, probabilities: np.ndarray, costs: Costs = DEFAULT_COSTS
) -> list[str]:
    """The digits read on each line, top to bottom; lines reading nothing left out.

    probabilities: (n, 10) float, the classifier's for lattice.images (n candidates).
    """
    digits = probabilities.argmax(axis=1)
    surprise = -np.log(np.maximum(probabilities.max(axis=1), costs.floor))
    # What reading each candidate costs before its shape: the classifier's doubt, and the
    # charge for segments whose ink the digit read does not need.
    doubt = surprise + costs.unexplained * _leaves_ink_unexplained(lattice, digits, surprise)
    readings = []
    for number, line in enumerate(lattice.lines):
        by_start: dict[int, list[int]] = {}
        for index, candidate in enumerate(lattice.candidates):
            if candidate.line == number:
                by_start.setdefault(candidate.start, []).append(index)
        path = _shortest_path(line, lattice.candidates, by_start, doubt, costs)
        typical = _typical_width(lattice.candidates, path, digits)
        if typical is not None:  # read again, a digit wider than the hand's paying for it
            path = _shortest_path(line, lattice.candidates, by_start, doubt, costs, typical)
        reading = "".join(str(int(digits[index])) for index in path)
        if reading:
            readings.append(reading)
    return readings


def _shortest_path(
    line: LineLattice,
    candidates: list[Candidate],
    by_start: dict[int, list[int]],
    doubt: np.ndarray,
    costs: Costs,
    typical: float | None = None,
) -> list[int]:
    """The candidates (their indices) read along the cheapest way through the line, left
    to right; the segments between them are left out. doubt: (n,) what reading each
    candidate costs before its shape; typical: the line's typical digit width / H, or None
    (no charge for a width against it)."""
    count = line.segments
    best = np.full(count + 1, np.inf)  # the cheapest way to each boundary
    best[0] = 0.0
    back = [(-1, -1)] * (count + 1)  # (the boundary before, the candidate read or -1)
    leave_out = (
        costs.skip_height * np.maximum(line.height - costs.skip_free, 0.0)
        + costs.skip_area * line.area
    )
    for boundary in range(count):
        if best[boundary] + leave_out[boundary] < best[boundary + 1]:
            best[boundary + 1] = best[boundary] + leave_out[boundary]
            back[boundary + 1] = (boundary, -1)
        for index in by_start.get(boundary, []):
            candidate = candidates[index]
            cost = best[boundary] + doubt[index] + _shape_cost(candidate, line, costs, typical)
            # A candidate without the marks inside its run leaves them out as no digit.
            cost += sum(leave_out[mark] for mark in candidate.left_out)
            if cost < best[candidate.stop]:
                best[candidate.stop], back[candidate.stop] = cost, (boundary, index)
    path, boundary = [], count
    while boundary > 0:
        boundary, index = back[boundary]
        if index >= 0:
            path.append(index)
    return path[::-1]


def _typical_width(
    candidates: list[Candidate], path: list[int], digits: np.ndarray
) -> float | None:
    """The median width / H of the digits read along `path` (one line's) but 1s, which are
    narrow however wide the hand; None when fewer than TYPICAL_DIGITS of them."""
    widths = [candidates[index].width for index in path if digits[index] != 1]
    if len(widths) < TYPICAL_DIGITS:
        return None
    typical = float(np.median(widths))
    return typical if typical > 0 else None


def _leaves_ink_unexplained(
    lattice: Lattice, digits: np.ndarray, surprise: np.ndarray
) -> np.ndarray:
    """(n,) bool: candidate i has an inner candidate read as the same digit with no more
    surprise, so the segments it adds are no part of its reading."""
    return np.array(
        [
            any(digits[j] == digits[i] and surprise[j] <= surprise[i] for j in candidate.inner)
            for i, candidate in enumerate(lattice.candidates)
        ],
        dtype=bool,
    )


def _shape_cost(
    candidate: Candidate, line: LineLattice, costs: Costs, typical: float | None = None
) -> float:
    """What reading `candidate` (of `line`) as a digit costs beyond the classifier's doubt;
    typical: the line's typical digit width / H (_typical_width), None before it is known."""
    wider = 0.0 if typical is None else max(candidate.width / typical - costs.typical_above, 0.0)
    return (
        costs.digit
        + costs.short * max(costs.short_below - candidate.height, 0.0)
        + costs.wide * max(candidate.width - costs.wide_above, 0.0)
        + costs.typical * wider
        + costs.gap * candidate.gap
        + costs.split * candidate.splits
        + costs.stroke * _is_joined_stroke(candidate, line, costs)
    )


def _is_joined_stroke(candidate: Candidate, line: LineLattice, costs: Costs) -> bool:
    """True when `candidate` is narrower than costs.stroke_below and its first segment
    touches the one before the run or its last the one after: a stroke cut from a blob."""
    if candidate.width >= costs.stroke_below:
        return False
    after = candidate.stop < line.segments and line.touching[candidate.stop]
    return bool(line.touching[candidate.start] or after)
