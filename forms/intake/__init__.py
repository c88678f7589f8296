"""Intake: taking one submission from the web and answering it, in the order DESIGN.md fixes.

Lives here: the HTTP API (`api`), reading a body within its limit (`body`), anti-spam
(`antispam`, `replay`), rate limits (`ratelimit`, `windows`, `daily_salts`), CORS (`cors`),
security headers (`security_headers`), error answers as JSON or HTML (`errors`, `html`), request
ids (`request_ids`), log lines without personal data (`logs`) and the OpenAPI document
(`openapi`).
May use: `forms.storage`, `forms.definitions` and the ground floor; never the office.
"""
