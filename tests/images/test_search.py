"""digits/images/search.py: the cheapest reading of a lattice, given the classifier's."""

from dataclasses import replace

import numpy as np

from digits.images.lattice import Candidate, Lattice, LineLattice
from digits.images.search import DEFAULT_COSTS, _leaves_ink_unexplained, best_readings


def lattice_of(lines, candidates, touching=()):
    """A hand-made lattice: lines as [(height, area) per segment], candidates as
    (line, start, stop, height, width, area, gap); touching: the (line, segment) pairs
    whose segment touches the one before it."""
    return Lattice(
        [
            LineLattice(
                len(s),
                np.array([h for h, _ in s]),
                np.array([a for _, a in s]),
                np.array([(number, i) in touching for i in range(len(s))]),
            )
            for number, s in enumerate(lines)
        ],
        [Candidate(*c) for c in candidates],
        np.zeros((len(candidates), 28, 28), np.float32),
    )


def confident(readings):
    """(n, 10) probabilities: digit d with probability p for each (d, p)."""
    out = np.zeros((len(readings), 10))
    for row, (digit, p) in enumerate(readings):
        out[row] = (1 - p) / 9
        out[row, digit] = p
    return out


def halves_of_a_zero():
    # Two segments, the halves of a '0' cut apart; each alone looks a little like a 1.
    return lattice_of(
        [[(1.0, 0.15), (1.0, 0.15)]],
        [
            (0, 0, 1, 1.0, 0.4, 0.15, 0.0),
            (0, 1, 2, 1.0, 0.4, 0.15, 0.0),
            (0, 0, 2, 1.0, 0.8, 0.3, 0.0),
        ],
    )


def test_one_wide_candidate_beats_two_halves_when_the_classifier_is_sure_of_it():
    sure_of_the_whole = confident([(1, 0.6), (1, 0.6), (0, 0.95)])
    assert best_readings(halves_of_a_zero(), sure_of_the_whole) == ["0"]
    sure_of_the_halves = confident([(1, 0.99), (1, 0.99), (0, 0.3)])
    assert best_readings(halves_of_a_zero(), sure_of_the_halves) == ["11"]


def test_a_dash_the_classifier_doubts_is_left_out_and_a_doubtful_digit_is_not():
    lattice = lattice_of(
        [[(1.0, 0.3), (0.1, 0.03), (1.0, 0.3)]],  # a digit, a dash, a digit
        [
            (0, 0, 1, 1.0, 0.6, 0.3, 0.0),
            (0, 1, 2, 0.1, 0.5, 0.03, 0.0),  # the dash: short and flat
            (0, 2, 3, 1.0, 0.6, 0.3, 0.0),
        ],
    )
    assert best_readings(lattice, confident([(7, 0.9), (1, 0.4), (4, 0.2)])) == ["74"]
    # A dash is left out even when the classifier is sure: no digit is that short.
    assert best_readings(lattice, confident([(7, 0.9), (1, 0.999), (4, 0.2)])) == ["74"]


def test_a_tall_piece_the_classifier_doubts_is_read_not_left_out():
    def line_with(height):
        # A sure 5, then a piece `height` of the line's height that the classifier reads
        # as a 0 at only 12% (a small zero after the thousands dot, or a mark).
        return lattice_of(
            [[(1.0, 0.3), (height, 0.1)]],
            [(0, 0, 1, 1.0, 0.6, 0.3, 0.0), (0, 1, 2, height, 0.5, 0.1, 0.0)],
        )

    doubtful = confident([(5, 0.99), (0, 0.12)])
    assert best_readings(line_with(0.8), doubtful) == ["50"]  # four fifths tall: a digit
    assert best_readings(line_with(0.3), doubtful) == ["5"]  # as low as a mark: left out


def test_lines_are_read_apart_and_a_line_reading_nothing_is_left_out():
    lattice = lattice_of(
        [[(1.0, 0.3), (1.0, 0.3)], [(0.15, 0.02)], [(1.0, 0.3)]],  # the middle: a dot alone
        [
            (0, 0, 1, 1.0, 0.6, 0.3, 0.0),
            (0, 1, 2, 1.0, 0.6, 0.3, 0.0),
            (0, 0, 2, 1.0, 1.4, 0.6, 0.2),  # the two digits as one: wide, a gap inside
            (1, 0, 1, 0.15, 0.15, 0.02, 0.0),
            (2, 0, 1, 1.0, 0.6, 0.3, 0.0),
        ],
    )
    probabilities = confident([(1, 0.9), (2, 0.9), (8, 0.9), (0, 0.9), (3, 0.9)])
    assert best_readings(lattice, probabilities) == ["12", "3"]


def test_a_candidate_without_its_mark_pays_for_leaving_the_mark_out():
    def lattice(mark_height, mark_area):
        # A zero's halves with a mark between them in column order: the run of all
        # three read with the mark, and read without it.
        return lattice_of(
            [[(1.0, 0.15), (mark_height, mark_area), (1.0, 0.15)]],
            [
                (0, 0, 3, 1.2, 0.8, 0.31, 0.0),
                (0, 0, 3, 1.0, 0.8, 0.3, 0.0, (1,)),
            ],
        )

    probabilities = confident([(6, 0.8), (0, 0.99)])
    assert best_readings(lattice(0.1, 0.01), probabilities) == ["0"]  # a dot costs little
    # Were the "mark" tall and inky, leaving it out would cost what leaving out a digit does.
    assert best_readings(lattice(1.0, 0.3), probabilities) == ["6"]


def test_a_candidate_that_cuts_through_a_loop_pays_for_it():
    # Two zeros that overlap, cut into three segments. The run of the last segment is a
    # piece of the second zero's loop, which the classifier reads as a sure 2; the ring
    # around that loop, a candidate of the same run, reads as a 0 a little less surely.
    lattice = lattice_of(
        [[(1.0, 0.15), (1.0, 0.1), (1.0, 0.15)]],
        [
            (0, 0, 2, 1.0, 0.7, 0.25, 0.0),  # the first zero
            (0, 2, 3, 1.0, 0.4, 0.15, 0.0, (), 1),  # a piece of the second: cuts its loop
            (0, 2, 3, 1.0, 0.7, 0.25, 0.0),  # the second zero's ring
        ],
    )
    probabilities = confident([(0, 0.99), (2, 0.99), (0, 0.9)])
    assert best_readings(lattice, probabilities) == ["00"]
    assert best_readings(lattice, probabilities, replace(DEFAULT_COSTS, split=0.0)) == ["02"]


def test_a_narrow_stroke_joined_to_the_ink_beside_it_pays_as_part_of_a_digit():
    # A 1 with a long flag, cut where the flag meets the stem: each piece is a narrow
    # stroke the classifier reads as a sure 1; the whole reads as a 1 less surely.
    def flagged_one(touching):
        return lattice_of(
            [[(1.0, 0.08), (1.0, 0.08)]],
            [
                (0, 0, 1, 1.0, 0.3, 0.08, 0.0),  # the flag
                (0, 1, 2, 1.0, 0.15, 0.08, 0.0),  # the stem
                (0, 0, 2, 1.0, 0.45, 0.16, 0.0),  # the whole 1
            ],
            touching,
        )

    probabilities = confident([(1, 0.99), (1, 0.99), (1, 0.6)])
    assert best_readings(flagged_one({(0, 1)}), probabilities) == ["1"]
    free = replace(DEFAULT_COSTS, stroke=0.0)
    assert best_readings(flagged_one({(0, 1)}), probabilities, free) == ["11"]
    # Two strokes apart are two 1s: their ink does not touch.
    assert best_readings(flagged_one(set()), probabilities) == ["11"]
    # Nor does the charge fall on a piece as wide as a digit.
    wide = replace(DEFAULT_COSTS, stroke_below=0.15)
    assert best_readings(flagged_one({(0, 1)}), probabilities, wide) == ["11"]


def test_a_digit_that_reads_the_same_without_a_stroke_beside_it_leaves_that_stroke_out():
    # A 1 written close to a 5: the run of both reads as a 5, less surely than the 5
    # alone, so the 1's ink is no part of that reading.
    def one_beside_a_five(inner):
        return lattice_of(
            [[(1.0, 0.08), (1.0, 0.2)]],
            [
                (0, 0, 1, 1.0, 0.2, 0.08, 0.0),  # the 1
                (0, 1, 2, 1.0, 0.6, 0.2, 0.0),  # the 5
                (0, 0, 2, 1.0, 0.85, 0.28, 0.0, (), 0, inner),  # both, read as a 5
            ],
        )

    probabilities = confident([(1, 0.99), (5, 0.95), (5, 0.8)])
    assert best_readings(one_beside_a_five((1,)), probabilities) == ["15"]
    free = replace(DEFAULT_COSTS, unexplained=0.0)
    assert best_readings(one_beside_a_five((1,)), probabilities, free) == ["5"]
    # No inner candidate (the 1 was a mark, say): nothing is charged.
    assert best_readings(one_beside_a_five(()), probabilities) == ["5"]
    # The 5 alone less sure than with the stroke: the stroke is part of what was read.
    lattice, digits = one_beside_a_five((1,)), np.array([1, 5, 5])
    sure, unsure = -np.log([0.99, 0.95, 0.8]), -np.log([0.99, 0.7, 0.8])
    assert _leaves_ink_unexplained(lattice, digits, sure).tolist() == [False, False, True]
    assert _leaves_ink_unexplained(lattice, digits, unsure).tolist() == [False, False, False]
    # ... and so it is when the 5 alone reads as another digit.
    other = confident([(1, 0.99), (6, 0.95), (5, 0.8)])
    assert best_readings(one_beside_a_five((1,)), other) == ["5"]


def test_a_digit_much_wider_than_the_hands_others_is_read_again_as_two():
    # A 2 and a 3, then two digits that touch: each alone reads a little less surely than
    # the pair does as one wide 8. `width`: how wide this hand writes.
    def touching_pair(width):
        return lattice_of(
            [[(1.0, 0.2)] * 4],
            [
                (0, 0, 1, 1.0, width, 0.2, 0.0),  # the 2
                (0, 1, 2, 1.0, width, 0.2, 0.0),  # the 3
                (0, 2, 3, 1.0, 0.5, 0.2, 0.0),  # a 6
                (0, 3, 4, 1.0, 0.5, 0.2, 0.0),  # a 7
                (0, 2, 4, 1.0, 1.0, 0.4, 0.0),  # both, read as an 8
            ],
        )

    probabilities = confident([(2, 0.95), (3, 0.95), (6, 0.8), (7, 0.8), (8, 0.9)])
    assert best_readings(touching_pair(0.5), probabilities) == ["2367"]
    assert best_readings(
        touching_pair(0.5), probabilities, replace(DEFAULT_COSTS, typical=0.0)
    ) == ["238"]
    # The same pair in a hand that writes wide is no wider than its other digits.
    assert best_readings(touching_pair(0.9), probabilities) == ["238"]
    # 1s say nothing of how wide a hand writes: too few other digits, no charge.
    ones = confident([(1, 0.95), (1, 0.95), (6, 0.8), (7, 0.8), (8, 0.9)])
    assert best_readings(touching_pair(0.5), ones) == ["118"]
    # Nor do two digits: a narrow 3 beside the pair would make a median of two charge it.
    one_and_three = confident([(1, 0.95), (3, 0.95), (6, 0.8), (7, 0.8), (8, 0.9)])
    narrow_three = touching_pair(0.5)
    narrow_three.candidates[1] = replace(narrow_three.candidates[1], width=0.2)
    assert best_readings(narrow_three, one_and_three) == ["138"]
