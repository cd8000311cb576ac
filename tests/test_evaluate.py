import numpy as np
import pytest

from digits.evaluate import (
    confusion_matrix,
    evaluate_probabilities,
    precision_recall,
    worst_mistakes,
)


def one_hot_probabilities(predictions, confidence=0.9):
    probabilities = np.full((len(predictions), 10), (1 - confidence) / 9, dtype=np.float32)
    probabilities[np.arange(len(predictions)), predictions] = confidence
    return probabilities


def test_confusion_matrix_counts_rows_true_columns_predicted():
    confusion = confusion_matrix(np.array([0, 0, 1, 2]), np.array([0, 1, 1, 1]))
    assert confusion.shape == (10, 10)
    assert confusion[0, 0] == 1 and confusion[0, 1] == 1
    assert confusion[1, 1] == 1 and confusion[2, 1] == 1
    assert confusion.sum() == 4


def test_precision_and_recall():
    confusion = confusion_matrix(np.array([0, 0, 1, 2]), np.array([0, 1, 1, 1]))
    precision, recall = precision_recall(confusion)
    assert precision[0] == 1.0 and precision[1] == pytest.approx(1 / 3)
    assert recall[0] == 0.5 and recall[1] == 1.0 and recall[2] == 0.0
    assert np.isnan(precision[5]) and np.isnan(recall[5])


def test_evaluate_probabilities_loss_and_accuracy():
    labels = np.array([3, 4, 5, 6])
    probabilities = one_hot_probabilities(np.array([3, 4, 5, 7]), confidence=0.8)
    result = evaluate_probabilities(labels, probabilities)
    assert result.accuracy == 0.75
    expected_loss = -(3 * np.log(0.8) + np.log(0.2 / 9)) / 4
    assert result.loss == pytest.approx(expected_loss, rel=1e-5)
    assert result.predictions.tolist() == [3, 4, 5, 7]


def test_report_has_a_row_of_precision_recall_and_count_per_digit():
    # True 0, 0, 1, 2 read as 0, 1, 1, 1: digit 1 is called three times, once rightly.
    labels = np.array([0, 0, 1, 2])
    result = evaluate_probabilities(labels, one_hot_probabilities(np.array([0, 1, 1, 1])))
    lines = result.report().splitlines()
    assert lines[0].split() == ["digit", "precision", "recall", "count"]
    rows = {int(line.split()[0]): line.split()[1:] for line in lines[1:]}
    assert sorted(rows) == list(range(10))
    assert rows[0] == ["1.0000", "0.5000", "2"]
    assert rows[1] == ["0.3333", "1.0000", "1"]
    assert rows[2] == ["nan", "0.0000", "1"]
    assert rows[7] == ["nan", "nan", "0"]


def test_worst_mistakes_most_confident_first():
    labels = np.array([1, 1, 1, 1])
    probabilities = one_hot_probabilities(np.array([1, 2, 3, 4]))
    probabilities[2] = one_hot_probabilities(np.array([3]), confidence=0.99)[0]
    assert worst_mistakes(labels, probabilities, 5).tolist() == [2, 1, 3]
    assert worst_mistakes(labels, probabilities, 1).tolist() == [2]
