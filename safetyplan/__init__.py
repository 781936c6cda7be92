"""A private, offline planner kept in an encrypted file."""

__version__ = "0.1.0"
