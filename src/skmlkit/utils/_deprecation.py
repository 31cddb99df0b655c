"""Deprecation helpers: old calls keep working for one release, with a FutureWarning."""

import functools
import inspect
import warnings

# The release in which what is deprecated now stops working.
REMOVAL_VERSION = "0.3"


def positional_args_deprecated(init):
    """Let a keyword-only ``__init__`` still take positional arguments, with a warning.

    For constructors that used to take positional arguments: extra positional
    arguments are passed on as the keyword-only parameters they stand for, and
    a :class:`FutureWarning` says how to write the call.
    """
    names = [
        name
        for name, parameter in inspect.signature(init).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
    ]

    @functools.wraps(init)
    def wrapper(self, *args, **kwargs):
        if args:
            if len(args) > len(names):
                raise TypeError(
                    f"{type(self).__name__}() takes at most {len(names)} "
                    f"arguments, got {len(args)} positional ones."
                )
            given = dict(zip(names, args, strict=False))
            call = ", ".join(f"{name}={value!r}" for name, value in given.items())
            warnings.warn(
                f"Passing {', '.join(given)} to {type(self).__name__} by position "
                f"is deprecated and is an error from skmlkit {REMOVAL_VERSION}: "
                f"write {type(self).__name__}({call}).",
                FutureWarning,
                stacklevel=2,
            )
            kwargs = {**given, **kwargs}
        init(self, **kwargs)

    return wrapper


def size_renamed_to_n_samples(old, cells=None):
    """Let a generator sized by ``old`` (per cell, or in total) take ``n_samples``.

    ``n_samples`` is the total number of samples. The old keyword ``old``
    and a size passed by position keep their meaning for one release, with a
    :class:`FutureWarning` that gives the equivalent ``n_samples``. ``cells``,
    when given, maps the call's keyword arguments to the number of cells the
    old per-cell size was multiplied by (so that old calls make the same
    samples); without it the old size was already a total.
    """

    def decorate(func):
        positional = [
            name
            for name, parameter in inspect.signature(func).parameters.items()
            if parameter.kind is inspect.Parameter.POSITIONAL_ONLY
            or parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        ]
        n_data = positional.index("n_samples")

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            per_cell = cells is not None and len(args) > n_data
            if old in kwargs or per_cell:
                if len(args) > n_data + 1:
                    raise TypeError(
                        f"{func.__name__}() takes at most {n_data + 1} "
                        f"positional arguments, got {len(args)}."
                    )
                if per_cell and old in kwargs:
                    raise TypeError(f"{func.__name__}() got two sizes.")
                size = args[n_data] if per_cell else kwargs.pop(old)
                if "n_samples" in kwargs:
                    raise TypeError(
                        f"{func.__name__}() got both n_samples and {old}; "
                        "give n_samples only."
                    )
                total = size * (1 if cells is None else cells(kwargs))
                how = "by position" if per_cell else f"as {old}="
                warnings.warn(
                    f"Passing the size of {func.__name__}() {how} is deprecated "
                    f"and is an error from skmlkit {REMOVAL_VERSION}: write "
                    f"n_samples={total} (the total number of samples).",
                    FutureWarning,
                    stacklevel=2,
                )
                args = args[:n_data]
                kwargs["n_samples"] = total
            return func(*args, **kwargs)

        return wrapper

    return decorate


def renamed_parameter(old, new):
    """Let a function whose parameter ``old`` is now ``new`` take the old name.

    The old keyword works for one release, with a :class:`FutureWarning`
    that gives the new name; passing both is a TypeError.
    """

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if old in kwargs:
                if new in kwargs:
                    raise TypeError(
                        f"{func.__name__}() got both {new} and {old}; give {new} only."
                    )
                warnings.warn(
                    f"{func.__name__}({old}=...) is deprecated and is an error from "
                    f"skmlkit {REMOVAL_VERSION}: write {new}=... (same meaning).",
                    FutureWarning,
                    stacklevel=2,
                )
                kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return wrapper

    return decorate
