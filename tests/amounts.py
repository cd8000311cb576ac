"""Cheque amounts drawn here, in ../shared/realnumbers' form, for the tests of the builders
of training sets (tests/test_handwriting.py, tests/test_line_data.py)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw


def write_amount(folder: Path, number: int, digits: int) -> tuple[str, str, list[str]]:
    """An amount's picture `NNNN_1...1.jpg` in `folder`: light paper, a dark bar per digit,
    30 px apart. Returns its file name, its digits and its boxes.tsv rows."""
    name = f"{number:04d}_{'1' * digits}.jpg"
    picture = Image.new("L", (40 + 30 * digits, 60), 235)
    draw, rows = ImageDraw.Draw(picture), []
    for index in range(digits):
        x = 20 + 30 * index
        draw.rectangle((x, 12, x + 5, 46), fill=30)
        rows.append(f"{name}\t1\t{x}\t12\t6\t35")
    picture.save(folder / name)
    return name, "1" * digits, rows
