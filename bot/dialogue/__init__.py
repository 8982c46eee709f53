"""The delegate's dialogue: the answering use case, its screens, reading what a person typed, what
they saw, and what a use case knows of the message it serves.

This __init__ imports nothing: each module is imported by its own name.
"""
