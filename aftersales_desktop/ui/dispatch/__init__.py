"""Dispatch screens (issue 12): the dispatch board (F4) and its assign dialog, the
technician's own jobs, the work report, the review queue and the dispatch sheet."""
