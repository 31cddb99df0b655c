"""
=====================================
Saying "not a digit"
=====================================

A digit classifier answers every picture with one of its ten classes, and
often with full confidence: a letter, a scribble or a patch of texture gets
"8 (p=1.00)". :meth:`MNISTClassifier.predict_reject
<skmlkit.neural_network.MNISTClassifier.predict_reject>` says where it
should abstain instead, through two gates: "not like the digits it knows"
(the network's features lie farther from every class than those of nearly
all held-out digits, even of digits under the training augmentation) and
"not sure" (the margin between the two most probable classes is smaller
than for nearly all held-out digits). The ``robust`` preset also trains
with outlier exposure: non-digits made from the training batches, whose
outputs are pushed towards uniform, so that the network is unsure of what
is not a digit. Here we train it, then compare the rejection score of
held-out digits with that of pictures that are not digits, made offline by
:func:`skmlkit.datasets.make_non_digit_images`.
"""

# %%
# Train briefly, and keep digits it has not seen
# ----------------------------------------------
import matplotlib.pyplot as plt
import numpy as np

from skmlkit import MNISTClassifier
from skmlkit.datasets import fetch_mnist_or_digits, make_non_digit_images
from skmlkit.images import read_digit_image

digits = fetch_mnist_or_digits(n_train=6_000, n_test=2_000, random_state=0)
print(digits.description)
clf = MNISTClassifier.preset("robust", max_epochs=4, random_state=0)
clf.fit(digits.X_train, digits.y_train)
print(f"calibrated on {clf.abstention_.calibrated_on} rows")

# %%
# Pictures that are not digits
# ----------------------------
# Letters and symbols from fonts (without the digit-like O, I, l, S, Z...),
# random scribbles, blank pages, noise and textures, on paper of 28 to 200
# pixels. A blank page is refused by the reader itself ("no digit found").
others = make_non_digit_images(n_samples=90, random_state=1)
rows, kinds, pictures = [], [], []
for image, kind in zip(others.images, others.kind, strict=True):
    try:
        digit, picture = read_digit_image(image, return_original=True)
        rows.append(digit.ravel())
        kinds.append(kind)
        pictures.append(picture)
    except ValueError:
        pass  # blank: nothing to classify
X_other, kinds = np.array(rows), np.array(kinds)
print(f"{len(others.images) - len(rows)} blank pictures refused by the reader")

# %%
# The rejection score
# -------------------
# ``reject_score`` is one minus the combined p-value of a picture's two
# gates against the held-out digits: near 0 for typical digits read with a
# clear margin, near 1 for pictures unlike any of them or read with
# hesitation. ``reject_reason`` says which gate decided.
score_digits = clf.reject_score(digits.X_test)
score_other = clf.reject_score(X_other)
proba_digits = clf.predict_proba(digits.X_test).max(axis=1)
proba_other = clf.predict_proba(X_other).max(axis=1)

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.5))
bins = np.linspace(0, 1, 41)
left.hist(score_digits, bins=bins, alpha=0.6, density=True, label="test digits")
left.hist(score_other, bins=bins, alpha=0.6, density=True, label="not digits")
left.set_xlabel("reject_score")
left.legend()
right.hist(proba_digits, bins=bins, alpha=0.6, density=True, label="test digits")
right.hist(proba_other, bins=bins, alpha=0.6, density=True, label="not digits")
right.set_xlabel("highest class probability")
right.legend()
fig.tight_layout()
plt.show()

# %%
# The curve: what each ``reject_rate`` costs
# ------------------------------------------
# ``reject_rate`` (default 1%) is the share of held-out digits the
# calibration rejects; it can be changed after ``fit``. New digits are
# rejected somewhat more often than on the calibration rows.
rates = [0.0025, 0.005, 0.01, 0.02, 0.05, 0.1]
kept, caught = [], []
for rate in rates:
    clf.set_params(reject_rate=rate)
    kept.append(clf.predict_reject(digits.X_test).mean())
    caught.append(clf.predict_reject(X_other).mean())
clf.set_params(reject_rate=0.01)
fig, ax = plt.subplots(figsize=(5, 3.5))
ax.plot(kept, caught, "o-")
for rate, x, y in zip(rates, kept, caught, strict=True):
    ax.annotate(f"{rate:.2%}", (x, y), textcoords="offset points", xytext=(5, -10))
ax.set_xlabel("test digits rejected")
ax.set_ylabel("non-digits rejected")
ax.set_xscale("log")
fig.tight_layout()
plt.show()

reasons = clf.reject_reason(X_other)
for kind in np.unique(kinds):
    mine = reasons[kinds == kind]
    print(
        f"{kind:<10} rejected: {np.mean(mine != None):.0%}"  # noqa: E711
        f" (unlike: {np.mean(mine == 'unlike'):.0%},"
        f" unsure: {np.mean(mine == 'unsure'):.0%})"
    )

# %%
# What the model saw
# ------------------
# :class:`skmlkit.plotting.DigitReadingsDisplay` shows pictures, the 28 x 28
# images the model saw and its top-3 probabilities, in red where it
# abstains (``skmlkit predict --show`` draws the same for files).
from skmlkit.plotting import DigitReadingsDisplay

chosen = [np.flatnonzero(kinds == kind)[0] for kind in ("letters", "textures")]
shown = np.vstack([digits.X_test[:2], X_other[chosen]])
originals = [255 - row.reshape(28, 28) for row in digits.X_test[:2]]
originals += [pictures[i] for i in chosen]
DigitReadingsDisplay.from_estimator(clf, originals, shown)
plt.show()
