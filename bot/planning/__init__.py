"""What the passing of time changes: the planner's passes and the scheduler's ticks.

This __init__ imports nothing: each module is imported by its own name.
"""
