"""Make the example pictures in this folder from MNIST test digits.

    MNIST_DIR=../shared/mnist python -m examples.make_examples    # from the project folder

Each is a test digit rendered the way users send digits: photos of paper (uneven light,
a shadow, tinted paper, coloured ink, blur, noise, JPEG, the digit small and off-centre),
one of them across the rules of notebook paper, a drawing on a transparent canvas, chalk
on a board, a bold marker and a fat brush, and a number written in a row. They are not
MNIST-shaped, which is the point: the notebook reads them with
digits.load_digit_image and digits.read_number.
"""

from pathlib import Path

import numpy as np

from digits.data import load_mnist, scale_pixels
from examples import synth

HERE = Path(__file__).resolve().parent
# (test index, how to render it, file name); the indices pick one digit of each kind.
EXAMPLES = [
    (0, synth.render_photo, "photo_7.jpg"),
    (1, synth.render_photo, "photo_2.jpg"),
    (4, synth.render_photo, "photo_4.jpg"),
    (8, synth.render_canvas, "canvas_5.png"),
    (7, synth.render_chalkboard, "chalkboard_9.png"),
    (18, synth.render_notebook, "notebook_3.jpg"),
]

BOLD_EXAMPLES = [
    (11, synth.render_marker, "marker_6.jpg"),
    (3, synth.render_brush, "brush_0.png"),
]


def save(picture, name: str) -> None:
    """Write examples/`name` whole: a temporary file renamed into place."""
    path = HERE / name
    temporary = path.with_name(f".{path.stem}.tmp{path.suffix}")
    picture.save(temporary, **({"quality": 85} if name.endswith(".jpg") else {}))
    temporary.replace(path)
    print(f"wrote {path}")


def main() -> None:
    _, (x_test, y_test) = load_mnist()
    rng = np.random.default_rng(2026)
    for index, render, name in EXAMPLES:
        assert name.split("_")[1][0] == str(y_test[index]), (name, y_test[index])
        save(render(scale_pixels(x_test[index]), rng), name)
    # A number: the first 2, 0, 2 and 6 of the test set, written in a row on paper.
    first = {digit: int(np.flatnonzero(y_test == digit)[0]) for digit in (0, 2, 6)}
    row = [first[2], first[0], int(np.flatnonzero(y_test == 2)[1]), first[6]]
    picture, text = synth.render_number(scale_pixels(x_test), y_test, rng, [row])
    assert text == "2026", text
    save(picture, "number_2026.jpg")
    # Bold strokes, several times MNIST's width. Rendered after the others,
    # so the random draws of the pictures above stay what they were.
    for index, render, name in BOLD_EXAMPLES:
        assert name.split("_")[1][0] == str(y_test[index]), (name, y_test[index])
        save(render(scale_pixels(x_test[index]), rng), name)


if __name__ == "__main__":
    main()
