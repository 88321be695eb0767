"""Stock: documents (documents.py), requisitions and stocktakes (their own modules); every
action one server function call (docs/stock.md), retried on a deadlock (_retry.py)."""
