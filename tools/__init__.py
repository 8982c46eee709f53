"""Maintenance scripts: the translations check and the English catalogue."""
