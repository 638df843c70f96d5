"""Matching accused products against the catalogue of listed products, precision first."""
