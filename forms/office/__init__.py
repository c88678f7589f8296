"""The office: what staff run on stored entries, as `flask --app forms ...` commands.

Lives here: the commands (`commands`, `commands_data`), mail delivery from the outbox
(`delivery`, `mailer`, `mail_transport`), CSV export (`export`), auditable draws (`draws`,
`raffle`), retention and erasure (`retention`) and statistics (`stats`).
May use: `forms.storage`, `forms.definitions` and the ground floor; never intake.
"""
