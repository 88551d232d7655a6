"""The harvest as files: Markdown, CSV, JSON, Word, and the moderation log."""
