"""Facebook views."""
