"""
=====================================
Reading whole numbers
=====================================

:func:`skmlkit.images.read_number` reads a picture of several digits, such
as a house number or a form field: it splits the ink into connected
components left to right, merges the pieces of one digit (a 5's detached
cap, a broken pencil stroke), cuts components too wide for one digit
(touching digits) where the classifier reads the pieces best, normalises
each digit like MNIST and classifies it, with ``?`` where the classifier
abstains. Here we compose numbers from test digits the model never saw.
"""

# %%
# The packaged classifier, and numbers made of digits it has not seen
# -------------------------------------------------------------------
# :func:`skmlkit.load_pretrained` returns the model shipped with skmlkit
# (trained on MNIST's training digits); the numbers are made of test digits.
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from skmlkit import load_pretrained
from skmlkit.datasets import fetch_mnist_or_digits, make_number_images
from skmlkit.images import read_number

digits = fetch_mnist_or_digits(n_train=100, n_test=2_000, random_state=0)
print(digits.description)
clf = load_pretrained()

gaps = make_number_images(
    digits.X_test, digits.y_test, n_samples=30, n_digits=4, random_state=0
)
touching = make_number_images(
    digits.X_test,
    digits.y_test,
    n_samples=30,
    n_digits=4,
    spacing="touching",
    random_state=0,
)

# %%
# Read them
# ---------
for name, data in (("with gaps", gaps), ("touching", touching)):
    readings = [read_number(image, clf) for image in data.images]
    exact = np.mean([r.text == n for r, n in zip(readings, data.numbers, strict=True)])
    print(f"4-digit numbers {name}: {exact:.0%} read exactly")

# %%
# What it found
# -------------
# Each box is a digit as split; red where the classifier abstained.
fig, axes = plt.subplots(4, 1, figsize=(6, 7))
images = gaps.images[:2] + touching.images[:2]
numbers = gaps.numbers[:2] + touching.numbers[:2]
for ax, image, number in zip(axes, images, numbers, strict=True):
    reading = read_number(image, clf)
    ax.imshow(image, cmap="gray")
    for (left, top, right, bottom), rejected in zip(
        reading.boxes, reading.rejected, strict=True
    ):
        colour = "red" if rejected else "tab:blue"
        ax.add_patch(
            Rectangle((left, top), right - left, bottom - top, fill=False, color=colour)
        )
    ax.set_title(f"written {number}, read {reading.text}", fontsize=10)
    ax.set_axis_off()
fig.tight_layout()
plt.show()

# %%
# From the command line, with a saved model::
#
#     skmlkit predict digits.skmlkit --number house_number.jpg form_field.png
