"""Where the scanner reads: text (a file or standard input), files and folders (CSV,
JSON, JSON Lines and any other text), and SQL databases."""
