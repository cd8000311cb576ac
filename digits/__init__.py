"""digits: handwritten digit recognition on MNIST with a small Keras network.

The public functions are importable from here. They load lazily, so `import digits`
stays fast and pulls in TensorFlow only when a function that needs it is used.

No public name may be the name of a module of the package: importing a submodule binds
its name on the package, and `digits.train` would turn from the function into the module
the first time `digits.training` was imported (tests/test_init.py checks both).
"""

from importlib import import_module

_EXPORTS = {
    "DigitsError": "digits.errors",
    "load_mnist": "digits.data",
    "scale_pixels": "digits.data",
    "TrainConfig": "digits.config",
    "RECIPES": "digits.config",
    "build_model": "digits.model",
    "load_model": "digits.model",
    "save_model": "digits.model",
    "predict_digits": "digits.model",
    "train": "digits.training",
    "augment_examples": "digits.training",
    "evaluate_model": "digits.evaluate",
    "evaluate_probabilities": "digits.evaluate",
    "worst_mistakes": "digits.evaluate",
    "plot_training_digits": "digits.plots",
    "plot_history": "digits.plots",
    "plot_sample_predictions": "digits.plots",
    "plot_confusion_matrix": "digits.plots",
    "plot_misclassified": "digits.plots",
    "plot_own_digits": "digits.plots",
    "plot_numbers_read": "digits.plots",
    "plot_augmented": "digits.plots",
    "save_figure": "digits.plots",
    "save_figures": "digits.plots",
    "load_digit_image": "digits.images",
    "read_picture": "digits.images",
    "decode_image": "digits.images",
    "serve_in_background": "digits.serve",
    "read_number": "digits.reading",
    "DrawingPad": "digits.widget",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'digits' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name]), name)
    globals()[name] = value  # found once; later lookups do not come here
    return value


def __dir__() -> list[str]:
    return __all__
