"""How a generator shares its ``n_samples`` between the cells it loops over."""

from numbers import Integral


def cell_sizes(n_samples, n_cells):
    """Split ``n_samples`` over ``n_cells`` as evenly as possible, first cells first.

    >>> cell_sizes(7, 3)
    [3, 2, 2]
    """
    if isinstance(n_samples, bool) or not isinstance(n_samples, Integral):
        raise TypeError(f"n_samples must be an int, got {n_samples!r}.")
    if n_samples < 1:
        raise ValueError(f"n_samples must be at least 1, got {n_samples}.")
    if n_cells < 1:
        raise ValueError("There must be at least one cell to fill.")
    share, extra = divmod(int(n_samples), n_cells)
    return [share + (cell < extra) for cell in range(n_cells)]
