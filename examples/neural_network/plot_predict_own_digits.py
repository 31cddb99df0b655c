"""
==================================
Predict your own digit images
==================================

:func:`skmlkit.images.read_digit_images` turns photos, scans or drawings of
single digits into MNIST-style 28 x 28 images: grayscale, inverted when the
ink is dark on a light background, cropped to the ink, fitted into 20 x 20
keeping the aspect ratio and centred by centre of mass, exactly the way MNIST
was made. Here we draw digits the way a user's files might look (large,
off-centre, coloured ink, light or dark paper, transparency) and let a
classifier read them.
"""

# %%
# Draw some "user" images
# -----------------------
# Strokes drawn with Pillow, saved as PNG and JPEG files of different sizes.
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from PIL import Image, ImageDraw

folder = Path(tempfile.mkdtemp())
STROKES = {  # polylines on a 100 x 140 canvas, roughly how people write
    0: [
        [
            (50, 15),
            (20, 40),
            (15, 90),
            (40, 125),
            (70, 120),
            (85, 80),
            (80, 35),
            (50, 15),
        ]
    ],
    1: [[(35, 35), (55, 15), (55, 125)]],
    2: [[(20, 40), (45, 15), (75, 25), (75, 55), (20, 125), (85, 125)]],
    3: [[(20, 25), (75, 20), (45, 65), (80, 85), (65, 120), (20, 115)]],
    4: [[(60, 125), (60, 15), (15, 90), (85, 90)]],
    5: [[(80, 15), (30, 15), (25, 60), (70, 60), (80, 100), (55, 125), (20, 115)]],
    6: [[(70, 15), (30, 60), (20, 100), (45, 125), (75, 105), (65, 75), (25, 85)]],
    7: [[(15, 20), (85, 20), (40, 125)], [(35, 70), (70, 70)]],
    8: [
        [
            (50, 65),
            (25, 40),
            (50, 15),
            (75, 40),
            (50, 65),
            (20, 95),
            (50, 125),
            (80, 95),
            (50, 65),
        ]
    ],
    9: [[(75, 40), (50, 15), (25, 40), (50, 65), (75, 40), (70, 125)]],
}
styles = [  # (paper, ink, size, format)
    ("white", "black", (100, 140), "PNG"),
    ("black", "white", (200, 280), "PNG"),
    ("#f4ecd8", "navy", (300, 420), "JPEG"),
    ((0, 0, 0, 0), (200, 0, 0, 255), (100, 140), "PNG"),
]
paths = []
for digit, lines in STROKES.items():
    paper, ink, size, fmt = styles[digit % len(styles)]
    mode = "RGBA" if len(paper) == 4 else "RGB"
    canvas = Image.new(mode, (100, 140), paper)
    draw = ImageDraw.Draw(canvas)
    for line in lines:
        draw.line(line, fill=ink, width=11, joint="curve")
    # Off-centre on a larger page, like a photo of a sheet of paper.
    page = Image.new(mode, (160, 180), paper)
    page.paste(canvas, (40 if digit % 2 else 10, 20))
    path = folder / f"digit_{digit}.{fmt.lower()}"
    page.resize(size).save(path, format=fmt)
    paths.append(path)

# %%
# Read and normalise them
# -----------------------
from skmlkit.images import read_digit_image, read_digit_images

fig, axes = plt.subplots(2, 10, figsize=(12, 3))
for path, top, bottom in zip(paths, axes[0], axes[1], strict=True):
    with Image.open(path) as original:
        top.imshow(original)
    bottom.imshow(read_digit_image(path), cmap="gray")
    top.set_title(path.suffix[1:])
    for ax in (top, bottom):
        ax.set_axis_off()
axes[0, 0].text(-40, 70, "file", rotation=90)
axes[1, 0].text(-15, 14, "MNIST-style", rotation=90)
plt.show()

# %%
# Predict
# -------
# The model packaged with skmlkit (:func:`skmlkit.load_pretrained`): the
# ``robust`` preset trained on MNIST's 60,000 training digits. Its
# augmentation varies pens, slants, widths, blur and scans, and it predicts
# with test-time augmentation, so it reads other people's digits far better
# than a model trained on MNIST as it is. No training needed.

from skmlkit import load_pretrained

clf = load_pretrained()

X_own = read_digit_images(paths)
proba = clf.predict_proba(X_own)
for path, row in zip(paths, proba, strict=True):
    best = np.argmax(row)
    print(f"{path.name:<14} -> {clf.classes_[best]}  (p={row[best]:.2f})")

# %%
# The same from the command line, with the packaged model or a model you
# trained::
#
#     skmlkit predict my_digit.png another.jpg
#     skmlkit mnist train -o digits.skmlkit        # the robust preset
#     skmlkit predict digits.skmlkit my_digit.png another.jpg
