"""Recency, frequency, monetary value and tenure from a transaction log."""

import datetime

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import check_is_fitted

from ..utils._collections import is_dask_frame, quiet_dask_shuffles
from ..utils._deprecation import positional_args_deprecated
from ._dates import parse_dates
from ._log_columns import as_numbers, date_format_of, whole_floats_as_ints

EXTRAS = {"transactions", "quantity", "average_value"}
BASE_FEATURES = ["recency", "frequency", "monetary", "tenure"]


class RFMFeatures(TransformerMixin, BaseEstimator):
    """Turn a transaction log into one row of RFM features per customer.

    Input is a table with one row per transaction (customer, timestamp,
    amount); output is a DataFrame indexed by customer id with:

    - ``recency``: days from the customer's last purchase day to the
      reference date (lower is better);
    - ``frequency``: purchase occasions, i.e. distinct days with a purchase
      (or invoices, or transaction rows: see ``frequency``);
    - ``monetary``: the customer's total spend net of returns (or the mean
      per purchase occasion, see ``monetary``);
    - ``tenure``: days from the first purchase day to the reference date.

    Because it turns transactions into customers, the output has another
    number of rows than the input: use it as the first step of a Pipeline
    that ends in a clusterer (``Pipeline.fit(X)`` without ``y``), and
    see the user guide for the scikit-learn checks that do not apply.

    Parameters
    ----------
    customer_id : str, default="customer_id"
        Column of customer identifiers; they become the output index.
    date : str, default="date"
        Column of purchase dates or timestamps: datetimes, ISO 8601 strings,
        YYYYMMDD integers/strings (never epoch numbers), or day and month in
        either order (``31/12/2024``, ``12/31/2024 8:26``, ``31.12.24``) when
        the data decide it: a day above 12 in one position. Other layouts
        through ``date_format``. Times of day are ignored.
    amount : str, default="amount"
        Column of amounts paid. Rows with a missing amount are dropped;
        negative amounts are returns (see ``returns``). Not read when
        ``price`` is given.
    quantity : str, default=None
        Optional column of item counts (for the ``"quantity"`` extra, and
        with ``price``).
    invoice : str, default=None
        Optional column of invoice (order) numbers: several rows of one
        invoice are lines of one order. Needed by ``frequency="invoices"``
        and ``cancel_prefix``; rows without an invoice number are then
        dropped and counted as missing.
    price : str, default=None
        Column of unit prices: the amount of a row is then ``quantity *
        price`` (invoice lines as online shops export them; negative
        quantities are returns). Needs ``quantity``.
    reference_date : str, datetime or None, default=None
        The "as of" day of recency and tenure. None: the day after the
        last transaction seen in ``fit``. Transactions after the reference
        day are left out.
    monetary : {"total", "mean"}, default="total"
        Total spend, or mean spend per purchase occasion: the total divided
        by the number of distinct purchase days, whatever ``frequency``
        counts (the ``"average_value"`` extra is the same quantity).
    frequency : {"days", "invoices", "transactions"}, default="days"
        Count distinct purchase days (same-day rows merged, as in the
        Fader-Hardie convention), distinct invoices with a purchase (orders;
        needs ``invoice``), or transaction rows.
    returns : {"net", "drop", "error"}, default="net"
        Rows with a negative amount, and cancellations (see
        ``cancel_prefix``). ``"net"``: subtracted from the customer's spend,
        not counted as purchases, and a net total below zero is set to zero;
        ``"drop"``: ignored; ``"error"``: refused.
    cancel_prefix : str, default=None
        Invoice numbers starting with it are cancellations (``"C"`` in many
        shop exports): their rows are returns whatever the sign of their
        quantity. Needs ``invoice``. Negative amounts are returns anyway.
    extras : list of {"transactions", "quantity", "average_value"}, default=None
        Extra columns: transaction rows, total quantity (needs
        ``quantity``), and spend per purchase occasion (distinct purchase
        day).
    date_format : str, default=None
        ``strptime`` format of the dates (e.g. ``"%d/%m/%Y"``); None works
        it out in ``fit`` (see ``date``), and refuses to guess when no day
        is above 12.

    Attributes
    ----------
    reference_date_ : pandas.Timestamp
        The reference day used for recency and tenure.
    date_format_ : str or None
        The format the dates were read with: ``date_format``, the one found
        in ``fit`` (``"ISO8601"``, ``"%Y%m%d"``, ``"%m/%d/%Y %H:%M"``, ...),
        or None for a column already of datetimes or YYYYMMDD numbers.
    feature_names_in_ : ndarray of str
        Columns of the transaction table seen in ``fit``.
    n_features_in_ : int
        Number of those columns.
    input_summary_ : dict
        What ``fit`` found in the log: ``rows``, ``customers``,
        ``dropped_missing`` (rows without customer, date or amount),
        ``returns`` (negative rows), ``after_reference`` (rows after the
        reference day), ``zero_amount`` (rows of 0), ``cancellations`` (rows
        of invoices with ``cancel_prefix``, also counted in ``returns``) and
        ``clipped`` (customers whose net spend was below zero).

    Examples
    --------
    >>> import pandas as pd
    >>> from skmlkit.preprocessing import RFMFeatures
    >>> log = pd.DataFrame({
    ...     "customer_id": ["a", "a", "a", "b"],
    ...     "date": ["2024-01-01", "2024-01-01", "2024-01-10", "2024-01-05"],
    ...     "amount": [10.0, 5.0, 20.0, 8.0],
    ... })
    >>> RFMFeatures().fit_transform(log)
                 recency  frequency  monetary  tenure
    customer_id
    a                  1          2      35.0      10
    b                  6          1       8.0       6
    """

    _parameter_constraints = {
        "customer_id": [str],
        "date": [str],
        "amount": [str],
        "quantity": [None, str],
        "price": [None, str],
        "invoice": [None, str],
        "reference_date": [None, str, datetime.date, np.datetime64],
        "monetary": [StrOptions({"total", "mean"})],
        "frequency": [StrOptions({"days", "invoices", "transactions"})],
        "returns": [StrOptions({"net", "drop", "error"})],
        "cancel_prefix": [None, str],
        "extras": [None, list, tuple],
        "date_format": [None, str],
    }

    @positional_args_deprecated
    def __init__(
        self,
        *,
        customer_id="customer_id",
        date="date",
        amount="amount",
        quantity=None,
        price=None,
        invoice=None,
        reference_date=None,
        monetary="total",
        frequency="days",
        returns="net",
        cancel_prefix=None,
        extras=None,
        date_format=None,
    ):
        self.customer_id = customer_id
        self.date = date
        self.amount = amount
        self.quantity = quantity
        self.price = price
        self.invoice = invoice
        self.reference_date = reference_date
        self.monetary = monetary
        self.frequency = frequency
        self.returns = returns
        self.cancel_prefix = cancel_prefix
        self.extras = extras
        self.date_format = date_format

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.categorical = True
        tags.input_tags.allow_nan = True
        return tags

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Check the columns and fix the reference date.

        Parameters
        ----------
        X : pandas.DataFrame or dask.dataframe.DataFrame
            The transaction log, shape (n_transactions, n_columns). A Dask
            log stays on the workers: its features are aggregated there and
            only counts and dates reach the client.
        y : None
            Ignored.

        Returns
        -------
        self : RFMFeatures
            Fitted transformer.
        """
        self._check_extras()
        if is_dask_frame(X):
            from ._rfm_dask import fit_dask

            with quiet_dask_shuffles():
                fit_dask(self, X)
            return self
        self._check_log(X)
        self.date_format_ = date_format_of(X[self.date], self.date, self.date_format)
        log, summary = self._clean(X, reset=True)
        if len(log) == 0:
            raise ValueError(
                "The transaction log has no usable row (each needs a customer, "
                "a date and an amount)."
            )
        if self.reference_date is None:
            self.reference_date_ = log["date"].max() + pd.Timedelta(days=1)
        else:
            self.reference_date_ = pd.Timestamp(self.reference_date).normalize()
        after = int((log["date"] > self.reference_date_).sum())
        log = log[log["date"] <= self.reference_date_]
        summary["after_reference"] = after
        summary["customers"] = int(log["customer_id"].nunique())
        summary["clipped"] = int(self._aggregate(log, clip=False).lt(0).sum())
        self.input_summary_ = summary
        return self

    def transform(self, X):
        """Compute the per-customer features of a transaction log.

        Parameters
        ----------
        X : pandas.DataFrame or dask.dataframe.DataFrame
            A transaction log with the columns seen in ``fit``.

        Returns
        -------
        features : pandas.DataFrame or dask.dataframe.DataFrame
            One row per customer with at least one purchase on or before the
            reference day, indexed by customer id (sorted), columns
            :meth:`get_feature_names_out`, shape (n_customers,
            n_features_out). For a Dask log, a lazy Dask DataFrame: the
            customers are spread over its partitions by a hash of their id,
            each partition sorted.
        """
        check_is_fitted(self)
        if is_dask_frame(X):
            from ._rfm_dask import transform_dask

            return transform_dask(self, X)
        log, _ = self._clean(X, reset=False)
        log = log[log["date"] <= self.reference_date_]
        purchases = log[log["amount"] >= 0]
        if len(purchases) == 0:
            raise ValueError(
                "No purchase on or before the reference date "
                f"{self.reference_date_:%Y-%m-%d}: nothing to describe."
            )
        days = purchases.groupby("customer_id")["day"]
        occasions = days.nunique()
        if self.frequency == "days":
            frequency = occasions
        elif self.frequency == "invoices":
            frequency = purchases.groupby("customer_id")["invoice"].nunique()
        else:
            frequency = days.size()
        total = self._aggregate(log, clip=True).reindex(frequency.index)
        # "mean" and "average_value" are per purchase occasion (distinct
        # purchase day) whatever ``frequency`` counts: one meaning.
        per_occasion = total / occasions
        features = pd.DataFrame(
            {
                "recency": (self.reference_date_ - days.max()).dt.days,
                "frequency": frequency,
                "monetary": total if self.monetary == "total" else per_occasion,
                "tenure": (self.reference_date_ - days.min()).dt.days,
            }
        )
        for extra in self.extras or ():
            if extra == "transactions":
                features[extra] = days.size()
            elif extra == "quantity":
                features[extra] = purchases.groupby("customer_id")["quantity"].sum()
            else:
                features[extra] = per_occasion
        features.index.name = self.customer_id
        return features.astype(
            {"recency": "int64", "frequency": "int64", "tenure": "int64"}
        )

    def fit_transform(self, X, y=None):
        """Fit, then compute the features of the same log.

        For a Dask log the log is read once: the per-customer table stays
        on the workers (persisted) and the features are derived from it.

        Parameters
        ----------
        X : pandas.DataFrame or dask.dataframe.DataFrame
            The transaction log.
        y : None
            Ignored.

        Returns
        -------
        features : pandas.DataFrame or dask.dataframe.DataFrame
            As :meth:`transform`.
        """
        if not is_dask_frame(X):
            return self.fit(X).transform(X)
        from ._rfm_dask import fit_transform_dask

        return fit_transform_dask(self, X)

    def get_feature_names_out(self, input_features=None):
        """Return the output column names.

        Parameters
        ----------
        input_features : None
            Ignored (the output does not depend on the input's names).

        Returns
        -------
        names : ndarray of str
            ``recency``, ``frequency``, ``monetary``, ``tenure`` and the extras.
        """
        check_is_fitted(self)
        return np.asarray([*BASE_FEATURES, *(self.extras or ())], dtype=object)

    def _check_extras(self):
        unknown = sorted(set(self.extras or ()) - EXTRAS)
        if unknown:
            raise ValueError(f"Unknown extras {unknown}; choose from {sorted(EXTRAS)}.")
        if "quantity" in (self.extras or ()) and self.quantity is None:
            raise ValueError("The 'quantity' extra needs the quantity column name.")
        if self.price is not None and self.quantity is None:
            raise ValueError(
                f"price={self.price!r} needs quantity= (the amount of a row is "
                "quantity * price)."
            )
        for needs, value in (
            ("frequency='invoices'", self.frequency == "invoices"),
            (f"cancel_prefix={self.cancel_prefix!r}", self.cancel_prefix is not None),
        ):
            if value and self.invoice is None:
                raise ValueError(f"{needs} needs invoice= (the invoice column).")

    def _columns(self):
        named = {"customer_id": self.customer_id, "date": self.date}
        if self.price is None:
            named["amount"] = self.amount
        else:
            named["price"] = self.price
        if self.quantity is not None:
            named["quantity"] = self.quantity
        if self.invoice is not None:
            named["invoice"] = self.invoice
        return named

    def _check_log(self, X):
        if not isinstance(X, pd.DataFrame):
            raise TypeError(
                "RFMFeatures needs a pandas DataFrame with named columns (a "
                f"transaction log), got {type(X).__name__}."
            )
        missing = [col for col in self._columns().values() if col not in X.columns]
        if missing:
            raise ValueError(
                f"Columns {missing} not found in the transaction log; available "
                f"columns: {[str(c) for c in X.columns]}."
            )

    def _clean(self, X, reset, refuse_returns=True):
        """Return the log with standard column names and what was set aside.

        ``refuse_returns=False`` leaves ``returns="error"`` to the caller
        (the Dask path counts negative rows over all partitions first).
        """
        self._check_log(X)
        named = self._columns()
        if reset:
            self.feature_names_in_ = np.asarray([str(c) for c in X.columns], object)
            self.n_features_in_ = X.shape[1]
        log = pd.DataFrame({key: X[col].to_numpy() for key, col in named.items()})
        if "quantity" in log:
            log["quantity"] = as_numbers(log["quantity"], self.quantity)
        if self.price is None:
            log["amount"] = as_numbers(log["amount"], self.amount)
        else:
            log["amount"] = log["quantity"] * as_numbers(log["price"], self.price)
        log["customer_id"] = whole_floats_as_ints(log["customer_id"])
        log["date"] = parse_dates(
            log["date"],
            name=self.date,
            date_format=getattr(self, "date_format_", self.date_format),
        )
        log["day"] = log["date"].dt.normalize()
        log["date"] = log["day"]
        needed = ["customer_id", "date", "amount"]
        if self.invoice is not None:
            needed.append("invoice")
        usable = log[needed].notna().all(axis=1)
        summary = {
            "rows": len(log),
            "dropped_missing": int((~usable).sum()),
            "zero_amount": int((log["amount"] == 0).sum()),
            "cancellations": 0,
        }
        log = log[usable]
        if self.cancel_prefix is not None:
            cancelled = (
                log["invoice"]
                .astype("string")
                .str.strip()
                .str.startswith(self.cancel_prefix)
            ).to_numpy(dtype=bool)
            summary["cancellations"] = int(cancelled.sum())
            log = log.assign(
                amount=np.where(cancelled, -log["amount"].abs(), log["amount"])
            )
            log = log[~(cancelled & (log["amount"] == 0))]
        negative = log["amount"] < 0
        summary["returns"] = int(negative.sum())
        if negative.any():
            if self.returns == "error" and refuse_returns:
                self._refuse_returns(int(negative.sum()))
            if self.returns == "drop":
                log = log[~negative]
        return log, summary

    def _refuse_returns(self, count):
        column = self.amount if self.price is None else self.quantity
        raise ValueError(
            f"Column {column!r} has {count} negative amounts (returns or "
            "cancellations); set returns='net' or 'drop' to accept them."
        )

    def _aggregate(self, log, clip):
        """Net spend per customer (purchases minus returns), clipped at zero."""
        total = log.groupby("customer_id")["amount"].sum()
        return total.clip(lower=0) if clip else total
