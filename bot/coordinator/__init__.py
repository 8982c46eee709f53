"""The Secretariat's use cases: rounds (create, open, extend, close, remind, invite), the follow-up,
contacts, the registry of stakeholders, sign-in by link.

This __init__ imports nothing: each module is imported by its own name.
"""
