import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from digits import plots
from digits.evaluate import confusion_matrix


def sample(count=30, seed=0):
    rng = np.random.default_rng(seed)
    images = rng.random((count, 28, 28), dtype=np.float32)
    labels = rng.integers(0, 10, count)
    probabilities = rng.dirichlet(np.ones(10), count).astype(np.float32)
    return images, labels, probabilities


def test_history_plot_has_training_and_validation_curves():
    history = {"accuracy": [0.9, 0.95], "val_accuracy": [0.91, 0.93]}
    fig = plots.plot_history(history, "accuracy")
    assert isinstance(fig, Figure)
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["training", "validation"]
    np.testing.assert_array_equal(lines[1].get_ydata(), [0.91, 0.93])


def test_history_plot_of_a_long_run_labels_a_few_epochs():
    fig = plots.plot_history({"loss": list(np.linspace(1, 0, 150))}, "loss")
    ticks = fig.axes[0].get_xticks()
    assert 3 <= len(ticks) <= 12
    np.testing.assert_array_equal(ticks, np.round(ticks))  # whole epochs only
    short = plots.plot_history({"loss": [1.0, 0.8, 0.5]}, "loss")
    np.testing.assert_array_equal(short.axes[0].get_xticks(), [1, 2, 3])


def test_sample_predictions_marks_mistakes_in_titles():
    images, labels, probabilities = sample()
    fig = plots.plot_sample_predictions(images, labels, probabilities, count=9)
    titles = [text.get_text() for text in fig.axes[0].texts]
    assert len(titles) == 9
    predicted = probabilities.argmax(axis=1)
    for index, title in enumerate(titles):
        assert title.startswith(f"{predicted[index]} ({labels[index]})")
        assert title.endswith("✗") == (predicted[index] != labels[index])


def test_confusion_matrix_plot_writes_every_count():
    confusion = confusion_matrix(np.array([0, 1, 1, 9]), np.array([0, 1, 2, 9]))
    fig = plots.plot_confusion_matrix(confusion)
    texts = [text.get_text() for text in fig.axes[0].texts]
    assert len(texts) == 100
    assert texts[1 * 10 + 2] == "1" and texts[9 * 10 + 9] == "1" and texts[5] == "0"


def test_misclassified_and_own_digit_plots():
    images, labels, probabilities = sample(8)
    fig = plots.plot_misclassified(images, labels, probabilities, np.arange(5))
    titles = [text.get_text() for text in fig.axes[0].texts]
    assert len(titles) == 5
    said = probabilities[2].argmax()
    assert titles[2].startswith(f"said {said} ({probabilities[2, said]:.0%})")
    assert titles[2].endswith(f"true {labels[2]} ({probabilities[2, labels[2]]:.0%})")
    originals = [np.zeros((40, 30)), np.zeros((20, 20, 3), dtype=np.uint8)]
    fig = plots.plot_own_digits(originals, images[:2], probabilities[:2], ["a.png", "b.jpg"])
    assert len(fig.axes) == 6
    assert fig.axes[0].get_title() == "a.png"


def test_augmented_plot_puts_each_digit_beside_its_copies():
    images, _, _ = sample(3)
    augmented = np.stack([images * 0.5, images * 0.25], axis=1)  # (3, 2, 28, 28)
    fig = plots.plot_augmented(images, augmented)
    ax = fig.axes[0]
    assert [text.get_text() for text in ax.texts] == ["original", "copy 1", "copy 2"]
    mosaic = np.ma.getdata(ax.images[0].get_array())
    cell = 28 + 4
    for row in range(3):
        top = 10 + row * cell
        for column, expected in enumerate([images[row], *augmented[row]]):
            left = column * cell + 2
            np.testing.assert_array_equal(mosaic[top : top + 28, left : left + 28], expected)
    assert mosaic.shape == (10 + 3 * cell, 3 * cell)


def test_save_figure_writes_a_png_atomically(tmp_path):
    fig = plots.plot_history({"loss": [1.0, 0.5]}, "loss")
    path = plots.save_figure(fig, tmp_path / "out" / "loss.png")
    assert [p.name for p in path.parent.iterdir()] == ["loss.png"]
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size[0] > 100
