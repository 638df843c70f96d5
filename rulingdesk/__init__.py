"""rulingdesk: from patent rulings to procurement notices (the CLI and the data folder)."""

__version__ = "0.1.0"
