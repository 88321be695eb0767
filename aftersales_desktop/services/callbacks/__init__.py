"""Callbacks (回访), surveys, complaints and inquiries: one module per part (tasks,
complaints, inquiries, ...), imported by their own names; nothing is re-exported here."""
