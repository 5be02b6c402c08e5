"""Feedback views."""
