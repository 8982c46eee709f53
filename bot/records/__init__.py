"""What the record holds and what is counted from it: the export's sheets, a round's status report,
the digest's figures, and text any XML document can hold.

This __init__ imports nothing: each module is imported by its own name.
"""
