"""Data set loaders: MNIST digits and customer tables, through the data home."""

from ._cdnow import fetch_cdnow
from ._customer_csv import load_customers_csv
from ._customers import (
    fetch_mall_customers,
    fetch_wholesale_customers,
    load_mall_customers,
    load_wholesale_customers,
)
from ._dask_tables import read_dask_table
from ._digits import fetch_mnist_or_digits
from ._home import get_data_home
from ._idx import read_idx
from ._make_customers import make_customers
from ._make_dask_blobs import make_dask_blobs
from ._make_digits import make_digit_images
from ._make_non_digits import make_non_digit_images
from ._make_numbers import make_number_images
from ._make_transactions import make_transactions
from ._mnist import fetch_mnist
from ._tables import read_table

__all__ = [
    "fetch_cdnow",
    "fetch_mall_customers",
    "fetch_mnist",
    "fetch_mnist_or_digits",
    "fetch_wholesale_customers",
    "get_data_home",
    "load_customers_csv",
    "load_mall_customers",
    "load_wholesale_customers",
    "make_customers",
    "make_dask_blobs",
    "make_digit_images",
    "make_non_digit_images",
    "make_number_images",
    "make_transactions",
    "read_dask_table",
    "read_idx",
    "read_table",
]
