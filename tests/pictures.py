"""Pictures the tests feed to the image reader: a drawn "7", MNIST as scans.

One definition of each, shared by the reader, fuzz, CLI and server tests.
"""

import io

from PIL import Image, ImageDraw


def draw_seven(
    mode="L",
    *,
    size=(120, 120),
    box=(25, 20, 95, 105),
    foot=None,
    width=10,
    light_background=True,
):
    """A "7" drawn with a pen: a top bar and a stroke down to its foot.

    ``box`` is (left, top, right, bottom); the stroke ends at x = ``foot``
    (default ``left``) on the bottom edge. Dark ink on white paper, or light
    ink on black with ``light_background=False``; in RGBA the paper is
    transparent.
    """
    background, ink = ("white", "black") if light_background else ("black", "white")
    if mode == "RGBA":
        background, ink = (0, 0, 0, 0), (20, 20, 20, 255)
    elif mode == "L":
        background, ink = (255, 0) if light_background else (0, 255)
    picture = Image.new(mode, size, background)
    left, top, right, bottom = box
    foot = left if foot is None else foot
    ImageDraw.Draw(picture).line(
        [(left, top), (right, top), (foot, bottom)], fill=ink, width=width
    )
    return picture


def png_bytes(picture):
    """The picture encoded as a PNG file's bytes."""
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def as_scan(image, side):
    """An MNIST image (white ink on black) as a user's scan: dark on white.

    Resized to ``side`` x ``side`` pixels, grayscale (mode "L").
    """
    return Image.fromarray(255 - image).resize((side, side))
