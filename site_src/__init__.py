"""Turn the editors' content into the Smart Kassel site; engine-independent except mkdocs_adapter."""
