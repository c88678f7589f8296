"""Dates in the districts: schema, pages, calendars and their JSON-LD."""
