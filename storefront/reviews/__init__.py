"""Reviews from real buyers: a delivered order line, rated 1 to 5 with a short text."""
