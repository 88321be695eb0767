"""Front desk screens: intake, one ticket, the ticket list, the status board."""
