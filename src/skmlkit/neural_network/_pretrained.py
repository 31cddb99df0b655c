"""The digit model shipped with skmlkit: load it, check it, rebuild it.

The file ``pretrained/mnist_robust.skmlkit`` beside this module is the
``robust`` preset (seed 0) trained on MNIST's 60,000 training digits by
``_build_pretrained.build_pretrained``; its SHA-256 is pinned below and checked at every
load, and it is read with the safe loader of :meth:`MNISTClassifier.load`
(tensors and JSON only). Rebuild it with::

    python -m skmlkit.neural_network._build_pretrained \
        src/skmlkit/neural_network/pretrained

which prints the checksum to pin in ``PRETRAINED_SHA256``.
"""

import hashlib
from importlib import resources
from pathlib import Path

PRETRAINED_NAME = "mnist_robust.skmlkit"
PRETRAINED_SHA256 = "5f0e23ad20df25724ba2187f32e9049104392a5cdbe81098b8d857b5562c7752"
# The recipe: a preset and a seed (the data are MNIST's training digits).
PRETRAINED_PRESET = "robust"
PRETRAINED_SEED = 0


def pretrained_path():
    """Path of the packaged model file (it may be missing in a source tree)."""
    return Path(
        str(resources.files("skmlkit.neural_network") / "pretrained" / PRETRAINED_NAME)
    )


def load_pretrained(*, device="auto"):
    """Return the digit classifier shipped with skmlkit, ready to predict.

    The ``robust`` preset trained on MNIST's 60,000 training digits (seed 0;
    99.41% on MNIST's test digits, made for digit pictures that are not
    MNIST's, with the "not a digit" / "not sure" reject option): see the
    model card in the user guide. The file's SHA-256 is checked before it is
    read, and it is read with the safe loader (no code runs from it). Each
    call returns a new classifier, which you may refit or change.

    Parameters
    ----------
    device : {"auto", "cpu", "cuda"}, default="auto"
        Device for the network.

    Returns
    -------
    classifier : MNISTClassifier
        A fitted classifier of 28 x 28 digit images (784 pixels, 0-255).

    Raises
    ------
    FileNotFoundError
        If this installation of skmlkit has no packaged model.
    ValueError
        If the packaged file does not match its checksum (changed or
        damaged).

    Examples
    --------
    >>> from skmlkit import load_pretrained
    >>> from skmlkit.datasets import make_digit_images
    >>> from skmlkit.images import read_digit_images
    >>> clf = load_pretrained()
    >>> clf.classes_.tolist()
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    >>> drawn = make_digit_images(n_samples=10, degradations=["clean"], random_state=0)
    >>> X = read_digit_images(drawn.images)
    >>> int((clf.predict(X) == drawn.target).sum()) >= 9
    True
    """
    classifier, _ = load_pretrained_with_card(device=device)
    return classifier


def load_pretrained_with_card(*, device="auto"):
    """:func:`load_pretrained` and :func:`pretrained_card` from one read of the file."""
    from ._classifier import MNISTClassifier

    params, fitted, state_dict = _read_pretrained()
    classifier = MNISTClassifier._from_file_contents(
        params, fitted, state_dict, device=device
    )
    return classifier, dict(fitted["provenance"] or {})


def _read_pretrained():
    """Check the packaged file's SHA-256, then read it (``read_model_file``)."""
    from ._persistence import read_model_file

    path = pretrained_path()
    verify_pretrained(path)
    return read_model_file(path)


def verify_pretrained(path, expected=None):
    """Check a model file against the pinned SHA-256; raise ValueError if not."""
    expected = PRETRAINED_SHA256 if expected is None else expected
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"This installation of skmlkit has no packaged model ({path}); "
            "install skmlkit from a wheel, or train one with 'skmlkit mnist "
            "train' and pass its file."
        )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected:
        raise ValueError(
            f"The packaged model {path} does not match its checksum (SHA-256 "
            f"{digest[:16]}..., expected {expected[:16]}...): the file was "
            "changed or damaged. Reinstall skmlkit "
            "(pip install --force-reinstall skmlkit)."
        )


def pretrained_card():
    """How the packaged model was made: recipe, versions, data, figures.

    Returns
    -------
    card : dict
        The provenance recorded in the model file when it was built:
        preset, seed, library versions, the MD5 of the MNIST files trained
        on, training time and MNIST test accuracy.

    Examples
    --------
    >>> from skmlkit.neural_network import pretrained_card
    >>> card = pretrained_card()
    >>> card["preset"], card["random_state"]
    ('robust', 0)
    >>> card["mnist_test_accuracy"] > 0.99
    True
    """
    _, fitted, _ = _read_pretrained()
    return dict(fitted["provenance"] or {})
