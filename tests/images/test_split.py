"""digits/images/split.py: a number's ink cut into digits, in lines."""

import numpy as np

from digits.images.split import split_digits

from .drawn import block


def test_split_digits_finds_lines_and_digits_in_reading_order():
    ink = np.zeros((200, 300), dtype=np.float32)
    for left in (20, 80, 140):
        block(ink, 30, left)  # a line of three digits
    block(ink, 120, 200)  # a second line: two digits, the right one written first
    block(ink, 124, 40)
    ink[100:103, 150:153] = 1.0  # a speck between the lines
    lines = split_digits(ink)
    assert [len(line) for line in lines] == [3, 2]
    lefts = [[np.flatnonzero(d.max(axis=0) > 0.5)[0] for d in line] for line in lines]
    assert lefts == [[20, 80, 140], [40, 200]]
    for line in lines:
        for digit in line:
            assert digit.shape == ink.shape and digit[100:103, 150:153].max() == 0


def test_split_digits_keeps_the_pieces_of_one_digit_together():
    ink = np.zeros((120, 200), dtype=np.float32)
    ink[20:26, 30:70] = 1.0  # the bar of a 5, apart from its body
    block(ink, 32, 30, height=50, width=30)
    block(ink, 20, 100, height=28, width=8)  # a '1' broken in two
    block(ink, 52, 100, height=30, width=8)
    ink[:, 190:] = 1.0  # the paper's edge
    lines = split_digits(ink)
    assert len(lines) == 1 and len(lines[0]) == 2
    five, one = lines[0]
    assert five[22, 50] > 0.5 and five[60, 40] > 0.5 and one.max(axis=0)[30:70].max() == 0
    assert one[25, 104] > 0.5 and one[70, 104] > 0.5


def test_split_digits_joins_a_bar_just_above_a_digit_sharing_few_columns():
    ink = np.zeros((100, 200), dtype=np.float32)
    ink[20:28, 63:86] = 1.0  # the bar of a 5, off to the right of its body
    block(ink, 29, 51, height=22, width=21)
    block(ink, 20, 120, height=31, width=20)  # a neighbour in the same rows: its own digit
    lines = split_digits(ink)
    assert [len(line) for line in lines] == [2]
    assert lines[0][0][24, 70] > 0.5 and lines[0][0][40, 60] > 0.5


def test_split_digits_joins_a_short_piece_to_the_digit_it_nearly_touches():
    ink = np.zeros((100, 300), dtype=np.float32)
    block(ink, 30, 40, height=40, width=22)  # the body of a 5 ...
    ink[24:29, 64:84] = 1.0  # ... and its bar, written apart, up and to the right of it
    block(ink, 28, 120, height=42, width=24)  # the next digit
    block(ink, 30, 190, height=40, width=8)  # a 1 ...
    block(ink, 36, 200, height=14, width=3)  # ... and a sliver broken off its side
    lines = split_digits(ink)
    assert [len(line) for line in lines] == [3]  # neither piece is a digit or a line
    five, _, one = lines[0]
    assert five[26, 75] > 0.5 and five[50, 50] > 0.5 and five[50, 130] == 0
    assert one[40, 201] > 0.5 and one[50, 194] > 0.5


def test_a_bar_joins_the_digit_it_leaves_not_the_one_it_reaches_towards():
    ink = np.zeros((100, 200), dtype=np.float32)
    block(ink, 30, 40, height=40, width=22)  # the body of a 5
    ink[24:29, 66:91] = 1.0  # its bar: 5 px from the body, 1 px short of the next digit
    block(ink, 28, 92, height=42, width=24)
    lines = split_digits(ink)
    assert [len(line) for line in lines] == [2]
    five, neighbour = lines[0]
    assert five[26, 70] > 0.5 and neighbour[26, 70] == 0


def test_digits_written_small_or_far_from_others_are_not_pieces():
    ink = np.zeros((160, 320), dtype=np.float32)
    for left in (20, 80, 200):
        block(ink, 20, left, height=40, width=24)
    block(ink, 38, 140, height=18, width=12)  # a digit written small, in the line
    ink[100:104, 150:170] = 1.0  # a dash far below, near no digit
    for left in (20, 38, 56, 74):
        block(ink, 120, left, height=18, width=12)  # a second line, small and close together
    lines = split_digits(ink)
    assert [len(line) for line in lines] == [4, 1, 4]
