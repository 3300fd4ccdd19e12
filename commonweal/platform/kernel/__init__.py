"""The platform's kernel: what every app stands on and that knows no app.

Errors and the text rule, the GraphQL plumbing (the mutation helper, permissions, limits, ids),
the database and the job queue, settings, and the vocabulary of roles. It imports nothing of
accounts, the audit log, notifications or any domain app (import-linter's `platform-layers`
contract); where it needs an answer only accounts can give, such as a member's roles, it asks
through a setting or a signal, as Django itself does for the user model.
"""
