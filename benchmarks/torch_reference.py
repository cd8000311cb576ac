"""The same MLP in plain PyTorch, as a yardstick for `python -m benchmarks.bench --torch-python`.

Flatten -> Linear(784, 128) -> ReLU -> Linear(128, 10), Adam with cosine decay, batch 128,
10 epochs, on the same 55,000 training images that `python -m digits train` uses (the
rest of the 60,000 is its validation split). Prints the test accuracy. Needs torch,
which the project itself does not: `pip install torch` in a venv of its own, plus numpy.

    MNIST_DIR=../shared/mnist python -m benchmarks.torch_reference    # from the project folder
"""

import time

import numpy as np
import torch

from digits.data import load_mnist, scale_pixels  # NumPy only, no TensorFlow

EPOCHS, BATCH, LEARNING_RATE, VALIDATION, SEED = 10, 128, 1e-3, 5000, 0


def main() -> None:
    start = time.perf_counter()
    torch.manual_seed(SEED)
    (x_train, y_train), (x_test, y_test) = load_mnist()
    order = np.random.default_rng(SEED).permutation(len(x_train))[VALIDATION:]
    x = torch.from_numpy(scale_pixels(x_train[order]).reshape(-1, 784))
    y = torch.from_numpy(y_train[order].astype(np.int64))
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    steps = EPOCHS * ((len(x) + BATCH - 1) // BATCH)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)
    loss_fn = torch.nn.CrossEntropyLoss()
    train_start = time.perf_counter()
    for _ in range(EPOCHS):
        for batch in torch.randperm(len(x)).split(BATCH):
            optimizer.zero_grad()
            loss_fn(model(x[batch]), y[batch]).backward()
            optimizer.step()
            schedule.step()
    train_seconds = time.perf_counter() - train_start
    with torch.no_grad():
        logits = model(torch.from_numpy(scale_pixels(x_test).reshape(-1, 784)))
    accuracy = (logits.argmax(1).numpy() == y_test).mean()
    print(f"torch training: {train_seconds:.2f} s")
    print(f"test accuracy: {accuracy:.4f}")
    print(f"process so far: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
