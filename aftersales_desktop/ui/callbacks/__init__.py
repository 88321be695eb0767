"""The callback screens (回访, issue 13): the due list, surveys, complaints, inquiries,
statistics. Import the submodules; nothing is re-exported here."""
