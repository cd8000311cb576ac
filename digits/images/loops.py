"""Loops that overlap: the ring of ink around a hole, or around two holes side by side,
as one more candidate digit.

Zeros written in a chain overlap (the "000" of an amount), and so do a 0 and the digit
before it. No vertical cut parts two loops that overlap: each cut leaves a piece of one
loop with the other, and the classifier reads those pieces as 2s, 5s and 6s. Each loop
encloses a hole of ground, and the ink around a hole (or around two holes split by the
other loop's stroke) is the loop itself, whatever lies to either side.

A ring is a candidate only when it holds nearly all of the segments it takes over: the
loop of a 6, 8 or 9 alone is no digit, and the rest of that digit lies outside the ring.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from digits.images._shared import SOFT_EDGE
from digits.images.segment import HOLE_AREA  # smaller holes are gaps between strokes

# Sizes are fractions of the line's height H unless said otherwise.
HOLE_REACH = 0.15  # two holes this near each other are one loop split by another stroke
# Up to MAX_HOLES holes make one loop: a zero overlapped by the next encloses its own
# hole and the one they share. (Three, for the middle zero of "000", read no more of the
# real amounts.)
MAX_HOLES = 2
# A segment belongs to a ring when at least SEGMENT_SHARE of its stroke pixels lie in it;
# the ring is a candidate when its segments have at most OUTSIDE_SHARE of its own stroke
# pixels outside it (a 9's tail, the other loop of an 8).
SEGMENT_SHARE = 0.5
OUTSIDE_SHARE = 0.25
# ... and when those segments reach at most STEM_REACH above and below it in all: the
# stem of a 6 or the tail of a 9 reaches further.
STEM_REACH = 0.15


@dataclass(frozen=True)
class Ring:
    """The ink around one or two holes of line `line`: the segments it takes over
    (numbered over the whole picture), its stroke pixels' box in pixels (top, bottom,
    left, right; bottom and right exclusive), how many they are, and its ink with soft
    edges (h', w') float32 around it, ground 0, to be cropped."""

    line: int
    segments: tuple[int, ...]
    box: tuple[int, int, int, int]
    pixels: int
    ink: np.ndarray
    shares: np.ndarray  # (segments,) float64: the share of its stroke pixels in each segment


def find_rings(
    ink: np.ndarray, owner: np.ndarray, line_of: np.ndarray, heights: list[float]
) -> list[Ring]:
    """Every ring of a number's ink (h, w) float32, strokes above INK_LEVEL.

    owner: (h, w) int32, each stroke pixel's segment (numbered over the picture), -1 the
    ground; line_of: (segments,) int, each segment's line; heights: each line's H in
    pixels. Holes that touch the picture's edge are ground, not loops.
    """
    mask = owner >= 0
    ground, count = ndimage.label(~mask)  # 4-connected: 8-connected strokes enclose it
    if count == 0:
        return []
    # The pen's width: twice the typical depth of a stroke pixel (its distance to the edge).
    depth = ndimage.distance_transform_edt(np.pad(mask, 1))[1:-1, 1:-1]
    reach = 2.0 * float(np.percentile(depth[mask], 90)) + 1.0
    sizes = np.bincount(owner[mask], minlength=len(line_of))
    edge = set(np.concatenate([ground[0], ground[-1], ground[:, 0], ground[:, -1]]).tolist())
    areas = np.bincount(ground.ravel(), minlength=count + 1)
    boxes = ndimage.find_objects(ground)
    segment_rows = [(b[0].start, b[0].stop) for b in ndimage.find_objects(owner + 1)]
    holes = []  # (label, line, box)
    for label in range(1, count + 1):
        if label in edge:
            continue
        box = _grown(boxes[label - 1], 1, mask.shape)
        around = owner[box][ndimage.binary_dilation(ground[box] == label)]
        around = around[around >= 0]
        if len(around) == 0:
            continue
        line = int(line_of[np.bincount(around).argmax()])
        if areas[label] >= HOLE_AREA * heights[line] ** 2:
            holes.append((label, line, boxes[label - 1]))
    rings = []
    for group in _hole_groups(ground, holes, heights):
        line = holes[group[0]][1]
        labels = tuple(holes[index][0] for index in group)
        group_boxes = [holes[index][2] for index in group]
        ring = _ring(ink, owner, ground, labels, group_boxes, reach, sizes, line_of, line)
        if ring is not None and _no_stem(ring, segment_rows, heights[line]):
            rings.append(ring)
    return rings


def _hole_groups(ground, holes: list, heights: list[float]) -> list[tuple[int, ...]]:
    """The groups of up to MAX_HOLES holes (indices into `holes`) that a loop may enclose:
    each hole, and chains of holes of one line side by side, sorted."""
    near = [set() for _ in holes]
    for first, (label, line, box) in enumerate(holes):
        for second in range(first + 1, len(holes)):
            other, other_line, other_box = holes[second]
            reach = HOLE_REACH * heights[line]
            if other_line == line and _side_by_side(ground, label, box, other, other_box, reach):
                near[first].add(second)
                near[second].add(first)
    groups = {(index,) for index in range(len(holes))}
    for _ in range(MAX_HOLES - 1):
        groups |= {
            tuple(sorted({*group, other}))
            for group in groups
            for hole in group
            for other in near[hole]
        }
    return sorted(group for group in groups if len(group) <= MAX_HOLES)


def _no_stem(ring: Ring, segment_rows: list, height: float) -> bool:
    """Whether the segments the ring takes over reach at most STEM_REACH * H above and
    below its rows in all."""
    top = min(segment_rows[s][0] for s in ring.segments)
    bottom = max(segment_rows[s][1] for s in ring.segments)
    return (ring.box[0] - top) + (bottom - ring.box[1]) <= STEM_REACH * height


def _grown(box: tuple[slice, slice], by: int, shape: tuple[int, int]) -> tuple[slice, slice]:
    rows, columns = box
    return (
        slice(max(rows.start - by, 0), min(rows.stop + by, shape[0])),
        slice(max(columns.start - by, 0), min(columns.stop + by, shape[1])),
    )


def _union(boxes: list[tuple[slice, slice]]) -> tuple[slice, slice]:
    return (
        slice(min(b[0].start for b in boxes), max(b[0].stop for b in boxes)),
        slice(min(b[1].start for b in boxes), max(b[1].stop for b in boxes)),
    )


def _side_by_side(ground, label, box, other, other_box, near: float) -> bool:
    """Whether two holes come within `near` pixels of each other."""
    for axis in (0, 1):
        if (
            max(other_box[axis].start - box[axis].stop, box[axis].start - other_box[axis].stop)
            > near
        ):
            return False  # their boxes are too far apart already
    window = _grown(_union([box, other_box]), 1, ground.shape)
    distance = ndimage.distance_transform_edt(ground[window] != label)
    return bool(distance[ground[window] == other].min() <= near)


def _ring(ink, owner, ground, group, boxes, reach: float, sizes, line_of, line) -> Ring | None:
    """The stroke pixels within `reach` of the holes in `group`, with soft edges, when
    they hold the segments of line `line` they take over (see the module's text)."""
    window = _grown(_union(boxes), int(np.ceil(reach)) + SOFT_EDGE + 1, ground.shape)
    distance = ndimage.distance_transform_edt(~np.isin(ground[window], group))
    owners = owner[window]
    ring = (owners >= 0) & (distance <= reach)
    inside = np.bincount(owners[ring], minlength=len(sizes))
    taken = (inside >= SEGMENT_SHARE * sizes) & (line_of == line) & (sizes > 0)
    if not taken.any() or (sizes - inside)[taken].sum() > OUTSIDE_SHARE * ring.sum():
        return None
    soft = (distance <= reach + SOFT_EDGE) & (ndimage.distance_transform_edt(~ring) <= SOFT_EDGE)
    rows, columns = np.nonzero(ring)
    top, left = window[0].start, window[1].start
    box = (top + rows.min(), top + rows.max() + 1, left + columns.min(), left + columns.max() + 1)
    part = np.where(soft, ink[window], 0.0).astype(np.float32)
    segments = tuple(int(s) for s in np.flatnonzero(taken))
    shares = inside / max(int(ring.sum()), 1)
    return Ring(line, segments, tuple(int(b) for b in box), int(ring.sum()), part, shares)
