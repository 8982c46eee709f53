"""Translations of the English catalogue (`bot.catalogue.EN`), one module per language, turned into .po files."""
