"""Comments views."""
