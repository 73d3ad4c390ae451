"""The LSO and MRT pages. Every view declares its policy (see lvv/access/decorators.py)."""
