"""Models of the delivery app."""
