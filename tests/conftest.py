"""Shared fixtures: the real data home and small data."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _shared_data_home():
    env = os.environ.get("SKMLKIT_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def data_home():
    """The data home holding the real MNIST and customer files.

    In CI (``CI`` set) missing data is a failure, not a skip.
    """
    home = _shared_data_home()
    needed = [home / "mnist" / "t10k-images-idx3-ubyte.gz",
              home / "customers" / "mall_customers.csv"]
    if not all(path.is_file() for path in needed):
        message = f"real data not found under {home} (set SKMLKIT_DATA)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return home
