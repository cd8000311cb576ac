"""Remake the README's figures, on purpose, in one command from the project folder:

    MNIST_DIR=../shared/mnist python -m examples.make_figures [--out figures]

A figure's bytes depend on the CPU that trained the model, so the tracked figures change
only when a maintainer runs this; the tests and the notebook write none into the checkout.
It writes, into `--out`:
- accuracy.png, loss.png, sample_predictions.png, confusion_matrix.png, misclassified.png:
  the default recipe at seed 0, as `python -m digits train` draws them;
- augmented.png: five training digits and six random copies each, as the best recipe
  warps them;
- own_digits.png: the example pictures of this folder read by the reader that ships with
  the package, beside the 28x28 each became;
- real_writing.png (with CVL_DIR set): digits by CVL's validation writers, whom the reader
  never saw, read by it: the first of each digit read right, then the first of each misread;
- real_amounts.png (with REALNUMBERS_DIR set): held-out cheque amounts (0900 on), which the
  line reader never saw, read by it: the first six read right and the first six misread.
The drawing pad's screenshot, serve.png, comes from its browser test:
`SCREENSHOT_DIR=figures python -m pytest tests/test_serve_browser.py`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from digits.handwriting import folder_from_env

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> list[Path]:
    parser = argparse.ArgumentParser(
        prog="python -m examples.make_figures",
        description="Remake the README's figures.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--out", type=Path, default=HERE.parent / "figures", help="folder")
    args = parser.parse_args(argv)

    import matplotlib

    matplotlib.use("Agg")
    import digits
    from digits.plots import save_figure

    (x_train, y_train), (x_test, y_test) = digits.load_mnist()
    model, history = digits.train(x_train, y_train, digits.TrainConfig(seed=0), verbose=0)
    x_test = digits.scale_pixels(x_test)
    evaluation = digits.evaluate_model(model, x_test, y_test)
    written = digits.save_figures(history, x_test, evaluation, args.out)

    augmented = digits.augment_examples(x_train[:5], digits.RECIPES["best"], copies=6)
    figure = digits.plot_augmented(digits.scale_pixels(x_train[:5]), augmented)
    written.append(save_figure(figure, args.out / "augmented.png"))

    paths = sorted(HERE.glob("*_?.[jp][pn]g"))  # one digit each: photo_7.jpg, ...
    inputs = np.stack([digits.load_digit_image(path) for path in paths])
    _, odds = digits.predict_digits(digits.load_model(), inputs)
    originals = [digits.read_picture(path) for path in paths]
    figure = digits.plot_own_digits(originals, inputs, odds, [path.name for path in paths])
    written.append(save_figure(figure, args.out / "own_digits.png"))
    cvl = folder_from_env("CVL_DIR")
    if cvl is not None:
        written.append(save_figure(real_writing(cvl / "valid.npz"), args.out / "real_writing.png"))
    amounts = folder_from_env("REALNUMBERS_DIR")
    if amounts is not None:
        written.append(save_figure(real_amounts(amounts), args.out / "real_amounts.png"))
    for path in written:
        print(f"wrote {path}")
    return written


def real_writing(path: Path):
    """The figure of digits by writers the reader never saw (CVL's valid.npz at `path`):
    the first of each digit it reads right, then the first of each it misreads."""
    import digits
    from digits.handwriting import load_cvl

    images, labels = load_cvl(path)
    odds = digits.predict_digits(digits.load_model(), images)[1]
    right = odds.argmax(axis=1) == labels
    chosen = [int(np.flatnonzero(right & (labels == d))[0]) for d in range(10)]
    chosen += [int(np.flatnonzero(~right & (labels == d))[0]) for d in range(10)]
    return digits.plot_sample_predictions(
        images[chosen],
        labels[chosen],
        odds[chosen],
        count=len(chosen),
        title="Writers the reader never saw (CVL valid): read (true), mistakes in red",
    )


def real_amounts(folder: Path, shown: int = 6):
    """The figure of held-out cheque amounts (REALNUMBERS_DIR, from 0900 on) read by the
    line reader: the first `shown` it reads right, then the first `shown` it misreads."""
    import digits
    from digits.handwriting import FIRST_MEASURED_AMOUNT, amount_number
    from examples.realnumbers import load_manifest, read_numbers

    held = [n for n in load_manifest(folder) if amount_number(n.path.name) >= FIRST_MEASURED_AMOUNT]
    readings = read_numbers(held)[0]
    right = [i for i, n in enumerate(held) if readings[i] == n.digits][:shown]
    wrong = [i for i, n in enumerate(held) if readings[i] != n.digits][:shown]
    chosen = right + wrong
    return digits.plot_numbers_read(
        [digits.read_picture(held[i].path, max_side=512) for i in chosen],
        [held[i].digits for i in chosen],
        [" ".join(readings[i].splitlines()) for i in chosen],
        "Cheque amounts the line reader never saw (0900 on): read right, then misread",
    )


if __name__ == "__main__":
    main()
