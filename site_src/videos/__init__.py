"""Smart Kassel Night recordings: schema, validation and page sources, free of any site engine."""
