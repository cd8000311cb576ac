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


def mosaic_of(fig):
    """The array drawn in the figure's single image grid."""
    return np.ma.filled(fig.axes[0].images[0].get_array(), np.nan)


def cells(mosaic):
    """The 28x28 images tiled in a mosaic, in reading order: (n, 28, 28)."""
    found = []
    rows = np.flatnonzero(~np.isnan(mosaic).all(axis=1))
    columns = np.flatnonzero(~np.isnan(mosaic).all(axis=0))
    for top in rows[np.diff(rows, prepend=-2) > 1]:
        for left in columns[np.diff(columns, prepend=-2) > 1]:
            cell = mosaic[top : top + 28, left : left + 28]
            if cell.shape == (28, 28) and not np.isnan(cell).any():
                found.append(cell)
    return np.array(found)


def test_misclassified_plot_shows_the_chosen_images_with_both_answers():
    images, labels, probabilities = sample(8)
    fig = plots.plot_misclassified(images, labels, probabilities, np.array([5, 2, 7]))
    titles = [text.get_text() for text in fig.axes[0].texts]
    assert len(titles) == 3
    said = probabilities[2].argmax()
    assert titles[1].startswith(f"said {said} ({probabilities[2, said]:.0%})")
    assert titles[1].endswith(f"true {labels[2]} ({probabilities[2, labels[2]]:.0%})")
    np.testing.assert_array_equal(cells(mosaic_of(fig)), images[[5, 2, 7]])


def test_training_digits_are_shown_with_their_labels():
    images = np.random.default_rng(3).integers(0, 256, (12, 28, 28)).astype(np.uint8)
    labels = np.arange(12) % 10
    fig = plots.plot_training_digits(images, labels, count=9)
    assert [text.get_text() for text in fig.axes[0].texts] == [str(d) for d in labels[:9]]
    np.testing.assert_allclose(cells(mosaic_of(fig)), images[:9] / 255.0, atol=1e-6)


def test_own_digit_plot_shows_the_picture_what_the_model_saw_and_the_odds():
    images, _, probabilities = sample(2)
    originals = [np.zeros((40, 30)), np.full((20, 20, 3), 200, dtype=np.uint8)]
    fig = plots.plot_own_digits(originals, images, probabilities, ["a.png", "b.jpg"])
    assert len(fig.axes) == 6
    for row in range(2):
        photo, seen, bars = fig.axes[3 * row : 3 * row + 3]
        np.testing.assert_array_equal(photo.images[0].get_array(), originals[row])
        np.testing.assert_array_equal(seen.images[0].get_array(), images[row])
        heights = [patch.get_height() for patch in bars.patches]
        np.testing.assert_allclose(heights, probabilities[row])
        best = probabilities[row].argmax()
        assert bars.get_title() == f"{best} ({probabilities[row, best]:.0%})"
    assert [fig.axes[i].get_title() for i in (0, 3)] == ["a.png", "b.jpg"]


def test_save_figures_writes_the_five_figures_of_a_run(tmp_path):
    from digits.evaluate import Evaluation

    images, labels, probabilities = sample(30)
    predictions = probabilities.argmax(axis=1)
    evaluation = Evaluation(
        loss=1.0,
        accuracy=float((predictions == labels).mean()),
        labels=labels,
        probabilities=probabilities,
        confusion=confusion_matrix(labels, predictions),
    )
    history = {"loss": [1.0, 0.5], "accuracy": [0.5, 0.7]}
    saved = plots.save_figures(history, images, evaluation, tmp_path / "figures")
    names = ["accuracy", "loss", "sample_predictions", "confusion_matrix", "misclassified"]
    assert [path.name for path in saved] == [f"{name}.png" for name in names]
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == sorted(
        f"{name}.png" for name in names
    )
    for path in saved:
        with Image.open(path) as image:
            assert image.format == "PNG"


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
