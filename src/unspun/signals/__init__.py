"""Content-farm signals per document, and per site statistics with an explainable farm score."""

from .rules import SIGNALS, SignalRule

__all__ = ["SIGNALS", "SignalRule"]
