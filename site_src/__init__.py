"""Turn the editors' content into the Smart Kassel site; all but mkdocs_adapter is engine-free."""
