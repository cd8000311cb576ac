"""digits/images/number.py: a picture of a number to its lines of writing."""

import numpy as np
import pytest

from digits.errors import DigitsError
from digits.images.lines import LINE_HEIGHT, LINE_WIDTH
from digits.images.number import load_number_lines, number_lines_ink

from .drawn import block, save


def test_a_number_on_a_printed_line_becomes_its_lines_of_writing(tmp_path):
    ink = np.zeros((200, 300), dtype=np.float32)
    for left in (20, 80, 140):
        block(ink, 30, left)  # a line of three digits ...
    ink[72:74, 10:290] = 1.0  # ... written on a printed line
    block(ink, 120, 40)  # and a line of two
    block(ink, 120, 200)
    lines = load_number_lines(save(1.0 - 0.9 * ink, tmp_path / "number.png"))
    assert lines.shape == (2, LINE_HEIGHT, LINE_WIDTH) and lines.dtype == np.float32
    # Each line scaled to 32 rows: three blocks 24 wide with 36 between, then two far apart.
    upper, lower = (np.flatnonzero(line.max(axis=0) > 0.5) for line in lines)
    assert upper[-1] == pytest.approx(144 * 32 / 40, abs=2)  # the printed line is gone
    assert lower[-1] == pytest.approx(184 * 32 / 40, abs=2)


def test_a_tiny_drawing_is_enlarged_by_a_whole_factor():
    grey = np.ones((28, 28), dtype=np.float32)
    grey[6:22, 5:8] = grey[6:22, 18:21] = 0.0  # two strokes on a flat ground
    (line,) = number_lines_ink(grey)
    assert line.shape[0] >= 16 * 4 and (line > 0.5).sum() > 2 * 16 * 3 * 4


def test_load_number_lines_names_the_file_when_there_is_no_digit(tmp_path):
    save(np.ones((50, 50)), tmp_path / "blank.png")
    with pytest.raises(DigitsError, match="blank.png: no digit found"):
        load_number_lines(tmp_path / "blank.png")


def test_a_wide_pen_drawing_keeps_its_fine_strokes():
    grey = np.full((300, 1500), 0.97, np.float32)
    for left in (100, 500, 900, 1300):
        grey[40:260, left : left + 3] = 0.1  # strokes 3 px wide, digits 220 px tall, far apart
    (line,) = number_lines_ink(grey)
    columns = np.flatnonzero(line.max(axis=0) > 0.5)
    gaps = np.flatnonzero(np.diff(columns) > 1)
    assert len(gaps) == 3  # four strokes, none lost to the shrinking or the cleaning
