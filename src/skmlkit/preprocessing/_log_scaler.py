"""Log-transform skewed columns, then scale: for NumPy, pandas and Dask input."""

from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.base import (
    BaseEstimator,
    OneToOneFeatureMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from ..utils._collections import empty_like_input, is_dask_collection, is_dask_frame


def signed_log1p(X):
    """``sign(x) * log1p(|x|)``: ``log1p`` for amounts, defined for negatives too."""
    X = np.asarray(X, dtype=np.float64)
    return np.sign(X) * np.log1p(np.abs(X))


def signed_expm1(X):
    """Inverse of :func:`signed_log1p`."""
    X = np.asarray(X, dtype=np.float64)
    return np.sign(X) * np.expm1(np.abs(X))


class LogScaler(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Log-transform skewed columns, then scale every column.

    The numeric part of :func:`~skmlkit.cluster.make_segmentation_pipeline`
    in one step that also works on Dask collections, whose rows stay on the
    workers: ``fit`` reads a Dask input once (means and standard deviations,
    or minima and maxima, computed on the workers) and ``transform``
    returns a lazy Dask DataFrame or array. scikit-learn's scalers turn
    Dask input into NumPy arrays; this one does not.

    Parameters
    ----------
    skewed : list of str or int, default=None
        Columns (names for DataFrames, or positions) transformed with
        ``sign(x) * log1p(|x|)`` before scaling: spend and counts with a
        long right tail. None: no column.
    scale : {"standard", "minmax", "none"}, default="standard"
        Subtract the mean and divide by the standard deviation, map the
        range seen in ``fit`` to [0, 1], or leave the values as they are.
        Constant columns are centred, not divided.

    Attributes
    ----------
    center_ : ndarray of shape (n_features,)
        Subtracted from each column after the log (mean, minimum or 0).
    scale_ : ndarray of shape (n_features,)
        Each column is then divided by it (standard deviation, range or 1).
    skewed_ : ndarray of bool of shape (n_features,)
        Which columns are log-transformed.
    n_features_in_ : int
        Number of columns seen in ``fit``.
    feature_names_in_ : ndarray of str
        Their names, for DataFrame input.

    Examples
    --------
    >>> import pandas as pd
    >>> from skmlkit.preprocessing import LogScaler
    >>> X = pd.DataFrame({"recency": [1, 5, 9], "monetary": [10.0, 100.0, 1000.0]})
    >>> scaler = LogScaler(skewed=["monetary"]).set_output(transform="pandas")
    >>> scaler.fit_transform(X).round(2)
       recency  monetary
    0    -1.22     -1.22
    1     0.00     -0.01
    2     1.22      1.23
    """

    _parameter_constraints = {
        "skewed": [None, list, tuple],
        "scale": [StrOptions({"standard", "minmax", "none"})],
    }

    def __init__(self, *, skewed=None, scale="standard"):
        self.skewed = skewed
        self.scale = scale

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Learn each column's centre and scale (one pass over Dask input).

        Parameters
        ----------
        X : array-like, DataFrame, dask.array.Array or dask.dataframe.DataFrame
            Numeric data of shape (n_samples, n_features), no missing values.
        y : None
            Ignored.

        Returns
        -------
        self : LogScaler
            Fitted transformer.
        """
        if is_dask_collection(X):
            self._validate(empty_like_input(X), reset=True, ensure_min_samples=0)
            count, mean, std, low, high, missing = _dask_statistics(
                self._logged(X, lazy=True)
            )
            if count < 1:
                raise ValueError(
                    "Found array with 0 sample(s) while a minimum of 1 is "
                    "required by LogScaler."
                )
            self._refuse_missing(missing, low, high)
        else:
            logged = self._logged(self._validate(X, reset=True), lazy=False)
            mean, std = logged.mean(axis=0), logged.std(axis=0)
            low, high = logged.min(axis=0), logged.max(axis=0)
        if self.scale == "standard":
            center, spread = mean, std
        elif self.scale == "minmax":
            center, spread = low, np.asarray(high) - np.asarray(low)
        else:
            center, spread = np.zeros(self.n_features_in_), np.ones(self.n_features_in_)
        spread = np.asarray(spread, dtype=np.float64)
        self.center_ = np.asarray(center, dtype=np.float64)
        self.scale_ = np.where(spread > 0, spread, 1.0)
        return self

    def transform(self, X):
        """Log-transform the skewed columns, then scale.

        Parameters
        ----------
        X : array-like, DataFrame, dask.array.Array or dask.dataframe.DataFrame
            Data with the columns seen in ``fit``.

        Returns
        -------
        X_scaled : ndarray, or a lazy Dask collection for Dask input
            Same shape as X (a Dask DataFrame keeps its index and columns).
        """
        check_is_fitted(self)
        if is_dask_collection(X):
            self._validate(empty_like_input(X), reset=False, ensure_min_samples=0)
            if is_dask_frame(X):
                return X.map_partitions(self._scaled_frame, meta=self._frame_meta(X))
            return X.map_blocks(self._scaled, dtype=np.float64)
        X = self._validate(X, reset=False, ensure_all_finite=True)
        return self._scaled(X)

    def inverse_transform(self, X):
        """Undo the scaling, then the log.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Scaled data.

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        X = np.asarray(X, dtype=np.float64) * self.scale_ + self.center_
        X[:, self.skewed_] = signed_expm1(X[:, self.skewed_])
        return X

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        return tags

    def _validate(self, X, reset, **options):
        X = validate_data(self, X, reset=reset, dtype=np.float64, **options)
        if reset:
            self.skewed_ = self._skewed_mask()
        return X

    def _skewed_mask(self):
        mask = np.zeros(self.n_features_in_, dtype=bool)
        names = list(getattr(self, "feature_names_in_", []))
        for column in self.skewed or ():
            if isinstance(column, Integral) and not isinstance(column, bool):
                if not -self.n_features_in_ <= column < self.n_features_in_:
                    raise ValueError(
                        f"skewed column {column} is out of range for "
                        f"{self.n_features_in_} feature(s)."
                    )
                mask[column] = True
            elif column in names:
                mask[names.index(column)] = True
            else:
                raise ValueError(
                    f"skewed column {column!r} not found; available columns: "
                    f"{names or 'none (give positions for arrays)'}."
                )
        return mask

    def _logged(self, X, lazy):
        if not self.skewed_.any():
            return X.astype(np.float64) if lazy else X
        if lazy and is_dask_frame(X):
            return X.map_partitions(self._logged_frame, meta=self._frame_meta(X))
        if lazy:
            return X.map_blocks(self._log, dtype=np.float64)
        return self._log(X)

    def _log(self, X):
        X = np.array(X, dtype=np.float64)
        X[:, self.skewed_] = signed_log1p(X[:, self.skewed_])
        return X

    def _scaled(self, X):
        return (self._log(X) - self.center_) / self.scale_

    def _logged_frame(self, part):
        values = self._log(part.to_numpy(dtype=np.float64))
        return pd.DataFrame(values, index=part.index, columns=part.columns)

    def _scaled_frame(self, part):
        values = self._scaled(part.to_numpy(dtype=np.float64))
        return pd.DataFrame(values, index=part.index, columns=part.columns)

    @staticmethod
    def _frame_meta(X):
        return pd.DataFrame(
            {c: pd.Series([], dtype=np.float64) for c in X.columns},
            index=X._meta.index,
        )

    def _refuse_missing(self, missing, low, high):
        names = getattr(self, "feature_names_in_", np.arange(self.n_features_in_))
        if missing.any():
            bad = [str(n) for n, m in zip(names, missing, strict=True) if m]
            raise ValueError(
                f"Columns {bad} have missing values (NaN); LogScaler does not "
                "impute them: fill or drop those rows first."
            )
        if not (np.isfinite(low).all() and np.isfinite(high).all()):
            raise ValueError("Input X contains infinity or a value too large.")


def _dask_statistics(X):
    """Rows, mean, std, min, max and missing count per column: one pass."""
    import dask

    if is_dask_frame(X):
        stats = (
            X.index.size,
            X.mean(),
            X.std(ddof=0),
            X.min(),
            X.max(),
            X.isna().sum(),
        )
    else:
        import dask.array as da

        stats = (
            da.ones_like(X[:, 0]).sum(),
            da.nanmean(X, axis=0),
            da.nanstd(X, axis=0),
            da.nanmin(X, axis=0),
            da.nanmax(X, axis=0),
            da.isnan(X).sum(axis=0),
        )
    count, *columns = dask.compute(*stats)
    return (int(count), *(np.asarray(c, dtype=np.float64) for c in columns))
