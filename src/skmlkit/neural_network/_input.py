"""Input handling for MNISTClassifier: image shapes and standardisation."""

import math
import numbers

import numpy as np
import scipy.sparse as sp
from sklearn.utils.validation import check_is_fitted, validate_data

# Square feature counts from this side up are taken as images (8x8 digits on).
MIN_IMAGE_SIDE = 8


def flatten_images(X):
    """Flatten image stacks to rows of pixels.

    Parameters
    ----------
    X : array-like
        Anything; arrays of shape (n, h, w), (n, 1, h, w) or (n, h, w, 1) are
        flattened, anything else is returned as it is (``validate_data``
        checks it next).

    Returns
    -------
    X : array-like
        (n, h * w) for image stacks, else the input.
    image_shape : tuple of int or None
        (h, w) for image stacks, else None.
    """
    if sp.issparse(X) or hasattr(X, "iloc") or getattr(X, "ndim", 2) <= 2:
        return X, None
    shape = tuple(X.shape)
    if len(shape) == 3:
        height, width = shape[1:]
    elif len(shape) == 4 and shape[1] == 1:
        height, width = shape[2:]
    elif len(shape) == 4 and shape[3] == 1:
        height, width = shape[1:3]
    else:
        raise ValueError(
            f"Expected a 2-D array (n_samples, n_features) or grayscale images of "
            f"shape (n, h, w), (n, 1, h, w) or (n, h, w, 1); got shape {shape}. "
            "Convert colour images to grayscale first."
        )
    return np.asarray(X).reshape(shape[0], height * width), (height, width)


def resolve_image_shape(n_features, image_shape=None, input_shape=None):
    """Decide the (height, width) the networks see.

    Parameters
    ----------
    n_features : int
        Number of features (pixels) per sample.
    image_shape : tuple of int or None
        Shape requested by the user; must multiply to ``n_features``.
    input_shape : tuple of int or None
        Shape of image-stack input, if that is what was passed.

    Returns
    -------
    shape : tuple of int
        ``image_shape``, else ``input_shape``, else a square when
        ``n_features`` is a square of side >= 8, else ``(1, n_features)``.
    """
    if image_shape is not None:
        if len(image_shape) != 2 or not all(
            isinstance(s, numbers.Integral) and s >= 1 for s in image_shape
        ):
            raise ValueError(
                f"image_shape must be a pair of positive integers, got {image_shape!r}."
            )
        if image_shape[0] * image_shape[1] != n_features:
            raise ValueError(
                f"image_shape={tuple(image_shape)} holds "
                f"{image_shape[0] * image_shape[1]} pixels but X has {n_features} "
                "features."
            )
        return tuple(int(s) for s in image_shape)
    if input_shape is not None:
        return input_shape
    side = math.isqrt(n_features)
    if side * side == n_features and side >= MIN_IMAGE_SIDE:
        return (side, side)
    return (1, n_features)


def standardization(X):
    """Return the global (mean, scale) of X, computed in float64.

    One scalar for all pixels keeps images images (a per-pixel scale would
    blow up the always-blank borders) and makes the model indifferent to the
    range of the input: 0-255 integers and 0-1 floats train identically.
    """
    # Evenly spaced rows (at most 20,000) give the same two numbers to many
    # digits, without a float64 copy of a large X.
    sample = X[:: max(1, len(X) // 20_000)]
    mean = float(np.mean(sample, dtype=np.float64))
    scale = float(np.std(sample, dtype=np.float64))
    if not (math.isfinite(mean) and math.isfinite(scale)):
        raise ValueError(
            "X has values too large to standardise (their mean or standard "
            "deviation overflows float64); rescale the input."
        )
    return mean, scale if scale > 0 else 1.0


def to_network_input(X, mean, scale, image_shape):
    """Standardise X and shape it (n, 1, h, w) as float32."""
    X = (np.asarray(X) - mean) / scale
    with np.errstate(over="raise", invalid="raise"):
        try:
            X = X.astype(np.float32)
        except FloatingPointError as exc:
            raise ValueError(
                "X has values too far from the training data to fit in float32 "
                "after standardisation."
            ) from exc
    return X.reshape(len(X), 1, *image_shape)


def encode_labels(y, classes, unknown_reason):
    """Return the indices of y's labels in ``classes``; new labels are an error.

    ``unknown_reason`` completes the message "y has labels [...] that ...".
    """
    unknown = ~np.isin(y, classes)
    if unknown.any():
        raise ValueError(
            f"y has labels {np.unique(y[unknown]).tolist()} that "
            f"{unknown_reason} {classes.tolist()})."
        )
    return np.searchsorted(classes, y)


def data_attributes(X, classes, image_shape, input_shape):
    """Fitted attributes that come from the training data, as a dict.

    ``classes_`` (at least two), ``image_shape_`` and the standardisation
    ``x_mean_`` and ``x_scale_``.
    """
    classes = np.unique(classes)
    if len(classes) < 2:
        raise ValueError(
            "MNISTClassifier needs samples of at least 2 classes in the data, "
            f"but the data contains only one class: {classes[0]!r}."
        )
    x_mean, x_scale = standardization(X)
    return {
        "classes_": classes,
        "image_shape_": resolve_image_shape(X.shape[1], image_shape, input_shape),
        "x_mean_": x_mean,
        "x_scale_": x_scale,
    }


def validated_rows(estimator, X):
    """X checked like the data the fitted ``estimator`` saw, as rows of features."""
    check_is_fitted(estimator)
    X, input_shape = flatten_images(X)
    X = validate_data(estimator, X, reset=False, dtype=[np.float32, np.float64])
    if input_shape is not None and input_shape != estimator.image_shape_:
        raise ValueError(
            f"X holds images of shape {input_shape}, but the classifier was "
            f"fitted on images of shape {estimator.image_shape_}."
        )
    return X
