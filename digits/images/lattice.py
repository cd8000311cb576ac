"""The candidates of a number: every run of adjacent segments that may be one digit.

Within each line of writing (digits/images/segment.py), every segment (the search charges
a wide one), and every run of 2 to MAX_RUN adjacent segments no wider than
MAX_CANDIDATE_WIDTH of the line's height, is a candidate digit, and so is the run without
the marks inside it (a dot above a zero whose halves were cut apart lies between them in
column order). The ring of ink around a hole, or two holes side by side
(digits/images/loops.py: zeros that overlap), is a candidate of the run of segments it
takes over. Each has its geometry (against the line's height H) and its 28x28 MNIST-form
image: the ink of exactly its segments (or ring), cropped, thin strokes brought up to
MNIST's width, fitted to 20 px and centred by mass (steps 12-15). A candidate of several
segments also knows the candidates it holds that are it without the segments at one end,
where no ink joins them to the rest (inner): when one of those reads the same digit as
surely, those segments' ink is unexplained, a neighbour taken in. A classifier scores the
images; the search (digits/images/search.py) then picks the best way through each line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy import ndimage

from digits.images._shared import SOFT_EDGE
from digits.images.contrast import INK_LEVEL
from digits.images.field import centre_by_mass, crop_to_ink, fit_to_box
from digits.images.frame import enlarge
from digits.images.loops import Ring, find_rings
from digits.images.segment import Line, segment_lines
from digits.images.strokes import thicken_strokes

MAX_RUN = 4  # segments: a digit is cut into at most this many
MAX_CANDIDATE_WIDTH = 1.5  # of H: runs of segments wider than this are no single digit
# Segments shorter than this (of H) are marks: a dot, a bar left by a printed line. A run
# with a mark inside it (between a digit's two halves in column order: a dot above a
# zero cut in two) is also a candidate without its marks.
MARK_HEIGHT = 0.3
# A candidate holding more than SPLIT_SHARE of a ring's stroke pixels but less than
# 1 - SPLIT_SHARE cuts through that loop (loops.py): part of a zero, or a zero with part
# of the next. The search charges for it.
SPLIT_SHARE = 0.15


@dataclass(frozen=True)
class Candidate:
    """Segments start..stop - 1 of line `line` but those in left_out taken as one digit;
    sizes are over the line's height H."""

    line: int
    start: int
    stop: int  # one past the last segment
    height: float  # the ink's height / H
    width: float  # the ink's width / H
    area: float  # stroke pixels / H^2
    gap: float  # the widest run of blank columns between its segments / H (0: none)
    left_out: tuple[int, ...] = ()  # marks inside the run that are not part of the digit
    splits: int = 0  # rings of ink around holes (loops.py) it cuts through
    # The candidates (their indices) that are this run without some of its first or last
    # segments, where those and the rest each hold more than a mark and no ink joins them:
    # if one reads the same digit as surely, they add nothing to the reading (a 1 beside
    # a 5 still reads 5), and the search charges for the ink left unexplained.
    inner: tuple[int, ...] = ()


@dataclass(frozen=True)
class LineLattice:
    """A line's segments: how many, and each one's height / H and stroke pixels / H^2
    (what leaving it out as no digit would lose), (segments,) float64 each; touching
    (segments,) bool: segment i's ink touches segment i - 1's (they were cut from one
    blob of ink), False for the first."""

    segments: int
    height: np.ndarray
    area: np.ndarray
    touching: np.ndarray


@dataclass(frozen=True)
class Lattice:
    """The lines of a number and its candidates; images (n, 28, 28) float32 in [0, 1] is
    each candidate in MNIST's form, for one call of the classifier."""

    lines: list[LineLattice]
    candidates: list[Candidate]
    images: np.ndarray


def build_lattice(ink: np.ndarray) -> Lattice:
    """The candidate digits of a number's ink (h, w) float32 in [0, 1], strokes above
    INK_LEVEL, as number_ink gives it. DigitsError when it holds no digit."""
    lines = segment_lines(ink > INK_LEVEL)
    firsts = _first_segments(lines)
    owner = np.full(ink.shape, -1, dtype=np.int32)  # each stroke pixel's segment, -1 ground
    candidates, spans = [], []
    for number, (line, first) in enumerate(zip(lines, firsts[:-1], strict=True)):
        for index, (rows, columns) in enumerate(line.segments):
            owner[rows, columns] = first + index
        for candidate, (kept, *box) in _candidates(number, line):
            candidates.append(candidate)
            spans.append(([first + index for index in kept], *box))
    touching = _touching(owner, firsts[-1])
    lattices = [
        _line_lattice(line, touching[first:stop])
        for line, first, stop in zip(lines, firsts[:-1], firsts[1:], strict=True)
    ]
    candidates = _with_inner(candidates, lattices)
    soft = _with_soft_edges(owner)
    images = [_candidate_image(ink, soft, span) for span in spans]
    line_of = np.repeat(np.arange(len(lines)), np.diff(firsts))
    rings = find_rings(ink, owner, line_of, [line.height for line in lines])
    for index, (kept, *_) in enumerate(spans):
        candidates[index] = _with_splits(candidates[index], kept, rings)
    images += _loop_candidates(rings, lines, firsts, candidates)
    return Lattice(lattices, candidates, np.stack(images).astype(np.float32))


def _first_segments(lines: list[Line]) -> np.ndarray:
    """(lines + 1,) int: the number of each line's first segment, segments numbered over
    the whole picture, line by line; the last is the number of segments."""
    return np.cumsum([0] + [len(line.segments) for line in lines])


def _touching(owner: np.ndarray, count: int) -> np.ndarray:
    """(count,) bool: segment i's ink touches segment i - 1's (8-connected); owner (h, w)
    int32 is each stroke pixel's segment, -1 the ground. A line's first segment touches
    no segment of the line before: lines are made of whole blobs."""
    touching = np.zeros(count, dtype=bool)
    padded = np.pad(owner, 1, constant_values=-1)
    height, width = owner.shape
    for down, right in ((0, 1), (1, 0), (1, 1), (1, -1)):  # each neighbour pair once
        other = padded[1 + down : height + 1 + down, 1 + right : width + 1 + right]
        pair = (owner >= 0) & (other >= 0) & (np.abs(owner - other) == 1)
        touching[np.maximum(owner[pair], other[pair])] = True
    return touching


def _with_inner(candidates: list[Candidate], lines: list[LineLattice]) -> list[Candidate]:
    """The candidates, each run of two or more segments with its `inner` candidates: the
    same run without some of its first or its last segments, when those and the rest each
    hold a segment that is no mark (at least MARK_HEIGHT of H tall: a bar alone is no digit
    read) and no ink joins them (a stroke cut from the digit's own blob, a 2's hook, is
    part of it however it reads)."""
    runs: dict[tuple[int, int, int], int] = {}
    for index, candidate in enumerate(candidates):
        if not candidate.left_out:
            runs.setdefault((candidate.line, candidate.start, candidate.stop), index)
    tall_in = [line.height >= MARK_HEIGHT for line in lines]  # each segment: no mark
    with_inner = []
    for candidate in candidates:
        line, start, stop = candidate.line, candidate.start, candidate.stop
        tall = tall_in[line]
        touching = lines[line].touching  # touching[i]: segment i's ink touches i - 1's
        inner = []
        if candidate.left_out:  # a run without its marks has no inner candidates
            with_inner.append(candidate)
            continue
        # Cuts between segments no ink joins, with more than a mark on either side.
        for cut in range(start + 1, stop):
            if touching[cut] or not (tall[start:cut].any() and tall[cut:stop].any()):
                continue
            for kept in ((start, cut), (cut, stop)):  # the segments before it, or after
                if (line, *kept) in runs:
                    inner.append(runs[(line, *kept)])
        with_inner.append(replace(candidate, inner=tuple(inner)) if inner else candidate)
    return with_inner


def _with_splits(candidate: Candidate, kept: list[int], rings: list[Ring]) -> Candidate:
    """The candidate with the number of rings of its line it cuts through: it holds more
    than SPLIT_SHARE of the ring's stroke pixels and less than 1 - SPLIT_SHARE."""
    shares = [ring.shares[kept].sum() for ring in rings if ring.line == candidate.line]
    splits = sum(SPLIT_SHARE < share < 1 - SPLIT_SHARE for share in shares)
    return replace(candidate, splits=int(splits)) if splits else candidate


def _loop_candidates(
    rings: list[Ring], lines: list[Line], firsts: np.ndarray, candidates: list[Candidate]
) -> list[np.ndarray]:
    """Append to `candidates` the rings of ink around holes (digits/images/loops.py) as
    candidates of their runs of segments, those of the run they do not take over left
    out; return their (28, 28) images. firsts: as _first_segments gives."""
    images = []
    for ring in rings:
        kept = [segment - firsts[ring.line] for segment in ring.segments]
        start, stop = min(kept), max(kept) + 1
        if stop - start > MAX_RUN:
            continue
        height = lines[ring.line].height
        top, bottom, left, right = ring.box
        candidates.append(
            Candidate(
                ring.line,
                int(start),
                int(stop),
                (bottom - top) / height,
                (right - left) / height,
                ring.pixels / height**2,
                0.0,
                tuple(int(s) for s in range(start, stop) if s not in kept),
            )
        )
        images.append(mnist_form(ring.ink))
    return images


def _line_lattice(line: Line, touching: np.ndarray) -> LineLattice:
    height = [(rows.max() - rows.min() + 1) / line.height for rows, _ in line.segments]
    area = [len(rows) / line.height**2 for rows, _ in line.segments]
    return LineLattice(len(line.segments), np.array(height), np.array(area), touching)


def _candidates(number: int, line: Line):
    """Yield each candidate of line `number` with the segments it keeps and their ink's box
    (kept, top, bottom, left, right): every run of segments, and each run with marks
    inside it also without them."""
    segments, height = line.segments, line.height
    tall = [np.ptp(rows) + 1 >= MARK_HEIGHT * height for rows, _ in segments]
    for start in range(len(segments)):
        for stop in range(start + 1, min(start + MAX_RUN, len(segments)) + 1):
            run = _candidate(number, segments, height, start, stop, ())
            if run is None:
                break  # longer runs are wider still
            yield run
            marks = tuple(s for s in range(start + 1, stop - 1) if not tall[s])
            if marks:
                yield _candidate(number, segments, height, start, stop, marks)


def _candidate(
    number: int, segments: list, height: float, start: int, stop: int, marks: tuple[int, ...]
):
    """Segments start..stop - 1 but `marks` as a Candidate with (kept, top, bottom, left,
    right), or None when they are too wide for one digit."""
    kept = [index for index in range(start, stop) if index not in marks]
    rows = np.concatenate([segments[index][0] for index in kept])
    columns = np.concatenate([segments[index][1] for index in kept])
    top, bottom = int(rows.min()), int(rows.max()) + 1
    left, right = int(columns.min()), int(columns.max()) + 1
    if len(kept) > 1 and right - left > MAX_CANDIDATE_WIDTH * height:
        return None
    candidate = Candidate(
        number,
        start,
        stop,
        (bottom - top) / height,
        (right - left) / height,
        len(rows) / height**2,
        _widest_gap([segments[index] for index in kept]) / height,
        marks,
    )
    return candidate, (kept, top, bottom, left, right)


def _widest_gap(segments: list[tuple[np.ndarray, np.ndarray]]) -> float:
    """The widest run of columns with no ink between the segments, in pixels (0 when
    their columns overlap or touch): two marks side by side are not one digit."""
    spans = sorted((int(columns.min()), int(columns.max())) for _, columns in segments)
    widest, reach = 0, spans[0][1]
    for left, right in spans[1:]:
        widest = max(widest, left - reach - 1)
        reach = max(reach, right)
    return float(widest)


def _with_soft_edges(owner: np.ndarray) -> np.ndarray:
    """Each ground pixel within SOFT_EDGE of a stroke pixel goes to the nearest one's
    segment, so a candidate keeps its strokes' soft edges. (h, w) int32, -1 ground."""
    ground = owner < 0
    if not ground.any():
        return owner
    distance, (rows, columns) = ndimage.distance_transform_edt(ground, return_indices=True)
    return np.where(distance <= SOFT_EDGE, owner[rows, columns], -1).astype(np.int32)


def _candidate_image(ink: np.ndarray, owner: np.ndarray, span: tuple) -> np.ndarray:
    """The (28, 28) MNIST form of the ink of some segments (numbered over the whole
    picture), span = (segments, top, bottom, left, right): their ink's box."""
    chosen_segments, top, bottom, left, right = span
    top, left = max(0, top - SOFT_EDGE), max(0, left - SOFT_EDGE)
    bottom, right = min(ink.shape[0], bottom + SOFT_EDGE), min(ink.shape[1], right + SOFT_EDGE)
    own = owner[top:bottom, left:right]
    chosen = np.isin(own, chosen_segments)
    return mnist_form(np.where(chosen, ink[top:bottom, left:right], 0.0).astype(np.float32))


def mnist_form(part: np.ndarray) -> np.ndarray:
    """A candidate's ink (h, w) float32, ground 0, cropped, thin strokes brought up to
    MNIST's width, fitted to 20 px and centred by mass: (28, 28) float32."""
    return centre_by_mass(fit_to_box(thicken_strokes(enlarge(crop_to_ink(part)))))
