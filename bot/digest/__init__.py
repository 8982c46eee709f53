"""The weekly digest: what a senior official reads in two minutes, computed from stored figures.

bot.records.digest_values holds the values (below bot.ports, which returns some of them);
compute.py and changes.py build them (pure); compose.py runs the use cases in a unit of work
(the scheduler's `compose`, previews, `--send`) and keeps the snapshots;
chat.py (with sections.py, lists.py, words.py), markdown.py and figures.py render a digest for chat,
for terminals and files, and as JSON. The chart is drawn outside the core (bot.ports.Chart).

This __init__ imports nothing: bot/ports.py imports bot.records.digest_values, and compose.py imports
bot.ports.
"""
