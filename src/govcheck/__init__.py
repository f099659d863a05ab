"""govcheck: a deterministic, offline compliance linter for 政府信息公开工作年度报告."""

__version__ = "0.1.0"

# Not ``typing.TYPE_CHECKING``: importing typing would make ``import govcheck``
# slower for every command, and type checkers read this spelling too.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from govcheck.api import check

__all__ = ["__version__", "check"]


def __getattr__(name: str) -> object:
    """``govcheck.check`` is imported on first use, so ``import govcheck`` stays cheap."""
    if name == "check":
        from govcheck.api import check

        return check
    raise AttributeError(f"module 'govcheck' has no attribute {name!r}")
