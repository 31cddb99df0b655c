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
