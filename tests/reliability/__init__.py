"""Reliability: `consultbot run` as a real process, killed, flooded with redeliveries, cut off from its database."""
