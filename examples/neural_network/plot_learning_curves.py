"""
==================================================
MLP or CNN? Learning curves from ``history_``
==================================================

Every fitted :class:`~skmlkit.MNISTClassifier` keeps its per-epoch training
history in ``history_`` (a DataFrame). With ``validation_fraction`` set, each
epoch is also scored on held-out images. Here an MLP and a CNN train on the
same 5,000 images for 5 epochs; the CNN's convolutions (weights shared over
the image) reach a lower validation loss.
"""

# %%
import matplotlib.pyplot as plt

from skmlkit import MNISTClassifier
from skmlkit.datasets import fetch_mnist_or_digits

digits = fetch_mnist_or_digits(n_train=5_000, random_state=0)
print(digits.description)
X, y = digits.X_train, digits.y_train

common = {
    "max_epochs": 5,
    "batch_size": 128,
    "lr": 3e-3,
    "validation_fraction": 0.2,
    "augment": None,
    "random_state": 0,
}
models = {
    "MLP (256, 128)": MNISTClassifier(
        architecture="mlp", module__hidden_units=(256, 128), **common
    ),
    "CNN (16, 32)": MNISTClassifier(
        architecture="cnn", module__channels=(16, 32), **common
    ),
}
histories = {name: model.fit(X, y).history_ for name, model in models.items()}
histories["CNN (16, 32)"]

# %%
# Loss and accuracy per epoch
# ---------------------------
fig, (loss_ax, acc_ax) = plt.subplots(1, 2, figsize=(10, 4))
for (name, history), colour in zip(histories.items(), ["C0", "C1"], strict=True):
    loss_ax.plot(
        history["epoch"],
        history["train_loss"],
        "--",
        color=colour,
        label=f"{name} train",
    )
    loss_ax.plot(
        history["epoch"],
        history["valid_loss"],
        "-o",
        color=colour,
        label=f"{name} validation",
    )
    acc_ax.plot(history["epoch"], history["valid_acc"], "-o", color=colour, label=name)
loss_ax.set(xlabel="epoch", ylabel="cross-entropy", title="Loss")
acc_ax.set(xlabel="epoch", ylabel="validation accuracy", title="Accuracy")
loss_ax.legend()
acc_ax.legend()
fig.tight_layout()
plt.show()

# %%
# Time per epoch is in the ``dur`` column: the CNN costs more per epoch.
for name, history in histories.items():
    print(
        f"{name}: {history['dur'].mean():.2f} s/epoch, "
        f"final validation accuracy {history['valid_acc'].iloc[-1]:.2%}"
    )
