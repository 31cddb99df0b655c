"""The MNIST database of handwritten digits."""

import hashlib
import os

import numpy as np
from sklearn.utils import Bunch
from sklearn.utils._param_validation import StrOptions, validate_params

from ._fetch import fetch_verified
from ._idx import parse_idx, read_idx_bytes

# Public mirrors, tried in order. Module-level so that tests (and users behind
# a proxy or with an internal mirror) can point them elsewhere.
MNIST_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)

# MD5 of the *uncompressed* IDX content: identical for every gzip wrapper.
MNIST_FILES = {
    "train-images-idx3-ubyte": "6bbc9ace898e44ae57da46a324031adb",
    "train-labels-idx1-ubyte": "a25bea736e30d166cdddb491f175f624",
    "t10k-images-idx3-ubyte": "2646ac647ad5339dbf082846283269ea",
    "t10k-labels-idx1-ubyte": "27ae3e4e09519cfbb04c329615203637",
}
SUBSETS = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
FEATURE_NAMES = [f"pixel{i}" for i in range(1, 785)]

DESCR = """\
.. _mnist_dataset:

MNIST handwritten digits
------------------------

70,000 grayscale images of handwritten digits 0-9, 28x28 pixels, values 0
(background) to 255 (ink): 60,000 for training ("train") and 10,000 for
testing ("test"), written by different people. The digits were size-normalised
into a 20x20 box and centred by centre of mass in the 28x28 image.

=================   =====================
Classes                                10
Samples total                       70000
Dimensionality                 784 (28x28)
Features               integers 0 to 255
=================   =====================

Source: Y. LeCun, C. Cortes and C. J. C. Burges, "The MNIST database of
handwritten digits". Files are read from the skmlkit data home and verified
against the MD5 of their uncompressed content.
"""


def mnist_verifier(stem):
    """Return a function that checks one MNIST file by its content MD5.

    The function returns the file's parsed IDX array.
    """
    expected = MNIST_FILES[stem]

    def verify(path):
        content = read_idx_bytes(path)
        digest = hashlib.md5(content, usedforsecurity=False).hexdigest()
        if digest != expected:
            raise ValueError(
                f"{path.name} fails its checksum (MD5 of the content {digest}, "
                f"expected {expected}): the file is corrupt or truncated."
            )
        return parse_idx(content, name=path.name)

    return verify


def _load_verified(stem, data_home, download_if_missing):
    """Return the parsed IDX array of one MNIST file, verified by content MD5."""
    return fetch_verified(
        f"{stem}.gz",
        subdir="mnist",
        urls=[f"{mirror}{stem}.gz" for mirror in MNIST_MIRRORS],
        verify=mnist_verifier(stem),
        data_home=data_home,
        download_if_missing=download_if_missing,
        alternatives=(stem,),
    )


@validate_params(
    {
        "subset": [StrOptions({"train", "test", "all"})],
        "data_home": [None, str, os.PathLike],
        "download_if_missing": ["boolean"],
        "return_X_y": ["boolean"],
        "as_frame": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def fetch_mnist(
    *,
    subset="train",
    data_home=None,
    download_if_missing=True,
    return_X_y=False,
    as_frame=False,
):
    """Load the MNIST handwritten digits (classification).

    Reads the four standard IDX files (gzipped or raw) from the ``mnist``
    folder of the data home; when they are missing and downloading is
    allowed, fetches them from public mirrors in turn. Every file is checked
    against the MD5 of its uncompressed content: a corrupt or truncated file
    is reported and never used.

    =================   =====================
    Classes                                10
    Samples (train)                     60000
    Samples (test)                      10000
    Dimensionality                        784
    Features               integers 0 to 255
    =================   =====================

    Parameters
    ----------
    subset : {"train", "test", "all"}, default="train"
        Which part to load; ``"all"`` is the 60,000 training images followed
        by the 10,000 test images.
    data_home : str or path-like, default=None
        Data home; see :func:`get_data_home`.
    download_if_missing : bool, default=True
        If False, raise an error instead of downloading missing files.
    return_X_y : bool, default=False
        If True, return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=False
        If True, ``data`` is a pandas DataFrame with columns ``pixel1`` to
        ``pixel784``, ``target`` a Series named ``"class"`` and the Bunch
        has a ``frame`` holding both.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        Dictionary-like object with the attributes:

        data : ndarray of shape (n_samples, 784), dtype uint8, or DataFrame
            Flattened images, row-major.
        target : ndarray of shape (n_samples,), dtype int64, or Series
            Digit labels 0-9.
        images : ndarray of shape (n_samples, 28, 28), dtype uint8
            The same pixels as images (a view of ``data`` when it is an
            array).
        feature_names : list of str
            ``["pixel1", ..., "pixel784"]``.
        target_names : ndarray of shape (10,)
            The digits 0-9.
        frame : DataFrame of shape (n_samples, 785)
            Only present when ``as_frame=True``.
        DESCR : str
            Description of the data set.

    (data, target) : tuple if ``return_X_y`` is True

    Raises
    ------
    ValueError
        If ``subset`` is unknown, or a file is corrupt and cannot be replaced.
    FileNotFoundError
        If files are missing and ``download_if_missing=False``.
    OSError
        If no mirror gave a valid file.

    Examples
    --------
    >>> from skmlkit.datasets import fetch_mnist
    >>> mnist = fetch_mnist(subset="test")
    >>> mnist.data.shape, mnist.data.dtype, mnist.images.shape
    ((10000, 784), dtype('uint8'), (10000, 28, 28))
    >>> mnist.target[:5]
    array([7, 2, 1, 0, 4])
    """
    parts = ["train", "test"] if subset == "all" else [subset]
    images, labels = [], []
    for part in parts:
        image_stem, label_stem = SUBSETS[part]
        part_images = _load_verified(image_stem, data_home, download_if_missing)
        part_labels = _load_verified(label_stem, data_home, download_if_missing)
        _check_pair(part_images, part_labels, part)
        images.append(part_images)
        labels.append(part_labels)
    images = np.concatenate(images) if len(images) > 1 else images[0]
    data = images.reshape(len(images), -1)
    target = np.concatenate(labels).astype(np.int64)
    return _as_bunch(data, target, return_X_y, as_frame)


def _check_pair(images, labels, part):
    if images.ndim != 3 or images.shape[1:] != (28, 28) or labels.ndim != 1:
        raise ValueError(
            f"MNIST {part} files have unexpected shapes {images.shape} and "
            f"{labels.shape}."
        )
    if len(images) != len(labels):
        raise ValueError(
            f"MNIST {part}: {len(images)} images but {len(labels)} labels."
        )


def _as_bunch(data, target, return_X_y, as_frame):
    frame = None
    if as_frame:
        import pandas as pd

        target = pd.Series(target, name="class")
        frame = pd.DataFrame(data, columns=FEATURE_NAMES)
        frame["class"] = target
        data = frame[FEATURE_NAMES]
    if return_X_y:
        return data, target
    return Bunch(
        data=data,
        target=target,
        images=np.asarray(data).reshape(-1, 28, 28),
        feature_names=list(FEATURE_NAMES),
        target_names=np.arange(10),
        frame=frame,
        DESCR=DESCR,
    )
