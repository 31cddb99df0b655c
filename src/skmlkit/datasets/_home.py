"""Where skmlkit keeps its data sets: the data home."""

import os
from pathlib import Path

DATA_HOME_ENV = "SKMLKIT_DATA"


def get_data_home(data_home=None):
    """Return the path of the skmlkit data home.

    The data home is, in order of precedence, the ``data_home`` argument,
    the ``SKMLKIT_DATA`` environment variable, or ``~/skmlkit_data``. The
    folder is not created here: fetchers create it only when they download,
    so a read-only data home (a shared data folder) works.

    Parameters
    ----------
    data_home : str or path-like, default=None
        Explicit data home; ``~`` is expanded.

    Returns
    -------
    data_home : pathlib.Path
        The data home folder.

    Examples
    --------
    >>> from skmlkit.datasets import get_data_home
    >>> get_data_home("/tmp/my_data").as_posix()
    '/tmp/my_data'
    """
    if data_home is None:
        data_home = os.environ.get(DATA_HOME_ENV) or Path("~", "skmlkit_data")
    return Path(data_home).expanduser()
