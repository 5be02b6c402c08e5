"""Api views."""
