"""Slack: Bolt's AsyncApp over HTTP (POST /slack/events) or Socket Mode, and the Sender for pushes."""

from adapters.slack.app import SlackChannel
from adapters.slack.sender import SlackSender

__all__ = ["SlackChannel", "SlackSender"]
