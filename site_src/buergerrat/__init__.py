"""The Bürgerrat page: the announced seed and the published draw, from the office's data files."""
