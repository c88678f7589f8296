"""Storage: where a submission and the mails it causes are kept until the office is done.

Lives here: engines and connections (`db`), the tables (`tables`) and their Alembic
migrations (`migrate`, `migrations/`), SQLite group commit (`group_commit`), writing an entry
with its outbox rows in one transaction (`entries`), composing those rows (`outbox`) and
finding everything stored about one address (`person`, for access and erasure).
May use: `forms.definitions` and the ground floor; never intake or office.
"""
