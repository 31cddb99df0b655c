"""Verified, atomic retrieval of data files into the data home.

Transport is pooch's; verification is ours, on the file *content*, so that a
re-compressed copy of a data set (same bytes, other gzip header) is accepted
and a corrupt or truncated one never is.
"""

import logging
import os
import uuid
from pathlib import Path

from filelock import FileLock

from ._home import DATA_HOME_ENV, get_data_home

logger = logging.getLogger("skmlkit.datasets")

# Seconds to wait for another process's download of the same file.
LOCK_TIMEOUT = 600


def locate(data_home, subdir, filenames):
    """Return the first of ``filenames`` present in ``data_home/subdir``, or None."""
    folder = get_data_home(data_home) / subdir
    for name in filenames:
        if (folder / name).is_file():
            return folder / name
    return None


def fetch_verified(
    filename,
    *,
    subdir,
    urls,
    verify,
    data_home=None,
    download_if_missing=True,
    alternatives=(),
):
    """Return the verified content of ``filename`` in the data home.

    Parameters
    ----------
    filename : str
        File name inside ``data_home/subdir``; downloads are stored under it.
    subdir : str
        Folder of the data set inside the data home.
    urls : sequence of str
        Mirrors to try in order; a failed or unverifiable download moves on to
        the next one.
    verify : callable
        ``verify(path)`` reads the file, raises ``ValueError`` saying what is
        wrong when its content is not the expected one, and otherwise returns
        the content it read (so that the file is read once).
    data_home : str or path-like, default=None
        See :func:`get_data_home`.
    download_if_missing : bool, default=True
        Download when no valid local copy exists.
    alternatives : sequence of str, default=()
        Other accepted local names (e.g. the uncompressed file).

    Returns
    -------
    content : object
        What ``verify`` returned for the verified file.
    """
    local = locate(data_home, subdir, (filename, *alternatives))
    if local is not None:
        try:
            return verify(local)
        except ValueError as exc:
            if not download_if_missing:
                raise ValueError(
                    f"{exc} Delete {local} and fetch it again, or allow downloads."
                ) from exc
            logger.warning("%s; downloading a fresh copy.", exc)
    elif not download_if_missing:
        folder = get_data_home(data_home) / subdir
        raise FileNotFoundError(
            f"{filename} not found in {folder} and download_if_missing=False. "
            f"Put the file there, point {DATA_HOME_ENV} at a folder holding "
            f"{subdir}/{filename}, or allow downloads."
        )
    return _download(filename, get_data_home(data_home) / subdir, urls, verify)


def _download(filename, folder, urls, verify):
    """Try each URL in turn; keep the first download that verifies."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / filename
    # One fetcher per file at a time, across processes: the others wait, then
    # find the file the first one landed.
    with FileLock(folder / f".{filename}.lock", timeout=LOCK_TIMEOUT):
        if target.is_file():
            try:
                return verify(target)
            except ValueError:
                pass  # still bad: download over it
        return _download_unlocked(filename, folder, urls, verify)


def _download_unlocked(filename, folder, urls, verify):
    import pooch

    target = folder / filename
    failures = []
    for url in urls:
        # A unique temporary name: concurrent fetchers never see a partial file,
        # and os.replace makes the verified file appear atomically.
        part = f".{filename}.{uuid.uuid4().hex}.part"
        logger.info("Downloading %s", url)
        try:
            pooch.retrieve(
                url, known_hash=None, fname=part, path=folder, progressbar=False
            )
            content = verify(folder / part)
        except Exception as exc:
            failures.append(f"{url}: {exc}")
            _unlink(folder / part)
            continue
        os.replace(folder / part, target)
        return content
    _unlink(target)
    raise OSError(
        f"Could not fetch a valid {filename} from any mirror:\n  "
        + "\n  ".join(failures)
    )


def _unlink(path):
    try:
        Path(path).unlink(missing_ok=True)
    except OSError:  # a read-only data home: the caller still reports failure
        pass
