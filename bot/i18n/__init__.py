"""What people read, in their language and time zone: the catalogue of texts and its translations,
dates and numbers, working hours, a round's own text in the reader's language.

This __init__ imports nothing: each module is imported by its own name.
"""
