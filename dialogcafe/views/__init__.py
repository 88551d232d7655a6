"""The read side: every payload and snapshot a screen or an API client receives."""
