"""Read-only use cases: the pages' content (a delegation's answers, the overview) and the compilation.

This __init__ imports nothing: each module is imported by its own name.
"""
