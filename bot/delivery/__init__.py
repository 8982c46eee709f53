"""Getting what the outbox holds to the platforms: the dispatcher, the stored form of a reply,
the one retry policy, the counters for /metrics.

This __init__ imports nothing: each module is imported by its own name.
"""
