"""One module per feature; each exposes click commands that app/cli.py registers."""
