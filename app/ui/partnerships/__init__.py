"""The partnerships page: the list with its details and results, the conclusion, and the
criteria sets with their editor."""
