"""The line reader's output read as digits: greedy CTC decoding, NumPy only.

The line reader (digits/line_reader.py) gives, for each of TIME_STEPS columns of a line,
a score per class: the digits 0-9 and BLANK, "no digit here". Kept apart from the
network's code so that reading a number never imports TensorFlow.
"""

from __future__ import annotations

import numpy as np

from digits.images.lines import LINE_WIDTH

BLANK = 10  # CTC's "no digit here" class, after the digits 0-9
CLASSES = 11
POOL = 4  # the convolutions halve the width twice: one time step per 4 pixel columns
TIME_STEPS = LINE_WIDTH // POOL


def greedy_decode(logits: np.ndarray) -> list[str]:
    """(n, TIME_STEPS, CLASSES) -> n digit strings: each step's likeliest class, repeats
    merged, blanks dropped ("" where every step is blank)."""
    best = np.asarray(logits).argmax(axis=-1)
    strings = []
    for row in best:
        changed = np.concatenate([[True], row[1:] != row[:-1]])
        strings.append("".join(str(c) for c in row[changed] if c != BLANK))
    return strings
