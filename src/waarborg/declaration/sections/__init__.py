"""The sections of the privacy statement, one module per theme."""
