"""Quality gates over a built site: links, HTML validity, contrast, accessibility and weight."""
