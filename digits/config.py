"""Training settings: frozen dataclasses, and the named recipes built from them.

Kept apart from digits/training.py so that reading them (the command line's --help, say)
does not import TensorFlow.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

NETWORKS = ("mlp", "cnn")


@dataclass(frozen=True)
class TrainConfig:
    """Everything that decides a training run. The defaults are the default recipe."""

    epochs: int = 10
    batch_size: int = 128
    learning_rate: float = 4e-3  # the peak; cosine decay takes it to 0 by the last step
    schedule: str = "cosine"  # or "constant"
    validation_size: int = 5000  # images held out of the 60,000 to watch for overfitting
    augment: bool = False  # random shifts of up to `max_shift` pixels while training
    max_shift: int = 2
    # With augment on, a nonzero rotation (degrees), zoom (fraction of the size) or elastic
    # turns the whole-pixel shifts into random warps: rotation, scale, sub-pixel shift, bend.
    rotation: float = 0.0
    zoom: float = 0.0
    elastic: float = 0.0  # pixels: random smooth bends of the warped digits
    clean_epochs: int = 0  # the last epochs (up to all) train on the images as they are
    # Extra training copies, this share of the training images, each with slivers of the
    # digits beside it as a digit cut from among others shows them (digits/neighbours.py).
    neighbours: float = 0.0
    # "mlp": the lesson's network (digits.model.build_model); "cnn": the reader's small
    # convolutional network (digits.model.build_reader).
    network: str = "mlp"
    # Copies per epoch of the real handwriting (digits/handwriting.py) added to MNIST's
    # training digits; 0 trains on MNIST alone. Each copy is warped anew when augmenting.
    handwriting: int = 0
    seed: int = 0

    def __post_init__(self) -> None:
        if self.epochs < 1:
            raise ValueError(f"epochs must be at least 1, got {self.epochs}")
        if self.batch_size < 1:
            raise ValueError(f"batch size must be at least 1, got {self.batch_size}")
        if not self.learning_rate > 0:
            raise ValueError(f"learning rate must be positive, got {self.learning_rate}")
        if self.schedule not in ("cosine", "constant"):
            raise ValueError(f"schedule must be cosine or constant, got {self.schedule!r}")
        if self.validation_size < 0:
            raise ValueError(f"validation size must be >= 0, got {self.validation_size}")
        if not 0 <= self.max_shift <= 4:
            raise ValueError(f"max shift must be 0-4 pixels, got {self.max_shift}")
        if not 0 <= self.rotation <= 45:
            raise ValueError(f"rotation must be 0-45 degrees, got {self.rotation}")
        if not 0 <= self.zoom < 0.5:
            raise ValueError(f"zoom must be at least 0 and below 0.5, got {self.zoom}")
        if not 0 <= self.elastic <= 4:
            raise ValueError(f"elastic must be 0-4 pixels, got {self.elastic}")
        if not 0 <= self.neighbours <= 1:
            raise ValueError(f"neighbours must be a share from 0 to 1, got {self.neighbours}")
        if self.network not in NETWORKS:
            raise ValueError(f"network must be one of {', '.join(NETWORKS)}, got {self.network!r}")
        if not 0 <= self.handwriting <= 10:
            raise ValueError(f"handwriting copies must be 0-10, got {self.handwriting}")
        if self.clean_epochs < 0:
            raise ValueError(f"clean epochs must be >= 0, got {self.clean_epochs}")
        if self.augment and self.clean_epochs >= self.epochs:
            raise ValueError(
                f"{self.epochs} epochs with the last {self.clean_epochs} clean would augment"
                " none: train for more epochs"
            )

    @property
    def warps(self) -> bool:
        """True when augmentation is an affine warp rather than whole-pixel shifts."""
        return self.rotation > 0 or self.zoom > 0 or self.elastic > 0

    def describe(self) -> str:
        return ", ".join(f"{key}={value}" for key, value in asdict(self).items())


RECIPES = {
    # What the project started from: Keras' defaults. Kept to measure against.
    "seed": TrainConfig(batch_size=32, learning_rate=1e-3, schedule="constant"),
    "default": TrainConfig(),
    # Longer, with shifted copies of the digits: the same network generalises better.
    "shift": TrainConfig(epochs=40, augment=True),
    # Much longer, on randomly rotated, scaled, shifted and bent copies, then 10 epochs on
    # the digits as they are; all 60,000 training images, none held out.
    "best": TrainConfig(
        epochs=120,
        learning_rate=2e-3,
        validation_size=0,
        augment=True,
        rotation=10.0,
        zoom=0.1,
        elastic=1.5,
        clean_epochs=10,
    ),
}
# The reader that ships (digits/reader.keras): a small CNN with the best recipe's warps,
# trained on MNIST and on real handwriting (CVL's training writers and the training
# amounts' digits, four copies each epoch), with half as many copies again of MNIST's
# digits with slivers of their neighbours, as digits cut from among others show them.
RECIPES["reader"] = replace(
    RECIPES["best"], epochs=20, clean_epochs=2, neighbours=0.5, network="cnn", handwriting=4
)


def with_options(config: TrainConfig, **changes) -> TrainConfig:
    """`config` with the given fields changed, skipping those left as None."""
    return replace(config, **{key: value for key, value in changes.items() if value is not None})


# The line reader (digits/line_reader.py, `python -m digits train-lines`).
MAX_DIGITS = 8  # the most digits a training line carries


@dataclass(frozen=True)
class LineConfig:
    """How the line reader is trained; the defaults remake digits/lines.keras."""

    epochs: int = 10
    composed: int = 12_000  # composed lines per epoch
    real_copies: int = 4  # roughened copies of each real amount's line per epoch
    batch_size: int = 64
    learning_rate: float = 1e-3
    clip_norm: float = 1.0
    seed: int = 0
    # Where a composed line's digits come from, one share per pool: MNIST, CVL train, the
    # amounts' digits (digits.line_training.load_sources).
    odds: tuple[float, ...] = (0.35, 0.3, 0.35)

    def __post_init__(self) -> None:
        for name in ("epochs", "composed", "batch_size"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.real_copies < 0:
            raise ValueError(f"real_copies must be 0 or more, got {self.real_copies}")
