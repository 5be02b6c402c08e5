"""Guardian views."""
