"""examples/make_figures.py: the README's figures, remade on purpose."""

import pytest


@pytest.mark.integration
def test_make_figures_writes_the_readme_figures_where_it_is_told(
    mnist_dir, cvl_dir, realnumbers_dir, tmp_path, capsys
):
    from PIL import Image

    from examples import make_figures

    written = make_figures.main(["--out", str(tmp_path)])
    names = sorted(path.name for path in tmp_path.iterdir())
    assert (
        names
        == sorted(path.name for path in written)
        == [
            "accuracy.png",
            "augmented.png",
            "confusion_matrix.png",
            "loss.png",
            "misclassified.png",
            "own_digits.png",
            "real_amounts.png",
            "real_writing.png",
            "sample_predictions.png",
        ]
    )
    for path in written:
        with Image.open(path) as image:
            assert image.format == "PNG" and min(image.size) > 200
    assert capsys.readouterr().out.count("wrote ") == 9
