"""digits/images/lines.py: a number's ink cut into lines, each in the line reader's form."""

import numpy as np
import pytest

from digits.errors import DigitsError
from digits.images.lines import LINE_HEIGHT, LINE_WIDTH, line_form, split_lines


def strokes(ink, top, lefts, height=40, width=8):
    for left in lefts:
        ink[top : top + height, left : left + width] = 1.0


def test_lines_of_writing_are_kept_apart_top_to_bottom():
    ink = np.zeros((200, 300), np.float32)
    strokes(ink, 120, (20, 60))  # the lower line, two strokes
    strokes(ink, 20, (30, 70, 110))  # the upper line, three strokes
    lines = split_lines(ink)
    assert [line.shape for line in lines] == [(44, 92), (44, 52)]  # 2 px of edge around
    assert lines[0].sum() == 3 * 40 * 8 and lines[1].sum() == 2 * 40 * 8


def test_a_dot_near_the_line_joins_it_and_a_speck_or_a_far_mark_is_left_out():
    ink = np.zeros((200, 300), np.float32)
    strokes(ink, 20, (20, 80))
    ink[56:62, 50:56] = 1.0  # a dot on the baseline, between the digits
    ink[150, 200] = 1.0  # a speck
    ink[180:185, 100:130] = 1.0  # a dash far below the writing
    (line,) = split_lines(ink)
    assert line.shape == (46, 72)  # the dot's two rows below the strokes are in
    assert line.sum() == 2 * 40 * 8 + 36


def test_a_line_keeps_its_own_soft_edges_and_not_another_line_s_ink():
    ink = np.zeros((200, 100), np.float32)
    strokes(ink, 20, (20,))
    ink[19, 20:28] = 0.3  # a soft edge above the stroke: below stroke level, still its own
    strokes(ink, 61, (24,), height=40)  # the next line, a row below, inside the first's box
    first, second = split_lines(ink)
    assert first[1].max() == pytest.approx(0.3)  # the soft edge came along
    assert second.shape == (44, 12) and second.max() == 1.0
    assert first.sum() == pytest.approx(40 * 8 + 8 * 0.3)  # none of the second line's ink


def test_no_ink_is_an_error_and_so_are_marks_too_low_to_be_writing():
    with pytest.raises(DigitsError, match="no ink"):
        split_lines(np.full((50, 50), 0.4, np.float32))  # soft grey, no stroke
    flat = np.zeros((50, 80), np.float32)
    flat[20, 10:70] = 1.0  # one hairline, a pixel tall: below the least writing height
    with pytest.raises(DigitsError, match="only marks"):
        split_lines(flat)
    dash = np.zeros((60, 200), np.float32)
    dash[30:36, 40:160] = 1.0  # a dash alone: as tall as its stroke is wide
    dash[50:53, 90:93] = 1.0  # and a dot
    with pytest.raises(DigitsError, match="only marks"):
        split_lines(dash)
    dash[5:55, 170:176] = 1.0  # a 1 beside them: writing, ten strokes tall
    assert len(split_lines(dash)) == 1


def test_a_line_is_scaled_to_the_reader_s_height_and_laid_left_on_black():
    ink = np.zeros((100, 300), np.float32)
    ink[20:80, 50:170] = 1.0  # 60 rows by 120 columns of ink
    form = line_form(ink)
    assert form.shape == (LINE_HEIGHT, LINE_WIDTH) and form.dtype == np.float32
    filled = np.flatnonzero(form.max(axis=0) > 0.5)
    assert filled[0] == 0 and filled[-1] == 2 * LINE_HEIGHT - 1  # twice as wide as tall
    assert form[:, 2 * LINE_HEIGHT + 1 :].max() == 0.0
    stretched = line_form(ink, stretch=1.5)
    assert np.flatnonzero(stretched.max(axis=0) > 0.5)[-1] == 3 * LINE_HEIGHT - 1


def test_a_line_longer_than_the_field_is_squeezed_into_it_and_no_ink_gives_black():
    long = np.ones((10, 200), np.float32)  # 20 heights long
    assert line_form(long).min() > 0.5  # fills the whole field
    assert line_form(np.zeros((10, 10), np.float32)).max() == 0.0
    assert line_form(np.zeros((0, 7), np.float32)).max() == 0.0
