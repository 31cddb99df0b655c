"""Read image files of handwritten digits and normalise them like MNIST.

MNIST digits are white ink on black, size-normalised to fit a 20 x 20 box
(aspect ratio kept) and centred by centre of mass in a 28 x 28 image. The
functions here apply the same steps to any picture of a single digit: a
photo or scan of any size, colour or grayscale, dark-on-light or
light-on-dark, with switchable steps for what photos and scans add
(shadows, ruled lines, specks). Pillow (the ``images`` extra) is imported
when needed.
"""

from ..exceptions import ImageTooLargeError
from ._normalize import (
    MNIST_STROKE_WIDTH,
    NORMALIZATION_DEFAULTS,
    NORMALIZATION_STEPS,
    normalize_digit,
    stroke_width_of,
)
from ._number import read_number
from ._read import MAX_PIXELS, read_digit_image, read_digit_images

__all__ = [
    "MAX_PIXELS",
    "MNIST_STROKE_WIDTH",
    "NORMALIZATION_DEFAULTS",
    "NORMALIZATION_STEPS",
    "ImageTooLargeError",
    "normalize_digit",
    "read_digit_image",
    "read_digit_images",
    "read_number",
    "stroke_width_of",
]
