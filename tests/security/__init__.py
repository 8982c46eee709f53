"""Security: hostile input (a data-driven corpus), the authorisation matrix, secrets in logs, the audit trail."""
