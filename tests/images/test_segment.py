"""digits/images/segment.py: a number's strokes cut into lines and segments."""

import numpy as np
import pytest

from digits.errors import DigitsError
from digits.images.segment import contour_cuts, cut_columns, hole_cuts, segment_lines

from .drawn import block


def spans(line):
    """Each segment's (left, right) columns, right inclusive."""
    return [(int(c.min()), int(c.max())) for _, c in line.segments]


def test_two_touching_digits_are_cut_where_they_join():
    mask = np.zeros((100, 200), dtype=bool)
    block(mask, 20, 40, height=50, width=30)  # two digits ...
    block(mask, 20, 74, height=50, width=30)
    mask[40:44, 70:74] = True  # ... touching by a thin stroke
    [line] = segment_lines(mask)
    assert len(line.segments) == 2
    (_, first_right), (second_left, _) = spans(line)
    assert 68 <= first_right <= 74 and 70 <= second_left <= 76


def ring(mask, middle_row, middle_column, radius=20, stroke=5):
    """A 0 drawn as a ring: (h, w) bool mask, drawn in place."""
    rows, columns = np.ogrid[: mask.shape[0], : mask.shape[1]]
    distance = np.hypot(rows - middle_row, columns - middle_column)
    mask |= (distance <= radius) & (distance > radius - stroke)


def test_two_touching_zeros_are_cut_where_their_outlines_meet():
    # Where two rings touch, their sides stand together: the column profile peaks
    # there, so only the outlines (dipping from above, bulging from below) show the join.
    mask = np.zeros((100, 200), dtype=bool)
    ring(mask, 50, 60)
    ring(mask, 50, 94)  # overlapping the first, their sides one stroke from 74 to 80
    [line] = segment_lines(mask)
    edges = [right for _, right in spans(line)[:-1]]
    assert any(74 <= edge <= 80 for edge in edges), spans(line)


def test_one_zero_has_no_outline_cut():
    mask = np.zeros((100, 100), dtype=bool)
    ring(mask, 50, 50)
    rows, columns = np.nonzero(mask)
    found = contour_cuts(rows - rows.min(), columns - columns.min(), 41, 41.0)
    assert found == []


def test_loops_side_by_side_are_cut_between_their_holes_and_overlapping_ones_are_not():
    mask = np.zeros((60, 120), dtype=bool)
    ring(mask, 30, 25, radius=12, stroke=4)  # holes at columns 17-33 ...
    ring(mask, 30, 48, radius=12, stroke=4)  # ... and 40-56: the rings touch at 36-37
    ring(mask, 30, 90, radius=12, stroke=4)  # a third loop, apart
    rows, columns = np.nonzero(mask)
    found = hole_cuts(rows, columns, mask.shape, 24.0)
    assert len(found) == 2 and 34 <= found[0] <= 39 and 57 <= found[1] <= 79
    overlapping = np.zeros((60, 120), dtype=bool)
    ring(overlapping, 30, 25, radius=12, stroke=4)
    ring(overlapping, 30, 40, radius=12, stroke=4)  # they overlap in columns 28-37
    rows, columns = np.nonzero(overlapping)
    assert all(28 <= cut <= 37 for cut in hole_cuts(rows, columns, overlapping.shape, 24.0))
    assert hole_cuts(rows, columns, overlapping.shape, 200.0) == []  # holes too small
    one = np.zeros((60, 60), dtype=bool)
    ring(one, 30, 30, radius=12, stroke=4)
    rows, columns = np.nonzero(one)
    assert hole_cuts(rows, columns, one.shape, 24.0) == []


def test_two_loops_joined_by_solid_ink_are_cut_at_the_join_between_their_holes():
    mask = np.zeros((80, 140), dtype=bool)
    ring(mask, 40, 40)
    ring(mask, 40, 78)
    mask[18:23, 40:79] = mask[57:62, 40:79] = True  # their tops and bottoms joined ...
    mask[20:60, 56:62] = True  # ... and their sides: neither profile nor outline dips there
    [line] = segment_lines(mask)
    rows, columns = np.nonzero(mask)
    top, left = rows.min(), columns.min()  # 18 and 20
    shape = (np.ptp(rows) + 1, np.ptp(columns) + 1)
    assert hole_cuts(rows - top, columns - left, shape, float(shape[0])) == [39]  # column 59
    assert any(56 <= right <= 62 for _, right in spans(line)[:-1]), spans(line)


def test_a_single_wide_digit_is_not_cut_where_its_strokes_are_even():
    columns = np.repeat(np.arange(40), 10)  # an even profile, 40 px wide, H = 50
    assert cut_columns(columns, 40, 50.0) == []


def test_lines_are_kept_apart_and_specks_dropped():
    mask = np.zeros((200, 300), dtype=bool)
    for left in (20, 80, 140):
        block(mask, 30, left)  # a line of three digits
    block(mask, 120, 200)  # a second line of two, the right one written first
    block(mask, 124, 40)
    mask[100:102, 150:152] = True  # a speck between the lines
    lines = segment_lines(mask)
    assert [spans(line) for line in lines] == [
        [(20, 43), (80, 103), (140, 163)],
        [(40, 63), (200, 223)],
    ]
    assert lines[0].height == pytest.approx(40)


def test_a_small_mark_joins_the_nearest_line():
    mask = np.zeros((200, 300), dtype=bool)
    block(mask, 30, 20)
    block(mask, 30, 80)
    mask[64:70, 110:116] = True  # a dot at the foot of the first line
    block(mask, 130, 20)
    lines = segment_lines(mask)
    assert [len(line.segments) for line in lines] == [3, 1]


def test_only_specks_are_no_number():
    mask = np.zeros((100, 100), dtype=bool)
    with pytest.raises(DigitsError, match="no ink"):
        segment_lines(mask)


def test_only_a_valley_of_at_most_half_the_ink_either_side_is_cut():
    def blob_columns(bridge):
        # Two strokes 20 columns wide, 30 stroke pixels a column, joined by a bridge 10
        # columns wide with `bridge` stroke pixels a column: each pixel's column.
        profile = [30] * 20 + [bridge] * 10 + [30] * 20
        return np.repeat(np.arange(len(profile)), profile), len(profile)

    deep = cut_columns(*blob_columns(12), height=50.0)  # 40%: a thin join
    assert len(deep) == 1 and 20 <= deep[0] < 30
    assert cut_columns(*blob_columns(18), height=50.0) == []  # 60%: part of one digit
