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

from digits.data import NUM_CLASSES

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
    ax.set_xticks(epochs)
    ax.grid(alpha=0.3)
    ax.legend()
    return fig


def plot_sample_predictions(
    images: np.ndarray, labels: np.ndarray, probabilities: np.ndarray, count: int = 25
) -> Figure:
    """A grid of the first `count` images titled "predicted (true)"; mistakes in red.

    images: (n, 28, 28) in [0, 1]; labels: (n,); probabilities: (n, 10).
    """
    count = min(count, len(images))
    columns = int(np.ceil(np.sqrt(count)))
    rows = int(np.ceil(count / columns))
    fig, axes = plt.subplots(rows, columns, figsize=(1.6 * columns, 1.8 * rows), squeeze=False)
    predictions = probabilities.argmax(axis=1)
    for index, ax in enumerate(axes.flat):
        ax.axis("off")
        if index >= count:
            continue
        right = predictions[index] == labels[index]
        ax.imshow(images[index], cmap="gray_r", vmin=0, vmax=1)
        mark = "" if right else " ✗"
        ax.set_title(
            f"{predictions[index]} ({labels[index]}){mark}",
            color=_RIGHT if right else _WRONG,
            fontsize=10,
        )
    fig.suptitle("Test images: predicted (true)")
    fig.tight_layout()
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
    count = len(indices)
    columns = min(count, 6) or 1
    rows = max(int(np.ceil(count / columns)), 1)
    fig, axes = plt.subplots(rows, columns, figsize=(2.0 * columns, 2.3 * rows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, index in zip(axes.flat, indices, strict=False):
        predicted = int(probabilities[index].argmax())
        true = int(labels[index])
        ax.imshow(images[index], cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(
            f"said {predicted} ({probabilities[index, predicted]:.0%})\n"
            f"true {true} ({probabilities[index, true]:.0%})",
            color=_WRONG,
            fontsize=9,
        )
    fig.suptitle("Most confident mistakes")
    fig.tight_layout()
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
