"""Dictionary files of the extraction stage (see build_dictionaries.py for how they are made)."""
