"""Portal."""
