"""Measure a trained model on the test set: accuracy, confusion, precision, recall, mistakes.

Everything here works on plain NumPy arrays of labels and probabilities, so it is tested
without a model. The loss and the accuracy are the ones training uses (digits/model.py:
loss_function, accuracy_metric), so the test scores and the training log mean the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from digits.data import NUM_CLASSES


@dataclass(frozen=True)
class Evaluation:
    """What the model did on a labelled set of n images."""

    loss: float  # mean cross-entropy
    accuracy: float
    labels: np.ndarray  # (n,) true digits
    probabilities: np.ndarray  # (n, 10) float32, rows sum to 1
    confusion: np.ndarray  # (10, 10) int64, rows true digit, columns predicted

    @property
    def predictions(self) -> np.ndarray:
        """(n,) the most probable digit of each image."""
        return self.probabilities.argmax(axis=1)

    @property
    def precision(self) -> np.ndarray:
        """(10,) of the images called d, the share that are d (NaN if none were)."""
        return precision_recall(self.confusion)[0]

    @property
    def recall(self) -> np.ndarray:
        """(10,) of the images that are d, the share called d."""
        return precision_recall(self.confusion)[1]

    def report(self) -> str:
        """A small table: digit, precision, recall, count, for printing."""
        lines = ["digit  precision  recall  count"]
        counts = self.confusion.sum(axis=1)
        for digit in range(NUM_CLASSES):
            lines.append(
                f"{digit:>5}  {self.precision[digit]:>9.4f}  {self.recall[digit]:>6.4f}"
                f"  {counts[digit]:>5}"
            )
        return "\n".join(lines)


def evaluate_model(model, images: np.ndarray, labels: np.ndarray) -> Evaluation:
    """Predict `images` (n, 28, 28) float32 in [0, 1] with `model` and score against `labels`."""
    from digits.model import predict_digits

    return evaluate_probabilities(labels, predict_digits(model, images)[1])


def evaluate_probabilities(labels: np.ndarray, probabilities: np.ndarray) -> Evaluation:
    """Score predicted probabilities (n, 10) against true labels (n,)."""
    labels = np.asarray(labels).astype(np.int64)
    probabilities = np.asarray(probabilities, dtype=np.float32)
    if probabilities.shape != (len(labels), NUM_CLASSES):
        raise ValueError(f"probabilities {probabilities.shape}, expected ({len(labels)}, 10)")
    from digits.model import accuracy_metric, loss_function  # imports Keras: only when scoring

    accuracy = accuracy_metric()
    accuracy.update_state(labels, probabilities)
    predictions = probabilities.argmax(axis=1)
    return Evaluation(
        loss=float(loss_function()(labels, probabilities)),
        accuracy=float(accuracy.result()),
        labels=labels,
        probabilities=probabilities,
        confusion=confusion_matrix(labels, predictions),
    )


def confusion_matrix(labels: np.ndarray, predictions: np.ndarray) -> np.ndarray:
    """(10, 10) int64 counts: row = true digit, column = predicted digit."""
    labels = np.asarray(labels).astype(np.int64)
    predictions = np.asarray(predictions).astype(np.int64)
    flat = np.bincount(labels * NUM_CLASSES + predictions, minlength=NUM_CLASSES**2)
    return flat.reshape(NUM_CLASSES, NUM_CLASSES)


def precision_recall(confusion: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-digit precision (column-wise) and recall (row-wise); NaN where undefined."""
    confusion = np.asarray(confusion, dtype=np.float64)
    correct = np.diag(confusion)
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = correct / confusion.sum(axis=0)
        recall = correct / confusion.sum(axis=1)
    return precision, recall


def worst_mistakes(labels: np.ndarray, probabilities: np.ndarray, count: int) -> np.ndarray:
    """Indices of up to `count` misclassified images, most confidently wrong first."""
    labels = np.asarray(labels).astype(np.int64)
    predictions = probabilities.argmax(axis=1)
    wrong = np.flatnonzero(predictions != labels)
    confidence = probabilities[wrong, predictions[wrong]]
    # A stable sort keeps ties in index order, so the figure is the same on every run.
    return wrong[np.argsort(-confidence, kind="stable")][:count]
