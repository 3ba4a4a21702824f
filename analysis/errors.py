"""The error types of the analysis package.

Every error derives from :class:`AnalysisError` and also from the builtin that
describes it best, so callers can catch either ours or the builtin.
"""

from __future__ import annotations


class AnalysisError(Exception):
    """Root of every error this package raises on purpose."""


class InputError(AnalysisError, ValueError):
    """A file or record cannot be turned into a document (the reason says why)."""


class FileTooLargeError(InputError):
    """A file is larger than the configured limit."""


class DecodingError(InputError, UnicodeError):
    """A file's bytes are not text in any encoding we can detect."""


class ModelNotFoundError(AnalysisError, LookupError):
    """The configured spaCy model is not installed or cannot be loaded."""


class SettingsError(AnalysisError, ValueError):
    """A setting has a value outside what is allowed."""


class TablesError(AnalysisError, ValueError):
    """A table does not match the data contract, or stored tables cannot be read."""


class CacheError(AnalysisError, OSError):
    """The per-document result cache cannot be opened, read or written."""
