"""The site's identity files: mark and wordmark, favicons, web manifest and share images."""
