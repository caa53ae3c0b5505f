"""Deterministic, Django-free generators of realistic Chinese demo content."""
