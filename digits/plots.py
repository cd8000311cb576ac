"""Figures worth looking at. Each function returns a matplotlib Figure; `save_figure` writes one.

Figures are made with pyplot so that Jupyter shows them inline; a script should close
them (`plt.close(fig)`) once saved.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from digits.data import NUM_CLASSES
from digits.evaluate import Evaluation, worst_mistakes

_RIGHT = "tab:green"
_WRONG = "tab:red"


def plot_history(history: Mapping[str, Sequence[float]], metric: str) -> Figure:
    """`metric` ("accuracy" or "loss") per epoch, training and validation.

    history: Keras' `History.history`, e.g. {"accuracy": [...], "val_accuracy": [...]}.
    """
    fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
    epochs = np.arange(1, len(history[metric]) + 1)
    ax.plot(epochs, history[metric], "o-", label="training")
    if f"val_{metric}" in history:
        ax.plot(epochs, history[f"val_{metric}"], "s-", label="validation")
    ax.set(xlabel="epoch", ylabel=metric, title=f"{metric.capitalize()} per epoch")
    if len(epochs) <= 20:
        ax.set_xticks(epochs)
    else:  # a tick for every epoch of a long run would be a black smear
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    ax.legend()
    return fig


def plot_training_digits(images: np.ndarray, labels: np.ndarray, count: int = 20) -> Figure:
    """The first `count` training images, each titled with its label: what the model learns from.

    images: (n, 28, 28) uint8 in 0-255 or float in [0, 1]; labels: (n,).
    """
    count = min(count, len(images))
    shown = np.asarray(images[:count], dtype=np.float32)
    if np.asarray(images).dtype == np.uint8:
        shown = shown / 255.0
    titles = [str(int(label)) for label in labels[:count]]
    fig = _image_grid(shown, titles, ["black"] * count, title_lines=1)
    fig.suptitle("Training images and their labels")
    return fig


def plot_sample_predictions(
    images: np.ndarray,
    labels: np.ndarray,
    probabilities: np.ndarray,
    count: int = 25,
    title: str = "Test images: predicted (true)",
) -> Figure:
    """A grid of the first `count` images titled "predicted (true)"; mistakes in red.

    images: (n, 28, 28) in [0, 1]; labels: (n,); probabilities: (n, 10).
    """
    count = min(count, len(images))
    predictions = probabilities.argmax(axis=1)
    titles, colours = [], []
    for index in range(count):
        right = predictions[index] == labels[index]
        titles.append(f"{predictions[index]} ({labels[index]})" + ("" if right else " ✗"))
        colours.append(_RIGHT if right else _WRONG)
    fig = _image_grid(images[:count], titles, colours, title_lines=1)
    fig.suptitle(title)
    return fig


def plot_confusion_matrix(confusion: np.ndarray) -> Figure:
    """The (10, 10) confusion matrix with the count in every cell."""
    fig, ax = plt.subplots(figsize=(7, 6), layout="constrained")
    # A log-like colour scale: the diagonal holds ~1000 and the mistakes ~0-20, and a
    # linear scale would paint every mistake the same pale colour.
    shown = np.log1p(confusion)
    ax.imshow(shown, cmap="Blues")
    threshold = shown.max() / 2
    for (row, column), count in np.ndenumerate(confusion):
        colour = "white" if shown[row, column] > threshold else "black"
        ax.text(column, row, str(count), ha="center", va="center", color=colour, fontsize=8)
    ticks = np.arange(NUM_CLASSES)
    ax.set(xticks=ticks, yticks=ticks, xlabel="predicted digit", ylabel="true digit")
    ax.set_title(f"Confusion matrix ({confusion.sum()} test images)")
    return fig


def plot_misclassified(
    images: np.ndarray, labels: np.ndarray, probabilities: np.ndarray, indices: np.ndarray
) -> Figure:
    """The images at `indices` (mistakes), each with what the model believed and how much."""
    titles = []
    for index in indices:
        predicted, true = int(probabilities[index].argmax()), int(labels[index])
        titles.append(
            f"said {predicted} ({probabilities[index, predicted]:.0%})\n"
            f"true {true} ({probabilities[index, true]:.0%})"
        )
    fig = _image_grid(images[indices], titles, [_WRONG] * len(titles), title_lines=2)
    fig.suptitle("Most confident mistakes")
    return fig


def _image_grid(images: np.ndarray, titles, colours, title_lines: int) -> Figure:
    """Tile 28x28 images into one picture with a title over each: one Axes, drawn fast.

    (Dozens of subplots cost matplotlib about half a second; one image and some text
    cost a few milliseconds, and the figure looks the same.)
    """
    count = max(len(images), 1)
    columns = min(count, 6 if title_lines > 1 else int(np.ceil(np.sqrt(count))))
    rows = int(np.ceil(count / columns))
    side, gap, head = 28, 4, 10 * title_lines
    cell_width, cell_height = side + gap, side + head
    mosaic = np.full((rows * cell_height, columns * cell_width), np.nan, dtype=np.float32)
    corners = []
    for index, image in enumerate(images):
        top = (index // columns) * cell_height + head
        left = (index % columns) * cell_width + gap // 2
        mosaic[top : top + side, left : left + side] = image
        corners.append((top, left))
    fig, ax = _mosaic_figure(mosaic)
    for (top, left), title, colour in zip(corners, titles, colours, strict=True):
        ax.text(
            left + side / 2, top - 1.5, title, ha="center", va="bottom", color=colour, fontsize=9
        )
    return fig


def _mosaic_figure(mosaic: np.ndarray) -> tuple[Figure, plt.Axes]:
    """A figure of `mosaic` (values in [0, 1], ink dark, NaN white) on one bare Axes."""
    height, width = mosaic.shape
    fig, ax = plt.subplots(figsize=(width / 18, height / 18 + 0.4))
    cmap = plt.get_cmap("gray_r").with_extremes(bad="white")
    ax.imshow(mosaic, cmap=cmap, vmin=0, vmax=1, interpolation="nearest")
    ax.axis("off")
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=1 - 0.4 / fig.get_figheight())
    return fig, ax


def plot_augmented(images: np.ndarray, augmented: np.ndarray) -> Figure:
    """One row per digit: the training image, then its randomly augmented copies.

    images: (n, 28, 28) float32 in [0, 1]; augmented: (n, copies, 28, 28) float32 in
    [0, 1], as `augment_examples` returns them. Drawn as one tiled picture (see _image_grid).
    """
    count, copies = augmented.shape[:2]
    side, gap, head = 28, 4, 10
    mosaic = np.full(
        (head + count * (side + gap), (copies + 1) * (side + gap)), np.nan, dtype=np.float32
    )
    for row in range(count):
        top = head + row * (side + gap)
        for column, image in enumerate([images[row], *augmented[row]]):
            left = column * (side + gap) + gap // 2
            mosaic[top : top + side, left : left + side] = image
    fig, ax = _mosaic_figure(mosaic)
    for column, title in enumerate(["original"] + [f"copy {k + 1}" for k in range(copies)]):
        ax.text(column * (side + gap) + gap // 2 + side / 2, head - 1.5, title, ha="center")
    fig.suptitle("Training digits and random augmented copies")
    return fig


def plot_own_digits(
    originals: Sequence[np.ndarray],
    inputs: np.ndarray,
    probabilities: np.ndarray,
    names: Sequence[str],
) -> Figure:
    """One row per image: the original, the 28x28 the model sees, the ten probabilities.

    originals: images as loaded (any size, grey (h, w) or RGB (h, w, 3));
    inputs: (n, 28, 28) float32 in [0, 1]; probabilities: (n, 10).
    """
    count = len(inputs)
    fig, axes = plt.subplots(
        count,
        3,
        figsize=(8, 2.2 * count),
        squeeze=False,
        gridspec_kw={"width_ratios": [1, 1, 2]},
    )
    for row, (original, seen, probs, name) in enumerate(
        zip(originals, inputs, probabilities, names, strict=True)
    ):
        photo, model_view, bars = axes[row]
        photo.imshow(original, cmap="gray" if original.ndim == 2 else None)
        photo.set_title(name, fontsize=9)
        photo.axis("off")
        model_view.imshow(seen, cmap="gray", vmin=0, vmax=1)
        model_view.set_title("what the model sees", fontsize=9)
        model_view.axis("off")
        best = int(probs.argmax())
        colours = ["tab:blue"] * NUM_CLASSES
        colours[best] = _RIGHT
        bars.bar(np.arange(NUM_CLASSES), probs, color=colours)
        bars.set(xticks=np.arange(NUM_CLASSES), ylim=(0, 1))
        bars.set_title(f"{best} ({probs[best]:.0%})", fontsize=10)
    fig.tight_layout()
    return fig


def plot_numbers_read(
    pictures: Sequence[np.ndarray], truths: Sequence[str], readings: Sequence[str], title: str
) -> Figure:
    """Pictures of numbers, each titled with what was read and, where that is wrong, the
    truth, in red. pictures: grey (h, w) or RGB (h, w, 3), any size; two columns."""
    count = len(pictures)
    rows = -(-count // 2)
    fig, axes = plt.subplots(rows, 2, figsize=(8, 1.3 * rows + 0.6), squeeze=False)
    for axis in axes.ravel():
        axis.axis("off")
    for axis, picture, truth, read in zip(axes.ravel(), pictures, truths, readings, strict=True):
        axis.imshow(picture, cmap="gray" if picture.ndim == 2 else None)
        right = read == truth
        text = f"read {read or '?'}" + ("" if right else f" (true {truth})")
        axis.set_title(text, fontsize=10, color=_RIGHT if right else _WRONG)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return fig


def save_figures(
    history: Mapping[str, Sequence[float]],
    images: np.ndarray,
    evaluation: Evaluation,
    folder: str | os.PathLike,
) -> list[Path]:
    """Draw the five figures of a training run and save each as `folder`/NAME.png.

    The figures: accuracy and loss per epoch, sample predictions, the confusion matrix,
    the most confident mistakes. images: the (n, 28, 28) float32 test images in [0, 1]
    that `evaluation` scored. Returns the paths written.
    """
    folder = Path(folder)
    labels, probabilities = evaluation.labels, evaluation.probabilities
    drawings = {
        "accuracy": lambda: plot_history(history, "accuracy"),
        "loss": lambda: plot_history(history, "loss"),
        "sample_predictions": lambda: plot_sample_predictions(images, labels, probabilities),
        "confusion_matrix": lambda: plot_confusion_matrix(evaluation.confusion),
        "misclassified": lambda: plot_misclassified(
            images, labels, probabilities, worst_mistakes(labels, probabilities, 12)
        ),
    }
    saved = []
    for name, draw in drawings.items():
        fig = draw()
        saved.append(save_figure(fig, folder / f"{name}.png"))
        plt.close(fig)  # one at a time: a script draws these outside any notebook
    return saved


def save_figure(fig: Figure, path: str | os.PathLike) -> Path:
    """Write `fig` as PNG to `path` atomically: a temporary file renamed into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    try:
        fig.savefig(temporary, dpi=100, format=path.suffix.lstrip(".") or "png")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path
