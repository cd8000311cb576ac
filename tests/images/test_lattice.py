"""digits/images/lattice.py: every run of adjacent segments that may be one digit."""

import numpy as np
from scipy import ndimage

from digits.images.lattice import MAX_RUN, build_lattice

from .drawn import block


def test_every_run_of_up_to_four_adjacent_segments_is_a_candidate_in_mnist_form():
    ink = np.zeros((100, 400), dtype=np.float32)
    for left in range(20, 380, 30):
        block(ink, 30, left, height=40, width=12)  # twelve narrow strokes, 18 px apart
    lattice = build_lattice(ink)
    [line] = lattice.lines
    assert line.segments == 12
    runs = {(c.start, c.stop) for c in lattice.candidates}
    assert (0, 1) in runs and (0, 2) in runs and (11, 12) in runs
    assert all(c.stop - c.start <= MAX_RUN for c in lattice.candidates)
    assert (0, 3) not in runs  # 72 px wide: wider than 1.5 times the writing's height
    assert lattice.images.shape == (len(lattice.candidates), 28, 28)
    assert lattice.images.dtype == np.float32
    for image in lattice.images:
        assert image.max() > 0.9 and image.min() >= 0
        np.testing.assert_allclose(ndimage.center_of_mass(image), 14.0, atol=0.5 + 1e-6)
    pair = next(c for c in lattice.candidates if (c.start, c.stop) == (0, 2))
    assert pair.gap == (18 / 40) and pair.width == (42 / 40) and pair.height == 1.0


def test_a_digit_broken_in_pieces_is_one_candidate_holding_all_of_them():
    ink = np.zeros((120, 200), dtype=np.float32)
    block(ink, 20, 60, height=38, width=8)  # a '1' broken in two ...
    block(ink, 62, 60, height=38, width=8)
    block(ink, 20, 120, height=80, width=30)  # ... beside a whole digit
    lattice = build_lattice(ink)
    [line] = lattice.lines
    assert line.segments == 3
    joined = next(c for c in lattice.candidates if (c.start, c.stop) == (0, 2))
    assert joined.gap == 0 and joined.height == (80 / 80)
    image = lattice.images[lattice.candidates.index(joined)]
    rows = np.flatnonzero(image.max(axis=1) > 0.5)
    assert rows[-1] - rows[0] >= 18  # both pieces, 20 px tall together
    # The pieces alone are short: candidates the search will make pay for it.
    pieces = [c for c in lattice.candidates if c.stop - c.start == 1 and c.start < 2]
    assert [c.height for c in pieces] == [38 / 80, 38 / 80]


def test_a_run_with_a_mark_inside_is_also_a_candidate_without_it():
    ink = np.zeros((120, 160), dtype=np.float32)
    block(ink, 20, 60, height=80, width=10)  # a digit's halves, cut apart ...
    block(ink, 20, 74, height=80, width=10)
    plain = build_lattice(ink.copy())
    block(ink, 8, 70, height=6, width=6)  # ... and a dot above, between them in column order
    lattice = build_lattice(ink)
    [line] = lattice.lines
    assert line.segments == 3
    runs = [c for c in lattice.candidates if (c.start, c.stop) == (0, 3)]
    assert [c.left_out for c in runs] == [(), (1,)]
    whole, without = runs
    assert whole.height == (92 / 80) and without.height == 1.0
    # Without its mark, the run is the digit as it is with no dot drawn at all.
    halves = next(c for c in plain.candidates if (c.start, c.stop) == (0, 2))
    np.testing.assert_array_equal(
        lattice.images[lattice.candidates.index(without)],
        plain.images[plain.candidates.index(halves)],
    )
    # A mark at either end of a run is left out by the search as it is, not here.
    assert all(set(c.left_out) <= set(range(c.start + 1, c.stop - 1)) for c in lattice.candidates)


def test_each_segment_knows_whether_its_ink_touches_the_one_before():
    ink = np.zeros((240, 220), dtype=np.float32)
    block(ink, 20, 60, height=80, width=10)  # two strokes joined by a thin bar at the top,
    block(ink, 20, 90, height=80, width=10)  # cut in the bar's valley: stroke, bar, stroke
    block(ink, 20, 60, height=4, width=40)
    block(ink, 20, 140, height=80, width=10)  # a stroke of its own
    block(ink, 140, 60, height=80, width=10)  # a second line: a stroke of its own
    lattice = build_lattice(ink)
    first, second = lattice.lines
    assert first.height.round(2).tolist() == [1.0, 0.05, 1.0, 1.0]
    assert first.touching.tolist() == [False, True, True, False]
    assert second.touching.tolist() == [False]


def test_a_run_knows_itself_without_end_segments_apart_from_the_rest_that_are_no_mark():
    ink = np.zeros((240, 260), dtype=np.float32)
    block(ink, 20, 40, height=80, width=10)  # three strokes apart ...
    block(ink, 20, 70, height=80, width=10)
    block(ink, 20, 100, height=80, width=10)
    block(ink, 90, 130, height=10, width=10)  # ... and a comma after them
    block(ink, 140, 60, height=80, width=10)  # a second line: two strokes joined by a bar
    block(ink, 140, 90, height=80, width=10)
    block(ink, 140, 60, height=4, width=40)
    lattice = build_lattice(ink)
    first, second = lattice.lines
    assert first.segments == 4 and second.segments == 3  # stroke, bar, stroke
    index = {
        (c.line, c.start, c.stop): i for i, c in enumerate(lattice.candidates) if not c.left_out
    }
    candidate = {run: lattice.candidates[i] for run, i in index.items()}
    assert candidate[0, 0, 2].inner == (index[0, 0, 1], index[0, 1, 2])
    assert candidate[0, 0, 3].inner == (
        *(index[0, 0, 1], index[0, 1, 3]),  # cut after the first stroke: either side
        *(index[0, 0, 2], index[0, 2, 3]),  # ... and after the second
    )
    # Dropping only the comma at its end gives no inner candidate: a comma is a mark.
    assert index[0, 1, 3] not in candidate[0, 1, 4].inner
    assert index[0, 2, 4] in candidate[0, 1, 4].inner
    assert index[0, 3, 4] not in candidate[0, 1, 4].inner  # nor is the comma alone a digit
    assert candidate[0, 0, 1].inner == ()  # one segment: nothing inside
    # Strokes joined to the rest of the run are part of it, whatever the rest reads as.
    assert candidate[1, 0, 3].inner == ()
