"""Waarborg: privacy operations as code for organisations under the GDPR (AVG)."""

__version__ = "0.1.0.dev0"
