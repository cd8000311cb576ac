"""digits/images/__init__.py: the package's names, and no model in the picture code."""

import subprocess
import sys

import pytest

from digits.reading import read_number, read_number_picture


def test_the_picture_code_never_imports_the_model():
    # Every module of digits.images imported and a number read: no TensorFlow, no Keras.
    script = (
        "import pkgutil, sys, importlib, numpy as np\n"
        "import digits.images\n"
        "for module in pkgutil.iter_modules(digits.images.__path__):\n"
        "    importlib.import_module(f'digits.images.{module.name}')\n"
        "ink = np.ones((120, 200), np.float32)\n"
        "ink[30:80, 40:64] = ink[30:80, 100:124] = 0.0\n"
        "assert digits.images.number_lines(ink).shape == (1, 32, 256)\n"
        "loaded = [name for name in sys.modules if name.split('.')[0] in\n"
        "          ('tensorflow', 'keras', 'torch', 'jax') or name in\n"
        "          ('digits.model', 'digits.backend', 'digits.reading')]\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_read_number_is_still_found_in_digits_images():
    import digits.images

    assert digits.images.read_number is read_number
    assert digits.images.read_number_picture is read_number_picture
    with pytest.raises(AttributeError, match="no_such_function"):
        digits.images.no_such_function  # noqa: B018


def test_no_public_name_is_the_name_of_a_module():
    # Importing digits.images.X binds X on the package: a public name X would become the
    # module (as in digits/__init__.py).
    import pkgutil

    import digits.images

    modules = {module.name for module in pkgutil.iter_modules(digits.images.__path__)}
    assert not set(digits.images.__all__) & modules
    assert {"decode_image", "read_digit", "load_digit_image", "read_picture"} <= set(
        digits.images.__all__
    )
