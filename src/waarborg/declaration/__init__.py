"""The declaration: model, loader, checker, and what is published from it."""
