"""digits/images/loops.py: the ring of ink around a hole as a candidate digit."""

import numpy as np

from digits.images.lattice import build_lattice
from digits.images.loops import find_rings


def ellipse(ink, centre_row, centre_column, rows, columns, pen=3.0):
    """An oval outline drawn into `ink`: radii rows x columns, a pen `pen` px wide."""
    y, x = np.mgrid[: ink.shape[0], : ink.shape[1]]
    radius = np.hypot((y - centre_row) / rows, (x - centre_column) / columns)
    ink[np.abs(radius - 1) * min(rows, columns) <= pen / 2] = 1.0


def column_owner(ink, cuts):
    """Each stroke pixel's segment, the strokes cut by vertical lines at `cuts`."""
    owner = np.full(ink.shape, -1, dtype=np.int32)
    edges = [0, *cuts, ink.shape[1]]
    for index, (left, right) in enumerate(zip(edges[:-1], edges[1:], strict=True)):
        part = owner[:, left:right]
        part[ink[:, left:right] > 0.5] = index
    return owner


def two_overlapping_zeros():
    ink = np.zeros((80, 140), dtype=np.float32)
    ellipse(ink, 40, 45, 28, 20)  # columns 25-65
    ellipse(ink, 40, 80, 28, 20)  # columns 60-100: the loops cross
    return ink


def test_two_overlapping_zeros_give_a_ring_for_each():
    ink = two_overlapping_zeros()
    owner = column_owner(ink, [50, 63, 75])  # no vertical cut parts them
    rings = find_rings(ink, owner, np.zeros(4, dtype=int), [58.0])
    boxes = {ring.box for ring in rings}
    # Each zero alone: its own rows and its own columns, 41 px wide, to a pixel or two.
    first = [b for b in boxes if abs(b[2] - 24) <= 2 and abs(b[3] - 67) <= 2]
    second = [b for b in boxes if abs(b[2] - 59) <= 2 and abs(b[3] - 102) <= 2]
    assert first and second, boxes
    assert all(abs(b[0] - 11) <= 2 and abs(b[1] - 70) <= 2 for b in first + second)
    for ring in rings:
        assert ring.line == 0 and ring.segments
        assert ring.ink.dtype == np.float32 and ring.ink.max() == 1.0


def test_the_loop_of_a_six_or_nine_is_no_ring_nor_a_gap_between_strokes():
    six = np.zeros((90, 70), dtype=np.float32)
    ellipse(six, 62, 35, 16, 16)  # the loop, rows 45-79 ...
    six[8:62, 18:22] = 1.0  # ... and its stem rising to row 8, a third of the digit
    owner = column_owner(six, [])
    assert find_rings(six, owner, np.zeros(1, dtype=int), [72.0]) == []
    gap = np.zeros((60, 60), dtype=np.float32)
    ellipse(gap, 30, 30, 2.5, 2.5, pen=2.0)  # a hole of a few pixels: a blot, not a loop
    gap[5:55, 28:32] = 1.0
    assert find_rings(gap, column_owner(gap, []), np.zeros(1, dtype=int), [50.0]) == []


def test_an_eight_is_one_ring_around_both_its_holes_not_one_per_loop():
    eight = np.zeros((100, 60), dtype=np.float32)
    ellipse(eight, 30, 30, 20, 16)
    ellipse(eight, 70, 30, 20, 16)  # the loops touch at row 50
    rings = find_rings(eight, column_owner(eight, []), np.zeros(1, dtype=int), [82.0])
    assert len(rings) == 1
    top, bottom, _, _ = rings[0].box
    assert top <= 10 and bottom >= 90


def test_the_lattice_reads_each_overlapping_zero_as_a_candidate_of_its_own():
    ink = two_overlapping_zeros()
    lattice = build_lattice(ink)
    alone = np.zeros_like(ink)
    ellipse(alone, 40, 45, 28, 20)
    single = build_lattice(alone)
    whole = [(c.start, c.stop, c.left_out) for c in single.candidates]
    zero = single.images[whole.index((0, single.lines[0].segments, ()))]  # all its segments
    # However the crossing loops are cut (once through the crossing, or several times inside
    # it, where each zero's ring is what reads it alone), two runs side by side that share
    # no segment each have a candidate whose image is one zero alone.
    runs = {
        (candidate.start, candidate.stop)
        for candidate, image in zip(lattice.candidates, lattice.images, strict=True)
        if np.abs(image - zero).mean() < 0.05
    }
    assert any(first[1] == second[0] for first in runs for second in runs), runs


def test_a_candidate_holding_part_of_a_loop_cuts_through_it_and_the_ring_does_not():
    lattice = build_lattice(two_overlapping_zeros())
    splits = {}
    for candidate in lattice.candidates:
        splits.setdefault((candidate.start, candidate.stop), []).append(candidate.splits)
    # The run of all the segments holds both zeros whole, as does the ring around both.
    line = (0, lattice.lines[0].segments)
    assert splits.pop(line) == [0, 0]
    # Each zero's run holds part of the other's loop; the ring around that zero holds none.
    zeros = sorted(run for run, found in splits.items() if len(found) == 2)
    assert len(zeros) == 2 and zeros[0][1] == zeros[1][0], zeros
    assert all(sorted(splits.pop(run)) == [0, 1] for run in zeros)
    # Every other run holds part of a zero.
    assert all(min(found) >= 1 for found in splits.values()), splits
