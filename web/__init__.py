"""The web desk (Flask)."""
