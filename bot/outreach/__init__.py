"""Reaching people: invitation codes, e-mails to contacts, and the pushes (invitations, reminders)
a change writes to the outbox.

This __init__ imports nothing: each module is imported by its own name.
"""
