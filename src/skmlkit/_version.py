"""Version of the skmlkit package."""

__version__ = "0.1.0"
