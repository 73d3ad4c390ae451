"""LVV case management and national monitor."""
