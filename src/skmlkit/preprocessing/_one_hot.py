"""One-hot encoding in which each categorical column weighs like one numeric column."""

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.preprocessing import OneHotEncoder
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import (
    _check_feature_names_in,
    check_is_fitted,
    validate_data,
)

from ..utils._deprecation import positional_args_deprecated


class BalancedOneHotEncoder(TransformerMixin, BaseEstimator):
    """One-hot encode categories, scaling each column's block to unit variance.

    Plain dummy columns give a categorical column with k levels up to k
    times the weight of a standardised numeric column in a Euclidean
    distance. Here each column's block of indicators is divided by
    ``sqrt(1 - sum_k p_k**2)``, where ``p_k`` are the level shares seen in
    ``fit``: the block's total variance becomes 1, the variance of one
    standardised numeric column. A column with a single level carries no
    information and gets weight 0. Categories unseen in ``fit`` encode as
    an all-zero block.

    Parameters
    ----------
    weight : {"balanced", "none"}, default="balanced"
        ``"balanced"`` scales each block to total variance 1; ``"none"``
        keeps plain 0/1 indicators.

    Attributes
    ----------
    encoder_ : sklearn.preprocessing.OneHotEncoder
        The fitted encoder (``handle_unknown="ignore"``, dense output).
    block_weights_ : ndarray of shape (n_features,)
        Factor applied to each input column's indicators.
    categories_ : list of ndarray
        Levels of each input column.
    n_features_in_ : int
        Number of input columns.
    feature_names_in_ : ndarray of str
        Input column names, when the input has them.

    Examples
    --------
    >>> import pandas as pd
    >>> from skmlkit.preprocessing import BalancedOneHotEncoder
    >>> X = pd.DataFrame({"channel": ["shop", "web", "web", "web"]})
    >>> encoder = BalancedOneHotEncoder().fit(X)
    >>> encoder.get_feature_names_out().tolist()
    ['channel_shop', 'channel_web']
    >>> round(float(encoder.transform(X).var(axis=0).sum()), 6)
    1.0
    """

    _parameter_constraints = {"weight": [StrOptions({"balanced", "none"})]}

    @positional_args_deprecated
    def __init__(self, *, weight="balanced"):
        self.weight = weight

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.categorical = True
        tags.input_tags.allow_nan = True  # a missing value is a level of its own
        return tags

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Learn the levels of each column and their shares.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Categorical columns (strings or numbers).
        y : None
            Ignored.

        Returns
        -------
        self : BalancedOneHotEncoder
            Fitted encoder.
        """
        X = validate_data(self, X, dtype=None, ensure_all_finite=False)
        self.encoder_ = OneHotEncoder(handle_unknown="ignore", sparse_output=False).fit(
            X
        )
        self.categories_ = self.encoder_.categories_
        indicators = self.encoder_.transform(X)
        weights = []
        start = 0
        for levels in self.categories_:
            shares = indicators[:, start : start + len(levels)].mean(axis=0)
            start += len(levels)
            variance = 1.0 - float(np.sum(shares**2))
            if self.weight == "none":
                weights.append(1.0)
            elif variance <= 1e-12:
                weights.append(0.0)
            else:
                weights.append(1.0 / np.sqrt(variance))
        self.block_weights_ = np.asarray(weights)
        return self

    def transform(self, X):
        """Encode, then scale each column's block.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Categorical columns.

        Returns
        -------
        Xt : ndarray of shape (n_samples, n_indicators)
            Scaled indicators.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=None, ensure_all_finite=False, reset=False)
        sizes = [len(levels) for levels in self.categories_]
        return self.encoder_.transform(X) * np.repeat(self.block_weights_, sizes)

    def get_feature_names_out(self, input_features=None):
        """Return ``column_level`` names, as OneHotEncoder does.

        Parameters
        ----------
        input_features : array-like of str, default=None
            Input names; by default those seen in ``fit``.

        Returns
        -------
        names : ndarray of str
            One name per indicator.
        """
        check_is_fitted(self)
        names = _check_feature_names_in(self, input_features)
        return self.encoder_.get_feature_names_out(names)
