"""tqcheck: find machine-translation artifacts, explain them, score paragraphs and documents."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tqcheck")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
