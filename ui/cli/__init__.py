"""The `fieldguide` command line: the top layer, which may import every other package."""
