"""Checker rules, one module per theme. Each module registers its rules on import."""
