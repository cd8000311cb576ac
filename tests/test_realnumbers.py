"""examples/realnumbers.py: the real cheque amounts' manifest and the scores of a reading."""

import pytest

from examples.realnumbers import characters_right, edit_distance, load_manifest


def test_edit_distance_counts_insertions_deletions_and_substitutions():
    assert edit_distance("2026", "2026") == 0
    assert edit_distance("2026", "2036") == 1  # one digit misread
    assert edit_distance("226", "2026") == 1  # one digit missed
    assert edit_distance("12\n34", "1234") == 1  # a line break that is not there
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("", "123") == edit_distance("123", "") == 3


def test_characters_right_is_the_share_read_right_and_never_below_zero():
    assert characters_right("2026", "2026") == 1.0
    assert characters_right("2036", "2026") == 0.75
    assert characters_right("", "2026") == 0.0
    assert characters_right("25209777274441\n227\n7\n2", "25441") == 0.0  # junk is not < 0


def test_the_manifest_gives_each_file_and_its_digits(tmp_path):
    (tmp_path / "manifest.tsv").write_text(
        "file\tdigits\tkind\n0000_2250.jpg\t2250\tcheque-amount-scan\n"
        "0001_60.jpg\t060\tcheque-amount-scan\n",
        encoding="utf-8",
    )
    numbers = load_manifest(tmp_path)
    assert [(n.path, n.digits) for n in numbers] == [
        (tmp_path / "0000_2250.jpg", "2250"),
        (tmp_path / "0001_60.jpg", "060"),  # a string: leading zeros are kept
    ]


def test_scores_are_the_share_read_exactly_and_the_mean_characters_right(tmp_path):
    from examples.realnumbers import RealNumber, scores

    numbers = [RealNumber(tmp_path / f"{n}.jpg", n) for n in ("2250", "60", "100", "925")]
    exact, characters = scores(numbers, ["2250", "60", "10", "junk with no digit right"])
    assert exact == 0.5
    assert characters == pytest.approx((1 + 1 + 2 / 3 + 0) / 4)


def test_misses_are_sorted_by_kind_and_misread_ones_by_digit():
    from collections import Counter
    from pathlib import Path

    from examples.realnumbers import MissKinds, RealNumber, miss_kinds

    truths = ("2250", "60", "100", "925", "17", "1900", "11", "15700", "42")
    numbers = [RealNumber(Path(f"{n}.jpg"), n) for n in truths]
    readings = ["2850", "6", "1000", "925", "1\n7", "7900", "77", "57000", ""]
    kinds = miss_kinds(numbers, readings)
    assert kinds.misread == 3  # 2250 -> 2850, 1900 -> 7900, 11 -> 77
    assert kinds.short == 2  # 60 -> 6, and 42 of which nothing was read
    assert (kinds.long, kinds.shifted, kinds.several_lines) == (1, 1, 1)
    # Each digit read wrong counts where it stands; a digit lost and another added
    # (15700 -> 57000) is no misread 1, 5 or 7.
    assert kinds.swaps == Counter({("2", "8"): 1, ("1", "7"): 3})
    assert miss_kinds(numbers[:1], ["2250"]) == MissKinds(0, 0, 0, 0, 0, Counter())
