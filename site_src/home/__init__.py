"""The front page: hero, field tiles, call to action and video teaser, read from front matter.

An editor changes the home page in content/index.md's front matter (`hero`, `tiles`,
`mitmachen`, `video`); the news cards and dates come from `latest_news` and `next_events`.
"""
