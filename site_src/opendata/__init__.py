"""Open data: the JSON Feed of the news and the versioned documents under /api/v1/."""
