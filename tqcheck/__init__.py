"""tqcheck: find machine-translation artifacts, explain them, score paragraphs and documents."""

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # Looked up on first use: importlib.metadata costs ~30 ms of start-up that `tqcheck check`
    # with a text report never needs.
    if name != "__version__":
        raise AttributeError(f"module 'tqcheck' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("tqcheck")
    except PackageNotFoundError:  # running from a source tree that was never installed
        value = "0.0.0"
    globals()["__version__"] = value
    return value
