"""digits/line_reader.py: the CTC line reader's network, loss and decoding."""

import numpy as np
import pytest

from digits.backend import keras
from digits.errors import DigitsError
from digits.images.lines import LINE_HEIGHT, LINE_WIDTH
from digits.line_reader import (
    BLANK,
    CLASSES,
    MAX_DIGITS,
    TIME_STEPS,
    build_line_reader,
    ctc_loss,
    encode_strings,
    greedy_decode,
    load_line_reader,
)


def logits_for(paths):
    """(n, TIME_STEPS, CLASSES) logits whose likeliest class at each step is paths[i][t]
    (a path shorter than TIME_STEPS is padded with blanks)."""
    logits = np.zeros((len(paths), TIME_STEPS, CLASSES), np.float32)
    for row, path in enumerate(paths):
        full = list(path) + [BLANK] * (TIME_STEPS - len(path))
        logits[row, np.arange(TIME_STEPS), full] = 10.0
    return logits


def test_the_network_reads_a_line_into_a_class_per_four_columns():
    model = build_line_reader()
    lines = np.random.default_rng(0).random((3, LINE_HEIGHT, LINE_WIDTH), np.float32)
    assert model(lines).shape == (3, TIME_STEPS, CLASSES)
    assert TIME_STEPS == LINE_WIDTH // 4 and CLASSES == 11


def test_greedy_decoding_merges_repeats_and_drops_blanks():
    _ = BLANK
    paths = [[_, 2, 2, _, 0, _, 2, 6, 6], [1, 1, _, 1], [_, _], [7, 7, 7]]
    assert greedy_decode(logits_for(paths)) == ["2026", "11", "", "7"]


def test_greedy_decoding_agrees_with_keras_ctc_decode_on_random_logits():
    rng = np.random.default_rng(1)
    logits = rng.normal(size=(20, TIME_STEPS, CLASSES)).astype(np.float32)
    logits[..., BLANK] += 1.5  # mostly blanks, as a trained reader's are
    decoded, _ = keras.ops.ctc_decode(
        logits, np.full(20, TIME_STEPS), strategy="greedy", mask_index=BLANK
    )
    reference = ["".join(str(int(c)) for c in row if c >= 0) for row in np.asarray(decoded[0])]
    assert greedy_decode(logits) == reference


def test_strings_are_padded_with_minus_one():
    targets = encode_strings(["2026", "7", ""])
    assert targets.shape == (3, MAX_DIGITS) and targets.dtype == np.int32
    assert targets[0].tolist() == [2, 0, 2, 6, -1, -1, -1, -1]
    assert targets[1, 0] == 7 and (targets[1, 1:] == -1).all() and (targets[2] == -1).all()


def test_the_loss_is_low_for_the_string_the_logits_spell_and_high_for_another():
    _ = BLANK
    logits = logits_for([[_, 2, _, 0, _, 2, 6], [_, 2, _, 0, _, 2, 6]])
    loss = np.asarray(ctc_loss(encode_strings(["2026", "2027"]), logits))
    assert loss.shape == (2,)
    assert loss[0] < 1.0 < 5.0 < loss[1]


def test_a_digit_reader_is_refused_as_a_line_reader(tmp_path):
    from digits.model import build_model, save_model

    save_model(build_model(), tmp_path / "digit.keras")
    with pytest.raises(DigitsError, match=r"digit\.keras: not a line reader .*train-lines"):
        load_line_reader(tmp_path / "digit.keras")


def test_the_shipped_line_reader_loads_and_reads_blank_lines_as_nothing():
    model = load_line_reader()
    assert greedy_decode(np.asarray(model(np.zeros((1, LINE_HEIGHT, LINE_WIDTH))))) == [""]
