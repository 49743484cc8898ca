"""Data-subject requests: deadlines, the workflow, and each right executed."""
