"""A strict reader for the IDX format of the MNIST files.

An IDX file is a 4-byte magic number (two zero bytes, a dtype code, the
number of dimensions), one big-endian uint32 size per dimension, then the
data in C order. Files may be gzip-compressed.
"""

import gzip
import io
import struct
import zlib
from pathlib import Path

import numpy as np

# IDX dtype codes (big-endian on disk).
IDX_DTYPES = {
    0x08: np.dtype("u1"),
    0x09: np.dtype("i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
GZIP_MAGIC = b"\x1f\x8b"


def read_idx_bytes(path):
    """Return the uncompressed bytes of an IDX file, gzipped or raw.

    Parameters
    ----------
    path : str or path-like
        File to read.

    Returns
    -------
    content : bytes
        The IDX payload, decompressed when the file is gzipped.
    """
    path = Path(path)
    raw = path.read_bytes()
    if not raw.startswith(GZIP_MAGIC):
        return raw
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as f:
            return f.read()
    except (EOFError, OSError, zlib.error) as exc:
        raise ValueError(
            f"{path} is a corrupt or truncated gzip file ({exc}); delete it and "
            "fetch it again."
        ) from exc


def parse_idx(content, name="IDX data"):
    """Parse IDX bytes into an array, checking every header field.

    Parameters
    ----------
    content : bytes
        Uncompressed IDX content.
    name : str, default="IDX data"
        Name used in error messages (usually the file name).

    Returns
    -------
    array : ndarray
        The data with the dimensions of the header, in native byte order.

    Raises
    ------
    ValueError
        If the magic number, dtype code, dimensions or data length are wrong.
    """
    if len(content) < 4:
        raise ValueError(
            f"{name}: {len(content)} bytes is too short for an IDX header."
        )
    zeros, code, ndim = content[:2], content[2], content[3]
    if zeros != b"\x00\x00":
        raise ValueError(
            f"{name}: bad IDX magic number 0x{content[:4].hex()}; the first two "
            "bytes must be zero. Is this an IDX file?"
        )
    if code not in IDX_DTYPES:
        raise ValueError(
            f"{name}: unknown IDX dtype code 0x{code:02x}; expected one of "
            f"{', '.join(f'0x{c:02x}' for c in IDX_DTYPES)}."
        )
    if ndim == 0:
        raise ValueError(f"{name}: IDX header declares 0 dimensions.")
    header_size = 4 + 4 * ndim
    if len(content) < header_size:
        raise ValueError(
            f"{name}: truncated IDX header: {ndim} dimensions need {header_size} "
            f"bytes, the file has {len(content)}."
        )
    shape = struct.unpack(f">{ndim}I", content[4:header_size])
    dtype = IDX_DTYPES[code]
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    actual = len(content) - header_size
    if actual != expected:
        kind = "truncated" if actual < expected else "has trailing bytes"
        raise ValueError(
            f"{name}: IDX data {kind}: shape {shape} of {dtype.name} needs "
            f"{expected} bytes, found {actual}."
        )
    data = np.frombuffer(content, dtype=dtype, offset=header_size).reshape(shape)
    return data.astype(dtype.newbyteorder("="), copy=True)


def read_idx(path):
    """Read an IDX file (gzipped or raw) into a NumPy array.

    Parameters
    ----------
    path : str or path-like
        Path of the IDX file, for example ``train-images-idx3-ubyte.gz``.

    Returns
    -------
    array : ndarray
        Array with the shape and dtype given by the file header.

    Raises
    ------
    ValueError
        If the file is not a well-formed IDX file: wrong magic number,
        unknown dtype code, truncated header or data, trailing bytes, or a
        corrupt gzip stream.

    Examples
    --------
    >>> import numpy as np, tempfile, os
    >>> from skmlkit.datasets import read_idx
    >>> path = os.path.join(tempfile.mkdtemp(), "labels-idx1-ubyte")
    >>> with open(path, "wb") as f:
    ...     _ = f.write(bytes([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 2, 1]))
    >>> read_idx(path)
    array([7, 2, 1], dtype=uint8)
    """
    return parse_idx(read_idx_bytes(path), name=Path(path).name)
