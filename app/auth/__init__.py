"""Logging in with Facebook, server-side sessions and the age question."""
