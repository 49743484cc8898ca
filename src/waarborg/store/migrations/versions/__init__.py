"""One file per migration, applied in order of their ``down_revision`` links."""
