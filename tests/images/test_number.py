"""digits/images/number.py: a picture of a number to its lattice of candidate digits."""

import numpy as np
import pytest

from digits.errors import DigitsError
from digits.images.number import load_number_lattice, number_ink

from .drawn import block, save


def test_a_number_on_a_printed_line_becomes_candidates_line_by_line(tmp_path):
    ink = np.zeros((200, 300), dtype=np.float32)
    for left in (20, 80, 140):
        block(ink, 30, left)  # a line of three digits ...
    ink[72:74, 10:290] = 1.0  # ... written on a printed line
    block(ink, 120, 40)  # and a line of two
    block(ink, 120, 200)
    lattice = load_number_lattice(save(1.0 - 0.9 * ink, tmp_path / "number.png"))
    assert [line.segments for line in lattice.lines] == [3, 2]
    singles = [c for c in lattice.candidates if c.stop - c.start == 1]
    assert len(singles) == 5 and all(c.height > 0.9 for c in singles)
    assert lattice.images.shape == (len(lattice.candidates), 28, 28)


def test_a_tiny_drawing_is_enlarged_by_a_whole_factor():
    grey = np.ones((28, 28), dtype=np.float32)
    grey[6:22, 5:8] = grey[6:22, 18:21] = 0.0  # two strokes on a flat ground
    ink = number_ink(grey)
    assert max(ink.shape) >= 150 and (ink > 0.5).sum() > 2 * 16 * 3 * 4


def test_load_number_lattice_names_the_file_when_there_is_no_digit(tmp_path):
    save(np.ones((100, 100)), tmp_path / "blank.png")
    with pytest.raises(DigitsError, match="blank.png: no digit found"):
        load_number_lattice(tmp_path / "blank.png")
