"""The chair's figures moved to the `evaluation.figures` package (one module per part). This
name is kept for importers outside the evaluation app (tests/test_records.py and the chair's
browser journey); new code imports `evaluation.figures`."""

from .figures import *  # noqa: F403
from .figures import __all__  # noqa: F401
