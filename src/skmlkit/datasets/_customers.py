"""Customer data for segmentation: real tables and a synthetic generator."""

import hashlib
import os
import warnings
from importlib import resources

import numpy as np
import pandas as pd
from sklearn.utils import Bunch
from sklearn.utils._param_validation import (
    Hidden,
    StrOptions,
    validate_params,
)

from ._fetch import locate
from ._home import DATA_HOME_ENV, get_data_home

# The UCI table ships with the package (CC BY 4.0; attribution in data/README).
BUNDLED_WHOLESALE = resources.files(__package__).joinpath(
    "data", "wholesale_customers.csv"
)
WHOLESALE_COLUMNS = [
    "Channel",
    "Region",
    "Fresh",
    "Milk",
    "Grocery",
    "Frozen",
    "Detergents_Paper",
    "Delicassen",
]
# SHA-256 of the parsed 440 x 8 integer table (int64, C order): it ignores line
# endings and quoting, which differ between copies of this file.
WHOLESALE_TABLE_SHA256 = (
    "3d3f7ed3ef938217f43beafbbb48f1a66da0d0f87ad21c198be7db1537c7ba71"
)
MALL_FEATURES = ["Age", "Annual Income (k$)", "Spending Score (1-100)"]
MALL_COLUMNS = ["CustomerID", "Genre", *MALL_FEATURES]
# SHA-256 of the numeric columns (CustomerID, Age, income, score) as int64.
MALL_TABLE_SHA256 = "e1058579888248b347e3209f85fdd9271d08c18e8dd3030d447878a430e7f915"


def table_sha256(frame):
    """Return the SHA-256 of a numeric table's values as C-ordered int64."""
    values = np.ascontiguousarray(frame.to_numpy(dtype=np.int64))
    return hashlib.sha256(values.tobytes()).hexdigest()


@validate_params(
    {"data_home": [None, str, os.PathLike]}, prefer_skip_nested_validation=True
)
def fetch_mall_customers(*, data_home=None):
    """Read the Mall Customers table (200 customers) from the data home.

    The file ``customers/mall_customers.csv`` of the data home has the
    columns CustomerID, Genre, Age, Annual Income (k$) and Spending Score
    (1-100). It has no official download source, so it is read locally only.

    Parameters
    ----------
    data_home : str or path-like, default=None
        Data home; see :func:`get_data_home`.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``frame`` (all columns, indexed by CustomerID), ``data`` (the three
        numeric features), ``feature_names`` and ``DESCR``.

    Examples
    --------
    >>> from skmlkit.datasets import fetch_mall_customers
    >>> mall = fetch_mall_customers()
    >>> mall.data.shape
    (200, 3)
    """
    path = locate(data_home, "customers", ["mall_customers.csv"])
    if path is None:
        raise FileNotFoundError(
            f"mall_customers.csv not found in {get_data_home(data_home) / 'customers'}."
            f" Put the file there or point {DATA_HOME_ENV} at a folder holding "
            "customers/mall_customers.csv."
        )
    frame = pd.read_csv(path, index_col="CustomerID")
    missing = [c for c in MALL_FEATURES if c not in frame.columns]
    if missing:
        raise ValueError(f"{path} lacks the columns {missing}.")
    return Bunch(
        frame=frame,
        data=frame[MALL_FEATURES],
        feature_names=list(MALL_FEATURES),
        DESCR="Mall Customers: age, annual income (k$) and spending score "
        "(1-100) of 200 shoppers, with their gender.",
    )


@validate_params(
    {"data_home": [None, str, os.PathLike]}, prefer_skip_nested_validation=True
)
def load_mall_customers(*, data_home=None):
    """Read the Mall Customers table (deprecated: use fetch_mall_customers).

    .. deprecated:: 0.2
        ``load_*`` means data bundled with the package, as in scikit-learn;
        this table comes from the data home: use :func:`fetch_mall_customers`.

    Parameters
    ----------
    data_home : str or path-like, default=None
        Data home; see :func:`get_data_home`.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        As for :func:`fetch_mall_customers`.

    Examples
    --------
    >>> import warnings
    >>> from skmlkit.datasets import load_mall_customers
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", FutureWarning)
    ...     mall = load_mall_customers()
    >>> mall.data.shape
    (200, 3)
    """
    warnings.warn(
        "load_mall_customers is deprecated and is removed in skmlkit 0.3; use "
        "fetch_mall_customers (it reads the data home, like every fetch_*).",
        FutureWarning,
        stacklevel=2,
    )
    return fetch_mall_customers(data_home=data_home)


def _verify_table(path, columns, n_rows, expected):
    """Return the table in ``path``; raise ValueError unless it is the expected one."""
    try:
        frame = pd.read_csv(path)
    except Exception as exc:
        raise ValueError(f"{path.name} is not a readable CSV file: {exc}") from exc
    if list(frame.columns) != columns or len(frame) != n_rows:
        raise ValueError(
            f"{path.name} is not the expected table (shape {frame.shape}, "
            f"columns {list(frame.columns)}; expected {n_rows} rows of {columns})."
        )
    digest = table_sha256(frame.select_dtypes("number"))
    if digest != expected:
        raise ValueError(
            f"{path.name} fails its checksum (table SHA-256 {digest}, expected "
            f"{expected})."
        )
    return frame


def verify_wholesale(path):
    """Check a copy of the UCI Wholesale customers table by its values."""
    return _verify_table(path, WHOLESALE_COLUMNS, 440, WHOLESALE_TABLE_SHA256)


def verify_mall(path):
    """Check a copy of the Mall Customers table by its values."""
    return _verify_table(path, MALL_COLUMNS, 200, MALL_TABLE_SHA256)


@validate_params(
    {"return_X_y": ["boolean"], "as_frame": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def load_wholesale_customers(*, return_X_y=False, as_frame=True):
    """Load the UCI Wholesale customers data set, bundled with skmlkit.

    Annual spending in monetary units on six product categories of 440
    clients of a Portuguese wholesale distributor, with the sales channel and
    region of each. The table ships inside the package (CC BY 4.0, see
    Notes), so it needs neither the data home nor a network connection; it is
    verified by a checksum of its values like every other data set.

    Parameters
    ----------
    return_X_y : bool, default=False
        If True, return ``(data, target)``.
    as_frame : bool, default=True
        If True, ``data`` is a DataFrame and ``target`` a Series; otherwise
        NumPy arrays.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        ``data`` (the six spending columns), ``target`` (channel,
        ``"Horeca"`` or ``"Retail"``), ``region`` (``"Lisbon"``,
        ``"Oporto"`` or ``"Other"``), ``frame`` (everything),
        ``feature_names``, ``target_names`` and ``DESCR``.
    (data, target) : tuple if ``return_X_y`` is True

    Notes
    -----
    Source: M. Cardoso, "Wholesale customers", UCI Machine Learning
    Repository, 2014, https://doi.org/10.24432/C5030X. Licensed under
    Creative Commons Attribution 4.0 International (CC BY 4.0); redistributed
    unchanged.

    Examples
    --------
    >>> from skmlkit.datasets import load_wholesale_customers
    >>> wholesale = load_wholesale_customers()
    >>> wholesale.data.shape, sorted(wholesale.target.unique())
    ((440, 6), ['Horeca', 'Retail'])
    """
    with resources.as_file(BUNDLED_WHOLESALE) as path:
        frame = verify_wholesale(path)
    return _wholesale_bunch(frame, return_X_y, as_frame)


@validate_params(
    {
        "data_home": [None, str, os.PathLike],
        "download_if_missing": ["boolean", Hidden(StrOptions({"deprecated"}))],
        "return_X_y": ["boolean"],
        "as_frame": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def fetch_wholesale_customers(
    *,
    data_home=None,
    download_if_missing="deprecated",
    return_X_y=False,
    as_frame=True,
):
    """Load the UCI Wholesale customers data set from the data home or the package.

    Reads ``customers/wholesale_customers.csv`` of the data home when it is
    there (verified by a checksum of its values; a wrong table is an error),
    and otherwise the copy bundled with skmlkit
    (:func:`load_wholesale_customers`): nothing is downloaded.

    Parameters
    ----------
    data_home : str or path-like, default=None
        Data home; see :func:`get_data_home`.
    download_if_missing : bool
        Deprecated: it never had an effect (the bundled copy makes downloads
        unnecessary) and is removed in 0.3.
    return_X_y : bool, default=False
        If True, return ``(data, target)``.
    as_frame : bool, default=True
        If True, ``data`` is a DataFrame and ``target`` a Series; otherwise
        NumPy arrays.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        As for :func:`load_wholesale_customers`.
    (data, target) : tuple if ``return_X_y`` is True

    Examples
    --------
    >>> from skmlkit.datasets import fetch_wholesale_customers
    >>> wholesale = fetch_wholesale_customers()
    >>> wholesale.data.shape, sorted(wholesale.target.unique())
    ((440, 6), ['Horeca', 'Retail'])
    """
    if download_if_missing != "deprecated":
        warnings.warn(
            "fetch_wholesale_customers(download_if_missing=...) has no effect "
            "(the table ships with skmlkit) and is removed in skmlkit 0.3; "
            "leave it out.",
            FutureWarning,
            stacklevel=2,
        )
    path = locate(data_home, "customers", ["wholesale_customers.csv"])
    if path is None:
        return load_wholesale_customers(return_X_y=return_X_y, as_frame=as_frame)
    return _wholesale_bunch(verify_wholesale(path), return_X_y, as_frame)


def _wholesale_bunch(frame, return_X_y, as_frame):
    frame["Channel"] = frame["Channel"].map({1: "Horeca", 2: "Retail"})
    frame["Region"] = frame["Region"].map({1: "Lisbon", 2: "Oporto", 3: "Other"})
    features = WHOLESALE_COLUMNS[2:]
    data, target = frame[features], frame["Channel"].rename("channel")
    if not as_frame:
        data, target = data.to_numpy(), target.to_numpy()
    if return_X_y:
        return data, target
    return Bunch(
        data=data,
        target=target,
        region=frame["Region"].to_numpy(),
        frame=frame,
        feature_names=features,
        target_names=np.array(["Horeca", "Retail"]),
        DESCR="UCI Wholesale customers (Cardoso, 2014; CC BY 4.0): annual "
        "spending of 440 clients of a Portuguese wholesale distributor.",
    )
