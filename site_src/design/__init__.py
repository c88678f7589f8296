"""The site's look: KERN UX design tokens from node_modules and the city's colours as CSS."""
