"""Maintenance scripts: the translations check, the English catalogue, the regrouping of bot/."""
