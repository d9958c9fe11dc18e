"""Golden Thread: open-source performance management for UK councils."""

__version__ = "0.1.0"
