"""Privacy views."""
