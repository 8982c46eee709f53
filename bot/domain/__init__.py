"""The vocabulary of the core: its values, its errors, who a round is for, the buttons' actions.

This __init__ imports nothing: each module is imported by its own name.
"""
