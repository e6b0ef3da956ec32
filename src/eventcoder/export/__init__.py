"""Write extraction results as JSON, JSON lines, ACLED-style CSV or a readable table."""
